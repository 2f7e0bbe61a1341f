"""Windows, tabs and popups: wait for the one an action opens, switch to it, switch back."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from selenium.common.exceptions import NoSuchWindowException
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.waiting.waits import DEFAULT_TIMEOUT, wait_until

__all__ = ["new_window"]


class _Opened:
    def __init__(self, before: set[str]) -> None:
        self.before = before
        self.description = "a new window or tab to open"
        self._count = len(before)

    def __call__(self, driver: WebDriver) -> str | None:
        handles = driver.window_handles
        self._count = len(handles)
        fresh = [h for h in handles if h not in self.before]
        return fresh[0] if fresh else None

    def last_seen(self) -> str:
        return f"still {self._count} window(s), as before the action"


class _Closed:
    def __init__(self, handle: str) -> None:
        self.handle = handle
        self.description = "the popup to close itself"

    def __call__(self, driver: WebDriver) -> bool:
        return self.handle not in driver.window_handles

    def last_seen(self) -> str:
        return "it is still open"


@contextlib.contextmanager
def new_window(
    driver: WebDriver,
    opened_by: Callable[[], object],
    timeout: float = DEFAULT_TIMEOUT,
    *,
    close: bool = False,
    closes_itself: bool = False,
) -> Iterator[str]:
    """Run ``opened_by`` (an action that opens a window, tab or popup), wait for the new
    window, switch to it and yield its handle; afterwards switch back to where it was.

    A popup that closed itself (an "add another" dialog after Save) is fine: the switch
    back does not need it. With ``closes_itself=True`` the block's end waits until it has
    closed (by then its script has done its work in the opener). With ``close=True`` a
    window still open at the end is closed.
    """
    __tracebackhide__ = True
    original = driver.current_window_handle
    before = set(driver.window_handles)
    opened_by()
    handle = wait_until(driver, _Opened(before), timeout, poll=0.02)
    assert handle is not None, "wait_until returns only a truthy value"
    driver.switch_to.window(handle)
    try:
        yield handle
        if closes_itself:
            wait_until(driver, _Closed(handle), timeout, poll=0.02)
    finally:
        if close and handle in driver.window_handles:
            with contextlib.suppress(NoSuchWindowException):
                driver.switch_to.window(handle)
                driver.close()
        driver.switch_to.window(original)
