import subprocess
import sys


def test_the_library_imports_without_pytest() -> None:
    code = (
        "import sys; sys.modules['pytest'] = None; sys.modules['_pytest'] = None\n"
        "import e2e, e2e.waiting.waits, e2e.page, e2e.page.uploads, e2e.browser.driver\n"
        "print(sorted(e2e.__all__)[:3])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['AccessibilityError', 'ActionLog', 'BasePage']"


def test_the_package_ships_its_type_marker_and_scripts() -> None:
    from importlib import resources

    assert resources.files("e2e").joinpath("py.typed").is_file()
    scripts = {p.name for p in resources.files("e2e.waiting").iterdir()}
    assert {"_page_state.js", "_network.js", "_dom.js", "_snapshot.js"} <= scripts
    assert resources.files("e2e.trace").joinpath("_trace_viewer.html").is_file()
    axe = resources.files("e2e.checks") / "vendor" / "node_modules" / "axe-core"
    assert (axe / "axe.min.js").is_file(), "make setup installs axe-core (e2e/checks/vendor)"
    assert (axe / "LICENSE").is_file()


def test_every_module_path_from_before_the_layer_folders_still_imports_with_a_warning() -> None:
    """Issue 33: ``e2e.waits``, ``e2e.keys``, ``e2e.har``… moved into layer folders; each
    old path gives the moved module itself, with a DeprecationWarning naming the new one."""
    import importlib
    import warnings

    from e2e._moved import MOVED

    assert len(MOVED) == 41
    for old, new in MOVED.items():
        sys.modules.pop(old, None)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module = importlib.import_module(old)
        assert module is importlib.import_module(new), old
        assert any(
            issubclass(w.category, DeprecationWarning)
            and f"{old} has moved to {new}" in str(w.message)
            for w in caught
        ), old


def test_old_spellings_of_public_names_still_work() -> None:
    code = (
        "import warnings; warnings.simplefilter('error', DeprecationWarning)\n"
        "from e2e import waits, expect, Locator\n"  # the public ones: no warning
        "warnings.simplefilter('ignore', DeprecationWarning)\n"
        "from e2e.waits import wait_until\n"
        "from e2e.locators import Locator as L\n"
        "from e2e.storage import save_storage_state\n"
        "from e2e.keys import parse_chords\n"
        "import e2e.har, e2e.display\n"
        "assert waits.wait_until is wait_until and L is Locator\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
