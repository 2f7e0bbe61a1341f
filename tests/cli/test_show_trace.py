"""``e2e show-trace``: the trace it finds, and the URL where no browser can open."""

from __future__ import annotations

import os
import time
from pathlib import Path


def test_the_newest_trace_under_a_folder_is_printed(e2e, tmp_path: Path) -> None:
    old = tmp_path / "a-call" / "trace.html"
    new = tmp_path / "b-call" / "trace.html"
    for trace in (old, new):
        trace.parent.mkdir()
        trace.write_text("<html></html>")
    past = time.time() - 60
    os.utime(old, (past, past))
    status, out, _ = e2e("show-trace", str(tmp_path), "--print")
    assert status == 0
    assert out.strip() == new.resolve().as_uri()


def test_with_no_display_the_url_is_printed(e2e, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    trace = tmp_path / "trace.html"
    trace.write_text("<html></html>")
    status, out, err = e2e("show-trace", str(trace))
    assert status == 0
    assert out.strip() == trace.resolve().as_uri()
    assert "No display to open a browser on" in err


def test_a_folder_without_traces_says_how_to_keep_them(e2e, tmp_path: Path) -> None:
    status, _, err = e2e("show-trace", str(tmp_path))
    assert status == 2
    assert "no trace.html under" in err
    assert "--tracing on" in err


def test_a_file_that_is_not_a_trace_is_refused(e2e, tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text("<x/>")
    status, _, err = e2e("show-trace", str(tmp_path / "junit.xml"))
    assert status == 2
    assert "is not a trace" in err
