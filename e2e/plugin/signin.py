"""Saved sign-in state in a run: ``--storage-state`` for every test, the
``storage_state`` marker for one, and ``e2e_signed_in``, which signs a role in once per
worker and signs it in again when the application has since revoked it."""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.action_log import ActionLog
from e2e.base.processes import guard_folder
from e2e.checks.accessibility import AxeOptions
from e2e.checks.visual import Baselines
from e2e.config import Config
from e2e.emulation.storage import (
    StorageStateError,
    apply_storage_state,
    load_storage_state,
    save_storage_state,
)
from e2e.page import BasePage
from e2e.page.core import sets_own
from e2e.plugin.pool import Pools
from e2e.plugin.state import test_state

__all__ = ["SignedIn", "e2e_signed_in", "pages_for"]

PageFactory = Callable[[type[Any]], Any]


def pages_for(
    driver: WebDriver,
    base_url: str | None,
    config: Config,
    log: ActionLog,
    downloads: Path | None = None,
    baselines: Baselines | None = None,
    axe: AxeOptions | None = None,
) -> PageFactory:
    """The ``page`` factory: ``page(LoginPage)`` is a page object wired to ``driver``,
    the base URL and the run's timeout, overlays, busy indicators and settle options."""

    def make(page_class: type[BasePage]) -> BasePage:
        kwargs: dict[str, Any] = {}
        if config.overlays and not sets_own(page_class, "overlays"):
            kwargs["overlays"] = config.overlays
        if config.busy and not sets_own(page_class, "busy"):
            kwargs["busy"] = config.busy
        return page_class(
            driver,
            base_url or "",
            timeout=config.timeout,
            log=log,
            downloads=downloads,
            settle_quiet=config.settle_quiet,
            settle_ignore_requests=config.settle_ignore_requests,
            settle_background=config.settle_background,
            baselines=baselines,
            axe=axe or AxeOptions(config.axe_disable),
            **kwargs,
        )

    return make


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect (to the log-in page) is an answer of its own


class SignedIn:
    """One role's saved state in this worker: signed in on first use, checked before
    each test that asks for it when ``still_signed_in`` names a URL, and signed in again
    when that URL no longer answers 2xx with the saved cookies."""

    def __init__(
        self,
        name: str,
        log_in: Callable[[PageFactory], object],
        still_signed_in: str | None,
        signer: _Signer,
    ) -> None:
        self.name = name
        self.log_in = log_in
        self.still_signed_in = still_signed_in
        self.signer = signer
        self.path: Path | None = None
        #: Why the state was signed in again, for the test that saw it (None: it was not).
        self.renewed: str | None = None

    def state(self) -> dict[str, Any]:
        """The state to start a test from: signed in now if it never was, or again if
        the application has revoked it."""
        self.renewed = None
        if self.path is None:
            self.path = self.signer.sign_in(self)
        elif self.still_signed_in:
            problem = self.signer.revoked(self)
            if problem:
                self.renewed = (
                    f"storage state {self.name!r} was signed out by the application since it "
                    f"was saved ({problem}): signed in again"
                )
                self.path = self.signer.sign_in(self)
        return load_storage_state(self.path)


class _Signer:
    def __init__(self, config: Config, pools: Pools, base_url: str | None, folder: Path) -> None:
        self.config = config
        self.pools = pools
        self.base_url = base_url
        self.folder = folder

    def sign_in(self, role: SignedIn) -> Path:
        """Run the role's log-in in a fresh context of the worker's browser; save it."""
        pool = self.pools.usual
        driver = pool.get()
        try:
            role.log_in(self._pages(driver))
            return save_storage_state(driver, self.folder / f"{role.name}.json")
        finally:
            pool.reset()

    def _pages(self, driver: WebDriver) -> PageFactory:
        return pages_for(driver, self.base_url, self.config, ActionLog())

    def revoked(self, role: SignedIn) -> str | None:
        """Why the saved cookies no longer sign in (``None``: they still do)."""
        assert role.path is not None
        assert role.still_signed_in is not None
        url = urljoin((self.base_url or "").rstrip("/") + "/", role.still_signed_in.lstrip("/"))
        host = urlsplit(url).hostname or ""
        cookies = [
            c
            for c in load_storage_state(role.path)["cookies"]
            if host == c["domain"].lstrip(".") or host.endswith("." + c["domain"].lstrip("."))
        ]
        header = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
        request = urllib.request.Request(url, headers={"Cookie": header} if header else {})
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError) as exc:
            return f"GET {url} failed: {getattr(exc, 'reason', exc)}"
        return None if 200 <= status < 300 else f"GET {role.still_signed_in} answered {status}"


@pytest.fixture(scope="session")
def e2e_signed_in(
    pytestconfig: pytest.Config,
    e2e_config: Config,
    _e2e_pool: Pools,
    base_url: str | None,
) -> Iterator[Callable[..., SignedIn]]:
    """``e2e_signed_in("admin", log_in, still_signed_in="/api/me")``: a role that signs in
    once per worker (``log_in(page)`` gets the ``page`` factory of a fresh context) and
    whose saved state starts each test that asks for it by marker
    (``@pytest.mark.storage_state("admin_state")``, naming the fixture that returns it)."""
    folder = Path(tempfile.mkdtemp(prefix="e2e-signed-in-"))  # owner-only, 0700
    # The saved states hold session cookies: gone at the end of the run, also when the
    # run is killed (the guard's watchdog removes the folder then).
    cleanup = guard_folder(folder)
    signer = _Signer(e2e_config, _e2e_pool, base_url, folder)
    roles: dict[str, SignedIn] = {}

    def role(
        name: str,
        log_in: Callable[[PageFactory], object],
        *,
        still_signed_in: str | None = None,
    ) -> SignedIn:
        if name not in roles:
            roles[name] = SignedIn(name, log_in, still_signed_in, signer)
        return roles[name]

    try:
        yield role
    finally:
        cleanup.release()


def storage_state_of(request: pytest.FixtureRequest, config: Config) -> dict[str, Any] | None:
    """The state this test starts from: its ``storage_state`` marker (a path, or the name
    of a fixture that returns a path or an ``e2e_signed_in`` role), else the run's
    ``--storage-state``; ``None`` for none. A bad one fails the test with the reason."""
    marker = request.node.get_closest_marker("storage_state")
    given: Any = config.storage_state
    if marker is not None:
        if len(marker.args) != 1:
            pytest.fail(
                "StorageStateError: @pytest.mark.storage_state takes one name: a file path, "
                "or the name of a fixture that returns one (or an e2e_signed_in role)",
                pytrace=False,
            )
        given = marker.args[0]
    if given is None:
        return None
    problem = None
    try:
        if isinstance(given, str) and given.isidentifier():  # a fixture's name, or a file
            try:
                given = request.getfixturevalue(given)
            except pytest.FixtureLookupError:
                if not Path(given).is_file():
                    raise StorageStateError(
                        f"storage_state({given!r}) names neither a fixture nor a file: "
                        "give a path to a saved state, or the name of a fixture that "
                        "returns one (or an e2e_signed_in role)"
                    ) from None
        if isinstance(given, SignedIn):
            state = given.state()
            if given.renewed:
                test_state(request.node).notes.append(given.renewed)
            return state
        return load_storage_state(Path(str(given)))
    except StorageStateError as exc:
        problem = f"StorageStateError: {exc}"
    pytest.fail(problem, pytrace=False)


def start_from(driver: WebDriver, state: dict[str, Any], base_url: str | None) -> None:
    problem = None
    try:
        apply_storage_state(driver, state, base_url)
    except StorageStateError as exc:
        problem = f"StorageStateError: {exc}"
    if problem:
        pytest.fail(problem, pytrace=False)
