import subprocess
import sys


def test_the_library_imports_without_pytest() -> None:
    code = (
        "import sys; sys.modules['pytest'] = None; sys.modules['_pytest'] = None\n"
        "import e2e, e2e.waits, e2e.page, e2e.uploads, e2e.driver\n"
        "print(sorted(e2e.__all__)[:3])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['AccessibilityError', 'ActionLog', 'BasePage']"


def test_the_package_ships_its_type_marker_and_scripts() -> None:
    from importlib import resources

    files = {p.name for p in resources.files("e2e").iterdir()}
    assert {"py.typed", "_page_state.js", "_network.js"} <= files
    axe = resources.files("e2e") / "vendor" / "node_modules" / "axe-core"
    assert (axe / "axe.min.js").is_file(), "make setup installs axe-core (e2e/vendor)"
    assert (axe / "LICENSE").is_file()
