"""Screenshot comparisons on a page that moves: a CSS animation that never ends, a 3 s
transition, a blinking caret, a spinner that stops and a clock that ticks every 37 ms."""

from __future__ import annotations

import contextvars
import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from e2e import Baselines, BasePage, Locator, ScreenshotMismatch

CLOCK = Locator(By.ID, "clock", "clock")
CARD = Locator(By.ID, "card", "card")
DOT = Locator(By.ID, "dot", "dot")


def _page(driver, base_url: str, folder: Path, *, update: bool = False) -> BasePage:
    artifacts = folder / "artifacts"
    return BasePage(driver, base_url, baselines=Baselines(folder / "b", update, artifacts))


def _show_dot(driver, left: int, top: int) -> None:
    driver.execute_script(
        "var d = document.getElementById('dot'); d.style.display = 'block';"
        "d.style.left = arguments[0] + 'px'; d.style.top = arguments[1] + 'px';",
        left,
        top,
    )


def test_a_missing_baseline_fails_and_says_how_to_create_it(open_page, base_url, tmp_path):
    page = _page(open_page("visual.html"), base_url, tmp_path)
    with pytest.raises(ScreenshotMismatch) as caught:
        page.expect_viewport().to_match_screenshot("first", mask=[CLOCK])
    message = str(caught.value)
    assert "No baseline for the viewport as 'first.png'" in message
    assert str(tmp_path / "b" / "first.png") in message
    assert "pytest --update-snapshots" in message
    assert (tmp_path / "artifacts" / "first-actual.png").exists()
    assert not (tmp_path / "b" / "first.png").exists()  # never written silently


def test_update_writes_the_baseline_and_the_next_shot_matches(open_page, base_url, tmp_path):
    driver = open_page("visual.html")
    _page(driver, base_url, tmp_path, update=True).expect_viewport().to_match_screenshot(
        "home", mask=[CLOCK]
    )
    assert (tmp_path / "b" / "home.png").stat().st_size > 0
    _page(driver, base_url, tmp_path).expect_viewport().to_match_screenshot("home", mask=[CLOCK])


def test_one_pixel_outside_a_mask_fails_and_inside_one_passes(open_page, base_url, tmp_path):
    driver = open_page("visual.html")
    _page(driver, base_url, tmp_path, update=True).expect_viewport().to_match_screenshot(
        "dot", mask=[CLOCK]
    )
    page = _page(driver, base_url, tmp_path)
    _show_dot(driver, 700, 400)  # one black CSS pixel on white, away from the clock
    ratio = driver.execute_script("return window.devicePixelRatio")
    with pytest.raises(ScreenshotMismatch) as caught:
        page.expect_viewport().to_match_screenshot("dot", mask=[CLOCK])
    changed = int(re.search(r"differs from its baseline in (\d+) pixels", str(caught.value))[1])
    assert changed == round(ratio) ** 2, caught.value
    assert "pytest --update-snapshots" in str(caught.value)
    for kind in ("expected", "actual", "diff"):
        assert (tmp_path / "artifacts" / f"dot-{kind}.png").exists()
    # The same pixel under a mask: the comparison passes.
    page.expect_viewport().to_match_screenshot("dot", mask=[CLOCK, DOT])


def test_an_element_shot_masks_inside_the_element(open_page, base_url, tmp_path):
    driver = open_page("visual.html")
    field = Locator(By.ID, "field", "field")
    _page(driver, base_url, tmp_path, update=True).expect(CARD).to_match_screenshot("card")
    driver.execute_script("document.getElementById('field').value = 'something else'")
    page = _page(driver, base_url, tmp_path)
    with pytest.raises(ScreenshotMismatch, match=r"Locator\('card'.* differs from its baseline"):
        page.expect(CARD).to_match_screenshot("card")
    page.expect(CARD).to_match_screenshot("card", mask=[field])


def test_an_animated_page_matches_100_times_in_a_row(open_page, base_url, tmp_path):
    driver = open_page("visual.html")
    _page(driver, base_url, tmp_path, update=True).expect_viewport().to_match_screenshot(
        "animated", mask=[CLOCK]
    )
    page = _page(driver, base_url, tmp_path)
    for _ in range(100):
        page.expect_viewport().to_match_screenshot("animated", mask=[CLOCK])


def test_a_page_that_never_stops_changing_says_what_to_mask(open_page, base_url, tmp_path):
    page = _page(open_page("visual.html"), base_url, tmp_path)
    page.timeout = 1.0
    with pytest.raises(ScreenshotMismatch) as caught:
        page.expect_viewport().to_match_screenshot("clock")  # the clock is not masked
    assert re.search(
        r"The page kept changing for 1 s after it settled: the last two of \d+ shots differ "
        r"in \d+ pixels\. Mask the region that moves",
        str(caught.value),
    )


def test_a_different_size_is_named(open_page, base_url, tmp_path):
    driver = open_page("visual.html")
    _page(driver, base_url, tmp_path, update=True).expect(CARD).to_match_screenshot("size")
    driver.execute_script("document.getElementById('card').style.width = '200px'")
    with pytest.raises(ScreenshotMismatch, match=r"its baseline \d+x\d+: the window size"):
        _page(driver, base_url, tmp_path).expect(CARD).to_match_screenshot("size")


def test_a_page_object_without_baselines_says_how_to_give_them(open_page, base_url):
    # Outside a pytest test (a script using the library): inside one, the page finds the
    # test's own baselines (tests/plugin/test_report.py).
    page = BasePage(open_page("visual.html"), base_url)
    with pytest.raises(ValueError, match=r"No baseline folder for screenshot 'x': use the"):
        contextvars.Context().run(page.expect_viewport().to_match_screenshot, "x")


@pytest.mark.parametrize("content", [b"", b"not a png at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 40])
def test_a_corrupt_baseline_is_named_and_update_repairs_it(
    open_page, base_url, tmp_path, content: bytes
) -> None:
    """It raised a raw PIL error that did not name the file (issue 32)."""
    driver = open_page("visual.html")
    (tmp_path / "b").mkdir()
    baseline = tmp_path / "b" / "home.png"
    baseline.write_bytes(content)
    with pytest.raises(ScreenshotMismatch) as caught:
        _page(driver, base_url, tmp_path).expect_viewport().to_match_screenshot(
            "home", mask=[CLOCK]
        )
    message = str(caught.value)
    assert f"The baseline {baseline} cannot be read as an image" in message
    assert "pytest --update-snapshots" in message
    _page(driver, base_url, tmp_path, update=True).expect_viewport().to_match_screenshot(
        "home", mask=[CLOCK]
    )
    _page(driver, base_url, tmp_path).expect_viewport().to_match_screenshot("home", mask=[CLOCK])


def test_an_oversized_baseline_is_named_not_decoded(open_page, base_url, tmp_path) -> None:
    """A 'decompression bomb': a small file that claims 50,000 x 50,000 pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 6, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    driver = open_page("visual.html")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "home.png").write_bytes(bomb)
    with pytest.raises(ScreenshotMismatch, match="cannot be read as an image"):
        _page(driver, base_url, tmp_path).expect_viewport().to_match_screenshot(
            "home", mask=[CLOCK]
        )
