"""The browser engines, one table row each: what is run, what drives it, what to install.

Every difference between engines that the rest of the library needs is read from here
(and the feature × engine table in docs/library.md says which mechanism each uses).
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

__all__ = ["ENGINES", "ENGINE_FAMILIES", "Engine", "engine_of", "family_of"]

#: Where Debian and Ubuntu put WebKitGTK's MiniBrowser (libwebkit2gtk-4.1, then 4.0).
MINIBROWSERS = (
    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
    "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
    "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
    "/usr/libexec/webkit2gtk-4.1/MiniBrowser",
    "/usr/libexec/webkit2gtk-4.0/MiniBrowser",
)


#: The isolation of an engine with no contexts inside one browser: a browser per test.
NEW_BROWSER = "new-browser"


@dataclass(frozen=True)
class Engine:
    """One ``--browser`` choice."""

    name: str
    #: chromium, firefox or webkit: the family whose mechanisms it shares.
    family: str
    #: The driver executable looked for on PATH.
    driver: str
    #: Browser executables looked for: names on PATH, or absolute paths.
    browsers: tuple[str, ...]
    #: What to install when the browser or driver is missing, as one phrase.
    install: str
    #: The browser, as an error message names it.
    label: str = "Chrome or Chromium"
    #: Whether ``--headless`` is the browser's own (WebKitGTK has none: a virtual display).
    own_headless: bool = True
    #: Whether it speaks WebDriver BiDi (a user context per test, console, network).
    bidi: bool = True
    #: How each test gets a clean browser (e2e.browser.isolation): "context" (a browser or user
    #: context inside one browser) or "new-browser" (a browser per test).
    isolation: str = "context"
    #: The operating systems it runs on (``platform.system()``); empty: all of them.
    systems: tuple[str, ...] = ()
    #: Whether its driver finds the browser itself (none is looked for on PATH).
    found_by_driver: bool = False
    #: The launcher (e2e.browser.launchers) when it is not the family's own.
    launcher: str = ""

    def unsupported_here(self) -> str | None:
        """The sentence saying this engine cannot run on this operating system, or None."""
        here = platform.system()
        if not self.systems or here in self.systems:
            return None
        names = {"Darwin": "macOS"}
        systems = " and ".join(names.get(s, s) for s in self.systems)
        return (
            f"--browser {self.name} ({self.label}) runs on {systems} only, and this "
            f"machine runs {names.get(here, here) or 'an unknown system'}; choose another "
            "--browser, or run it on a Selenium Grid node that has it (--grid-url)."
        )


_CHROMIUM_INSTALL = "Debian/Ubuntu: `apt-get install chromium chromium-driver`"
ENGINES: dict[str, Engine] = {
    "chrome": Engine(
        "chrome",
        "chromium",
        "chromedriver",
        ("google-chrome", "google-chrome-stable", "chromium", "chromium-browser"),
        _CHROMIUM_INSTALL,
    ),
    "chromium": Engine(
        "chromium",
        "chromium",
        "chromedriver",
        ("chromium", "chromium-browser", "google-chrome"),
        _CHROMIUM_INSTALL,
    ),
    "firefox": Engine(
        "firefox",
        "firefox",
        "geckodriver",
        ("firefox", "firefox-esr"),
        "Debian: `apt-get install firefox-esr`, and `pip install 'pagewright-e2e[firefox]'` "
        "for geckodriver",
        label="Firefox",
    ),
    "webkit": Engine(
        "webkit",
        "webkit",
        "WebKitWebDriver",
        MINIBROWSERS,
        "Debian/Ubuntu: `apt-get install webkit2gtk-driver xvfb` (WebKitGTK's MiniBrowser)",
        label="WebKitGTK MiniBrowser",
        own_headless=False,
        bidi=False,
        isolation=NEW_BROWSER,
        systems=("Linux",),
    ),
    "edge": Engine(
        "edge",
        "chromium",
        "msedgedriver",
        ("microsoft-edge", "microsoft-edge-stable"),
        "Microsoft Edge and the Edge WebDriver of the same version",
        label="Microsoft Edge",
        found_by_driver=True,
    ),
    # Apple's Safari through safaridriver, which ships with macOS: no headless mode, one
    # session at a time, no BiDi; each test gets a new browser (docs/engines.md).
    "safari": Engine(
        "safari",
        "webkit",
        "safaridriver",
        ("/Applications/Safari.app/Contents/MacOS/Safari",),
        "macOS ships Safari and safaridriver: run `sudo safaridriver --enable` once, and "
        "turn on Develop > Allow Remote Automation",
        label="Safari",
        own_headless=True,
        bidi=False,
        isolation=NEW_BROWSER,
        systems=("Darwin",),
        launcher="safari",
    ),
}


def engine_of(browser: str) -> Engine:
    """The engine of a ``--browser`` name (one of :data:`ENGINES`)."""
    return ENGINES[browser]


_FAMILIES = {
    "chrome": "chromium",
    "chromium": "chromium",
    "chrome-headless-shell": "chromium",
    "MicrosoftEdge": "chromium",
    "msedge": "chromium",
    "firefox": "firefox",
    "MiniBrowser": "webkit",
    "Epiphany": "webkit",
    "webkitgtk": "webkit",
    "Safari": "webkit",
}


#: The engine families a test can name (``@pytest.mark.engines``).
ENGINE_FAMILIES = ("chromium", "firefox", "webkit")


def family_of(driver: object) -> str:
    """chromium, firefox or webkit: the engine of a running driver, from the
    ``browserName`` it answered with (``""`` when unknown)."""
    caps = getattr(driver, "caps", None) or {}
    return _FAMILIES.get(str(caps.get("browserName", "")), "")
