"""Each test ends its notebooks' kernels, as a user closes what they opened: the tests of
a worker share one JupyterLab, and kernels left running pile up (on 2 cores, four idle
kernels were enough to keep a fifth from starting in time under -n 2)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _end_kernels(base_url: str) -> Iterator[None]:
    yield
    with urllib.request.urlopen(f"{base_url}/api/sessions", timeout=10) as answer:
        sessions = json.load(answer)
    for session in sessions:
        request = urllib.request.Request(
            f"{base_url}/api/sessions/{session['id']}", method="DELETE"
        )
        with urllib.request.urlopen(request, timeout=30):
            pass
