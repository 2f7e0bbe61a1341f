"""Building a WebDriver from a :class:`~e2e.config.Config`: local or on a Grid."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from selenium.common.exceptions import SessionNotCreatedException, WebDriverException
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base import processes
from e2e.base.bounded_call import Bounded
from e2e.browser import xvfb
from e2e.browser.cdp import chromium_cdp
from e2e.browser.engines import engine_of
from e2e.browser.geckodriver import GeckodriverError
from e2e.browser.launchers import CHROMIUM_FLAGS, launcher_for
from e2e.browser.load_errors import unanswered
from e2e.config import Config
from e2e.waiting.settle import network_script

__all__ = [
    "CHROMIUM_FLAGS",
    "DriverError",
    "GridError",
    "browser_binary",
    "build_driver",
    "find_driver",
    "grid_status",
    "no_browser",
    "unreachable",
]


class DriverError(WebDriverException):
    """No browser or driver could be started; the message says what to install."""


class GridError(DriverError):
    """The Selenium Grid refused or could not be reached; the message says why."""


def find_driver(config: Config) -> str | None:
    """The driver executable to use, or ``None`` to let Selenium Manager decide.

    Raises :class:`DriverError` saying what was looked for when nothing is found.
    """
    engine = engine_of(config.browser)
    name = engine.driver
    if config.driver_path:
        path = Path(config.driver_path).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise DriverError(
                f"--driver-path {config.driver_path!r} is not an executable file; "
                f"point it at {name} or drop the option to search PATH."
            )
        return str(path)
    if config.driver_source in ("auto", "system"):
        found = shutil.which(name)
        if found:
            return found
    launcher = launcher_for(config)
    if launcher.packaged is not None and config.driver_source == "auto":
        try:
            packaged = launcher.packaged()
        except GeckodriverError as exc:
            raise DriverError(str(exc)) from None
        if packaged:
            return packaged
    if config.driver_source == "webdriver-manager":
        return _webdriver_manager(config)
    managed = launcher.selenium_manager
    if managed and config.driver_source in ("auto", "selenium-manager"):
        offline = config.driver_source == "auto"
        found = _selenium_manager(config, offline=offline)
        if found:
            return found
    looked = [f"{name} on PATH"] if config.driver_source in ("auto", "system") else []
    if launcher.packaged is not None and config.driver_source == "auto":
        looked.append(launcher.packaged_name)
    if managed and config.driver_source in ("auto", "selenium-manager"):
        looked.append("Selenium Manager's cache")
    also = (
        ", or use --driver-source selenium-manager to let Selenium download one" if managed else ""
    )
    raise DriverError(
        f"No {name} found for --browser {config.browser} (looked for: {', '.join(looked)}). "
        f"Install it ({engine.install}) or pass --driver-path{also}."
    )


def _selenium_manager(config: Config, *, offline: bool) -> str | None:
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    browser = {"chromium": "chrome", "edge": "MicrosoftEdge"}.get(config.browser, config.browser)
    args = ["--browser", browser, "--avoid-stats"]
    if offline:
        args.append("--offline")
    if config.browser_binary:
        args += ["--browser-path", config.browser_binary]
    try:
        paths = SeleniumManager().binary_paths(args)
    except WebDriverException:
        return None
    driver = paths.get("driver_path")
    return str(driver) if driver else None


def _webdriver_manager(config: Config) -> str:
    module, manager = {
        "firefox": ("webdriver_manager.firefox", "GeckoDriverManager"),
        "edge": ("webdriver_manager.microsoft", "EdgeChromiumDriverManager"),
    }.get(config.browser, ("webdriver_manager.chrome", "ChromeDriverManager"))
    try:
        found = importlib.import_module(module)
    except ImportError as exc:
        raise DriverError(
            "--driver-source webdriver-manager needs the optional extra: "
            "pip install 'pagewright-e2e[webdriver-manager]'"
        ) from exc
    return str(getattr(found, manager)().install())


HEADLESS_SHELL = "chromium-headless-shell"
#: Debian's /usr/bin/chromium-headless-shell is a shell script that runs this binary as a
#: child (no exec): the binary itself is started, so that the driver's child is the browser.
_HEADLESS_SHELL_BINARIES = ("/usr/lib/chromium/chromium-headless-shell",)


def _headless_shell() -> str | None:
    for candidate in _HEADLESS_SHELL_BINARIES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which(HEADLESS_SHELL)


def uses_headless_shell(config: Config) -> bool:
    """Whether this configuration runs Chromium's headless shell (see --headless-shell)."""
    if config.headless_shell == "off" or config.browser_binary or config.grid_url:
        return False
    if not (config.headless and config.browser in ("chrome", "chromium")):
        if config.headless_shell == "on":
            raise DriverError(
                f"--headless-shell on needs a headless Chrome or Chromium run, not "
                f"--browser {config.browser}{'' if config.headless else ' --headed'}."
            )
        return False
    if _headless_shell():
        return True
    if config.headless_shell == "on":
        raise DriverError(
            f"--headless-shell on, but {HEADLESS_SHELL} is not on PATH: install it "
            f"(Debian: apt-get install {HEADLESS_SHELL}) or use --headless-shell auto."
        )
    return False


def browser_binary(config: Config) -> str | None:
    if uses_headless_shell(config):
        return _headless_shell()
    if config.browser_binary:
        if not Path(config.browser_binary).expanduser().is_file():
            raise DriverError(
                f"--browser-binary {config.browser_binary!r} does not exist; "
                "point it at the browser executable or drop the option."
            )
        return config.browser_binary
    for name in engine_of(config.browser).browsers:
        if os.path.isabs(name):
            if Path(name).is_file() and os.access(name, os.X_OK):
                return name
            continue
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_options(config: Config) -> ArgOptions:
    """The options for ``config.browser``: headless, window size, quiet, capabilities."""
    engine = engine_of(config.browser)
    options = launcher_for(config).options(config)
    if not config.grid_url:
        binary = browser_binary(config)
        if binary and hasattr(options, "binary_location"):
            options.binary_location = binary
    # WebDriver BiDi: a user context per test (e2e.browser.isolation) and a trace's network
    # events on Firefox and through a Grid. Local Chromium does both through CDP instead
    # and leaves BiDi off, so chromedriver does not start its BiDi mapper (a hidden tab
    # of about 70 MiB, and a detour for every BiDi command). A capability given on the
    # command line (webSocketUrl=true or false) wins.
    # WebKitWebDriver refuses a session that names webSocketUrl at all (even false).
    if engine.bidi:
        options.enable_bidi = not (config.is_chromium_family and not config.grid_url)
    # With BiDi, the default prompt handler dismisses alert/confirm/prompt the moment they
    # open; "ignore" leaves them open for the page object to answer (accept_dialog).
    options.set_capability("unhandledPromptBehavior", "ignore")
    for key, value in config.capabilities.items():
        options.set_capability(key, value)
    return options


def no_browser(config: Config) -> str:
    """The sentence for a browser not found where ``config.browser``'s engine looks."""
    engine = engine_of(config.browser)
    return (
        f"No {engine.label} found for --browser {config.browser} (looked for "
        f"{', '.join(engine.browsers)}). Install one ({engine.install}) or pass "
        "--browser-binary."
    )


def build_driver(config: Config) -> WebDriver:
    """Start a browser as ``config`` says; raise a clear error when it cannot."""
    options = browser_options(config)
    if config.grid_url:
        return _remote(config, options)
    engine = engine_of(config.browser)
    unsupported = engine.unsupported_here()
    if unsupported:
        raise DriverError(unsupported)
    if not engine.found_by_driver and browser_binary(config) is None:
        raise DriverError(no_browser(config))
    screen = _display(config)
    path = find_driver(config)
    launcher = launcher_for(config)
    driver_class, service_class = launcher.classes(config)
    # The tag goes to the driver and, through it, to the browser and its helpers: what
    # is left of them after the driver is gone is found by it (e2e.base.processes).
    tag = processes.browser_tag()
    profile = Path(tempfile.mkdtemp(prefix="e2e-profile-"))
    env = {**os.environ, "SE_AVOID_STATS": "true", processes.TAG_VARIABLE: tag}
    if screen is not None:
        env["DISPLAY"] = screen
    launcher.prepare(options, env, profile)
    service = service_class(executable_path=path, env=env)
    browser = processes.BrowserGuard.start(tag, profile)
    try:
        driver = _started_within(
            lambda: driver_class(options=options, service=service), browser, config, path
        )
    except DriverError:  # it did not start in time: said, and released, already
        raise
    except (SessionNotCreatedException, WebDriverException) as exc:
        browser.release()
        first = (exc.msg or str(exc)).strip().splitlines()[0] if (exc.msg or str(exc)) else ""
        raise DriverError(_start_failure(config, path, first)) from None
    except BaseException:
        browser.release()
        raise
    processes.guard(driver, browser)
    launcher.started(driver, config, profile)
    _count_network_from_document_start(driver)  # Chromium only (chromium_cdp)
    return driver


def _display(config: Config) -> str | None:
    """The X display an engine with no headless mode of its own (WebKitGTK) runs on:
    a virtual one with ``--headless``, else the user's; ``None`` for the others."""
    engine = engine_of(config.browser)
    if engine.own_headless:
        return None
    if config.headless:
        try:
            return xvfb.virtual_display(config.window_size, config.browser)
        except xvfb.DisplayError as exc:
            raise DriverError(str(exc)) from None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise DriverError(
            f"--browser {config.browser} --headed needs a display and DISPLAY is not set: "
            "use --headless (it then runs on a virtual display) or run under one."
        )
    return None


#: How long a local browser may take to start (its driver, then a session). A start
#: takes 1 to 3 s here; one that hangs (a browser that never comes up under its driver)
#: would otherwise hold its test for ever: Selenium's HTTP client has no timeout.
START_SECONDS = 90.0


def _started_within(
    start: Callable[[], WebDriver],
    browser: processes.BrowserGuard,
    config: Config,
    path: str | None,
) -> WebDriver:
    """``start()``, given :data:`START_SECONDS`; past that, the driver and browser are
    killed by their tag (which ends the request waiting on them) and the error says so."""
    starting = Bounded(start, "e2e-start-browser")
    on_display = not engine_of(config.browser).own_headless and config.headless
    deadline = time.monotonic() + START_SECONDS
    while not starting.wait(min(0.5, max(0.0, deadline - time.monotonic()))):
        if on_display and xvfb.alive() is False:
            browser.release()
            raise DriverError(
                f"The X display (Xvfb) died while {engine_of(config.browser).label} started "
                "on it; the next start gets a new one"
            )
        if time.monotonic() >= deadline:
            break
    if not starting.wait(0):
        browser.release()  # kills the driver and the browser: the request fails, the thread ends
        if starting.wait(5) and starting.error is None:  # it came up in the last instant
            with contextlib.suppress(Exception):
                starting.result().quit()
        raise DriverError(
            f"{engine_of(config.browser).label} did not start within {START_SECONDS:g} s "
            f"(driver: {path or 'from Selenium Manager'}): its driver and browser were "
            "killed. Start it by hand with the same driver to see where it stops; on a "
            "loaded machine, run fewer workers."
        )
    return starting.result()


def _start_failure(config: Config, path: str | None, first: str) -> str:
    """One sentence for a browser that would not start, saying what to do."""
    lowered = first.lower()
    start = f"Could not start {config.browser} with {path or 'Selenium Manager'}: {first}."
    if "display" in lowered or "x server" in lowered:
        return (
            f"{start} A headed browser needs a display: use --headless, or run under a "
            "virtual one (`xvfb-run pytest ...`)."
        )
    if "capabilit" in lowered or "invalid argument" in lowered:
        return f"{start} The driver refused the capabilities asked for: check --capability."
    if "binary" in lowered:
        return f"{start} Point --browser-binary at the browser executable."
    versions = launcher_for(config).versions
    return f"{start} Check that the browser and driver versions match ({versions})."


def _count_network_from_document_start(driver: WebDriver) -> None:
    """On Chromium, count XHR/fetch from the first byte of every page (see waits)."""
    execute_cdp = chromium_cdp(driver)
    if execute_cdp is not None:
        execute_cdp("Page.addScriptToEvaluateOnNewDocument", {"source": network_script()})


def unreachable(url: str, timeout: float = 10.0) -> str | None:
    """``None`` when something answers at ``url`` (any HTTP status), else what went wrong."""
    reason = unanswered(url, timeout)
    if reason is None:
        return None
    return (
        f"The base URL {url} is unreachable ({reason}). Start the application, "
        "or fix --base-url (or base_url in the pytest ini file)."
    )


def grid_status(grid_url: str, timeout: float = 5.0) -> dict[str, object]:
    """The Grid's ``/status`` answer; :class:`GridError` when it cannot be reached."""
    url = grid_url.rstrip("/") + "/status"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        raise GridError(
            f"{grid_url} answers, but it is not a Selenium Grid: GET /status gave HTTP "
            f"{exc.code}. Check --grid-url (a Grid's address is its hub or standalone "
            "server, e.g. http://127.0.0.1:4444)."
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GridError(
            f"Selenium Grid at {grid_url} is unreachable ({reason}). "
            "Start it (`make grid-start` starts a local one) or fix --grid-url."
        ) from None
    try:
        value = json.loads(body).get("value")
    except (ValueError, AttributeError):
        value = None
    if not isinstance(value, dict) or "ready" not in value:
        raise GridError(
            f"{grid_url} answers, but it is not a Selenium Grid: GET /status did not give "
            "a Grid's status. Check --grid-url (e.g. http://127.0.0.1:4444)."
        )
    return value


def _remote(config: Config, options: ArgOptions) -> WebDriver:
    assert config.grid_url is not None
    status = grid_status(config.grid_url)
    if not status.get("ready", False):
        raise GridError(
            f"Selenium Grid at {config.grid_url} is up but not ready: "
            f"{status.get('message', 'no message')}. Are its nodes registered?"
        )
    try:
        remote = launcher_for(config).remote()
        return remote(command_executor=config.grid_url, options=options)
    except SessionNotCreatedException as exc:
        text = exc.msg or str(exc)
        if "timed out" in text.lower() or "timeout" in text.lower():
            hint = "the session queue timed out: every slot stayed busy; run fewer workers (-n)"
        else:
            hint = "no node offers a slot matching these capabilities"
        raise GridError(
            f"Selenium Grid at {config.grid_url} could not start {config.browser}: {hint}. "
            f"Capabilities asked: {json.dumps(options.capabilities, sort_keys=True)[:500]}. "
            f"Grid said: {text.strip().splitlines()[0] if text.strip() else 'nothing'}"
        ) from exc
