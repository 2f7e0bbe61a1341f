import subprocess
import sys
from pathlib import Path

import pytest


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


def test_every_public_name_of_0_1_still_imports_from_where_it_was() -> None:
    """Issue 33: each name of 6ad5b70 (module names from ``__all__``, or the functions,
    classes and constants a module defined; the public classes' attributes) still
    resolves, at most with a DeprecationWarning."""
    code = (
        "import importlib, sys, warnings\n"
        "warnings.simplefilter('error')\n"
        "warnings.simplefilter('ignore', DeprecationWarning)\n"
        "missing = []\n"
        "for line in open(sys.argv[1], encoding='utf-8'):\n"
        "    if line.startswith('#') or not line.strip(): continue\n"
        "    module, name = line.strip().split(':')\n"
        "    obj = importlib.import_module(module)\n"
        "    try:\n"
        "        for part in name.split('.'): obj = getattr(obj, part)\n"
        "    except AttributeError as exc:\n"
        "        missing.append(f'{line.strip()}: {exc}')\n"
        "print('\\n'.join(missing) or 'all there')\n"
    )
    names = Path(__file__).parent / "data" / "public_names_0_1.txt"
    assert len(names.read_text(encoding="utf-8").splitlines()) > 400
    result = subprocess.run(
        [sys.executable, "-c", code, str(names)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "all there"


def test_renamed_public_names_warn_with_the_new_name() -> None:
    import warnings

    import e2e
    from e2e.checks import accessibility

    for module in (e2e, accessibility):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            old = module.check_accessible
        assert old is accessibility.expect_accessible
        [warning] = caught
        assert issubclass(warning.category, DeprecationWarning)
        assert str(warning.message) == (
            f"{module.__name__}.check_accessible is now {module.__name__}.expect_accessible; "
            "rename it: the old name goes in version 0.3."
        )
    with pytest.raises(AttributeError, match="has no attribute 'check_acessible'"):
        e2e.check_acessible  # noqa: B018  (a typo is still an AttributeError)
