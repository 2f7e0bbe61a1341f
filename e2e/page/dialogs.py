"""JavaScript dialogs: ``alert``, ``confirm`` and ``prompt``."""

from __future__ import annotations

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.alert import Alert
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser.engines import family_of
from e2e.waiting.waits import DEFAULT_TIMEOUT, wait_until

__all__ = ["answer_dialog", "reload"]


class _DialogOpen:
    description = "a JavaScript dialog (alert, confirm or prompt) to open"

    def __call__(self, driver: WebDriver) -> Alert | None:
        try:
            alert = driver.switch_to.alert
            alert.text  # noqa: B018 - raises when no dialog is open
        except NoAlertPresentException:
            return None
        return alert

    def last_seen(self) -> str:
        return "no dialog open"


def answer_dialog(
    driver: WebDriver,
    accept: bool = True,
    prompt: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Wait for a dialog; type ``prompt`` into it (a ``prompt()``), accept or dismiss it.

    Returns the dialog's message, for the test to check.
    """
    __tracebackhide__ = True
    alert = wait_until(driver, _DialogOpen(), timeout, poll=0.02)
    assert alert is not None, "wait_until returns only a truthy value"
    text = alert.text or ""
    if prompt is not None:
        alert.send_keys(prompt)
    if accept:
        alert.accept()
    else:
        alert.dismiss()
    return text


#: Firefox's own prompt on reloading a POST result (English builds); only it is accepted.
_RESEND = "must send information that will repeat"


def reload(driver: WebDriver) -> None:
    """``driver.refresh()``; on Firefox, accept its prompt to send a form's POST again
    (Chromium and WebKit post it again without asking under WebDriver)."""
    driver.refresh()
    if family_of(driver) != "firefox":
        return
    try:
        alert = driver.switch_to.alert
        if _RESEND in (alert.text or ""):
            alert.accept()
    except NoAlertPresentException:
        pass
