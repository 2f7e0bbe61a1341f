"""Make docs/trace-snapshot.png: a demo test that fails on purpose, traced, its trace
opened in headless Chromium on the "Action" snapshot of its click on Save, a role
locator tried in it and an element inspected.

Run: .venv/bin/python scripts/trace_snapshot_screenshot.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from e2e import Config  # noqa: E402 - after the path
from e2e.browser.driver import build_driver  # noqa: E402

TEST = """
from locators.cases import CasesLocators
from pages.cases import ProjectPage


def test_fails_on_purpose(demo, login_page, page):
    login_page.login("admin", "admin-pass-1")
    ids = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Refund"}]}])
    shop = page(ProjectPage).open_project(ids["projects"]["Shop"])
    shop.add_case("Pay with a card", "Card is charged once.", "high")
    shop.expect(CasesLocators.titles, 1).to_have_texts(["Refund", "Not there"])
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        test = Path(tmp) / "test_fails_on_purpose.py"
        test.write_text(TEST)
        command = [sys.executable, "-m", "pytest", str(test), "-q", "-p", "no:cacheprovider"]
        command += ["-p", "conftest", "-p", "tests.demo.conftest", "--rootdir", str(ROOT)]
        command += ["-c", str(ROOT / "pyproject.toml"), "--headless", "--tracing", "on"]
        command += ["--artifacts-dir", str(Path(tmp) / "artifacts")]
        subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        [trace] = list(Path(tmp).rglob("trace.html"))
        driver = build_driver(Config(headless=True, window_size=(1400, 1050)))
        try:
            driver.get(trace.as_uri())
            names = [n.text for n in driver.find_elements(By.CSS_SELECTOR, "#steps li .name")]
            # The last click before the failure: the modal's Save.
            index = max(i for i, n in enumerate(names) if n.endswith(". click"))
            driver.find_elements(By.CSS_SELECTOR, "#steps li")[index].click()
            driver.find_element(By.CSS_SELECTOR, '#snapshot button[data-kind="action"]').click()
            WebDriverWait(driver, 10).until(
                lambda d: d.execute_script(
                    "var w = document.getElementById('snapshot');"
                    "return w.getAttribute('data-ready') === 'true' && w.e2eView.kind === 'action'"
                )
            )
            driver.find_element(By.ID, "try").send_keys('Locator.role("row", name="Refund")')
            x, y = driver.execute_script(
                "var view = document.getElementById('snapshot').e2eView;"
                "var el = view.doc.querySelector('#case-modal input:not([type=hidden])');"
                "var r = el.getBoundingClientRect();"
                "return [(r.left + r.width / 2) * view.scale, (r.top + r.height / 2) * view.scale];"
            )
            glass = driver.find_element(By.ID, "glass")
            size = glass.size
            ActionChains(driver).move_to_element_with_offset(
                glass, int(x - size["width"] / 2), int(y - size["height"] / 2)
            ).click().perform()
            driver.execute_script(
                "document.getElementById('snapshot').scrollIntoView();"
                "document.getElementById('detail').scrollTop -= 60;"
            )
            out = ROOT / "docs" / "trace-snapshot.png"
            driver.save_screenshot(str(out))
            print(out)
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
