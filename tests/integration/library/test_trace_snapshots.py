"""A trace's DOM snapshots, made and opened in the engine under test: each step's
"after" snapshot shows that step's change, the failing step's shows the page at the
failure, and "Try a locator" and "Pick a locator" in the viewer find what the library
finds on the live page. (The sandbox against a hostile page: test_trace_sandbox.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from e2e import BasePage, Locator, PageFactory
from e2e.base.action_log import ActionLog
from e2e.queries import engine_script, find_elements, finder_script
from e2e.trace import Tracer

#: What identifies an element on both sides: its tag, its text, its place among its
#: siblings (the live page and the rebuilt one number them alike).
DESCRIBE = """
function describe(list) {
  return list.map(function (el) {
    var index = el.parentNode ? Array.prototype.indexOf.call(el.parentNode.childNodes, el) : -1;
    return el.localName + "|" + el.textContent.replace(/\\s+/g, " ").trim() + "|" + index;
  });
}
"""


#: The library's in-page search (as its page scripts run it, and find_elements for a
#: query locator), its matches described in the page.
FIND = finder_script() + "\nreturn describe(findAll(arguments[0], arguments[1]));\n"


PASSWORD = "Hunter2-typed-in-a-password-field"


def record(driver: WebDriver, log: ActionLog, tmp_path: Path, steps: Any) -> Path:
    """Run ``steps`` with a tracer on ``log``; write and return its trace."""
    tracer = Tracer(driver, log).start()
    failure = ""
    try:
        steps()
    except AssertionError as exc:
        failure = str(exc)
    finally:
        tracer.stop()
    path = tmp_path / "trace.html"
    outcome = "failed" if failure else "passed"
    tracer.write(
        path, test="snapshots", outcome=outcome, failure=failure, console=[], html="", secrets=set()
    )
    return path


def show(driver: WebDriver, step: int, kind: str) -> None:
    """In the open trace: choose step ``step`` (from 0) and its ``kind`` snapshot."""
    driver.find_elements(By.CSS_SELECTOR, "#steps li")[step].click()
    driver.find_element(By.CSS_SELECTOR, f'#snapshot .tabs button[data-kind="{kind}"]').click()
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script(
            "var w = document.getElementById('snapshot');"
            "return w && w.getAttribute('data-ready') === 'true'"
            " && w.e2eView.kind === arguments[0];",
            kind,
        )
    )


def in_snapshot(driver: WebDriver, script: str) -> Any:
    """Run ``script`` with ``doc``, the snapshot's rebuilt document (read from the viewer)."""
    return driver.execute_script(
        "var doc = document.querySelector('#snapshot iframe').contentDocument;\n" + script
    )


def test_each_steps_after_snapshot_shows_its_change_and_the_failure(
    driver: WebDriver, page: PageFactory, e2e_actions: ActionLog, tmp_path: Path
) -> None:
    p = page(BasePage)

    def steps() -> None:
        p.open("/snapshots.html")
        for _ in range(3):
            p.click(Locator(By.ID, "add"))
        p.type(Locator.label("Name"), "Ada Lovelace")
        p.type(Locator(By.ID, "password"), PASSWORD)  # not declared secret: a password
        p.click(Locator(By.ID, "agree"))
        p.expect(Locator(By.ID, "not-there"), 0.5).to_be_visible()

    trace = record(driver, e2e_actions, tmp_path, steps)
    data = json.loads(re.search(r"var TRACE = (.*?);\n", trace.read_text()).group(1))  # type: ignore[union-attr]
    assert PASSWORD not in json.dumps(data["snapshots"])  # a password field's value: never
    driver.get(trace.as_uri())
    names = [n.text for n in driver.find_elements(By.CSS_SELECTOR, "#steps li .name")]
    assert names[:8] == [
        "1. open",
        "2. click",
        "3. click",
        "4. click",
        "5. type",
        "6. type",
        "7. click",
        "8. expect",
    ]
    for n in (1, 2, 3):  # each click's "after": its own change, not the next one's
        show(driver, n, "after")
        log = in_snapshot(driver, "return doc.getElementById('log').textContent;")
        assert f"change {n}" in log, (n, log)
        assert f"change {n + 1}" not in log, (n, log)
        show(driver, n, "before")
        log = in_snapshot(driver, "return doc.getElementById('log').textContent;")
        assert f"change {n}" not in log, (n, log)
    # The click's own snapshot marks its element and the point clicked.
    show(driver, 1, "action")
    assert driver.find_elements(By.CSS_SELECTOR, "#glass .box.target")
    assert driver.find_elements(By.ID, "click-point")
    # Form state: the value typed, the box checked; the frame, the shadow root, the canvas.
    show(driver, 6, "after")
    state = in_snapshot(
        driver,
        "var frame = doc.getElementById('frame').contentDocument;"
        "return [doc.getElementById('name').value, doc.getElementById('agree').checked,"
        " doc.getElementById('password').value,"
        " frame && frame.getElementById('inside').textContent,"
        " doc.getElementById('host').shadowRoot.textContent,"
        " doc.querySelectorAll('script').length,"
        " getComputedStyle(doc.querySelector('h1')).borderBottomStyle,"
        " getComputedStyle(doc.getElementById('items')).outlineStyle,"
        " doc.getElementById('scroller').scrollTop,"
        " (function (c) { var p = c.getContext('2d').getImageData(20, 10, 1, 1).data;"
        "   return [p[0], p[1], p[2]]; })(doc.getElementById('chart'))];",
    )
    assert state == [
        "Ada Lovelace",
        True,
        "",  # a password field: never a value
        "Inside the frame",  # a same-origin frame
        "Save in shadow",  # an open shadow root
        0,  # no script
        "solid",  # the linked stylesheet
        "dashed",  # the adopted one
        250,  # the box's scroll position
        [204, 0, 0],  # the canvas's pixels
    ]
    # The failing step opens first, its "after" taken at the failure.
    driver.find_elements(By.CSS_SELECTOR, "#steps li")[7].click()
    assert "FAILED" in driver.find_element(By.ID, "detail").text
    show(driver, 7, "after")
    assert "at the failure" in driver.find_element(By.ID, "snapshot-caption").text
    log = in_snapshot(driver, "return doc.getElementById('log').textContent;")
    assert "change 3" in log


LOCATORS = [
    'Locator.role("button", name="Save")',
    'Locator.role("button", name="Save", exact=True)',
    'Locator(By.CSS_SELECTOR, "li.item")',
    'Locator(By.CSS_SELECTOR, "#items button")',
    'Locator.role("listitem").filter(has_text="Refund")',
    'Locator.label("Name")',
    'Locator.role("button", name="Save").within(Locator.role("listitem", name="Invoice"))',
    "Locator(By.XPATH, \"//li[contains(., 'Refund')]\")",
]


def test_try_a_locator_finds_in_the_snapshot_what_the_library_finds_live(
    driver: WebDriver, page: PageFactory, e2e_actions: ActionLog, tmp_path: Path
) -> None:
    p = page(BasePage)
    p.open("/snapshots.html")
    live = {}
    for text in LOCATORS:
        locator = eval(text, {"Locator": Locator, "By": By})
        live[text] = driver.execute_script(FIND + DESCRIBE, *locator[:2])
        assert len(live[text]) == len(find_elements(driver, *locator[:2])), text
    assert len(live[LOCATORS[0]]) == 3  # Save, Save draft, Save in shadow (the hidden one not)
    save = driver.find_element(By.CSS_SELECTOR, "#items li:first-child button")
    chosen = driver.execute_script(
        engine_script() + "return E2E_QUERIES.choose(arguments[0]).python;", save
    )

    trace = record(driver, e2e_actions, tmp_path, lambda: p.text_of(Locator(By.TAG_NAME, "h1")))
    driver.get(trace.as_uri())
    show(driver, 0, "after")
    for text in LOCATORS:
        count, matches = driver.execute_script(
            DESCRIBE + "var input = document.getElementById('try'); input.value = arguments[0];"
            "input.dispatchEvent(new Event('input'));"
            "var view = document.getElementById('snapshot').e2eView;"
            "return [document.getElementById('try-count').textContent, describe(view.matches)];",
            text,
        )
        assert matches == live[text], text
        n = len(live[text])
        assert count == f"{n} element{' matches' if n == 1 else 's match'}", (text, count)
        assert len(driver.find_elements(By.CSS_SELECTOR, "#glass .box.match")) == n
    # Pick a locator: a click on the element in the snapshot gives the chooser's line.
    glass = driver.find_element(By.ID, "glass")
    x, y = driver.execute_script(
        "var view = document.getElementById('snapshot').e2eView;"
        "var el = view.doc.querySelector('#items li:first-child button');"
        "var r = el.getBoundingClientRect();"
        "return [(r.left + r.width / 2) * view.scale, (r.top + r.height / 2) * view.scale];"
    )
    width, height = glass.size["width"], glass.size["height"]
    ActionChains(driver).move_to_element_with_offset(
        glass, int(x - width / 2), int(y - height / 2)
    ).click().perform()
    assert driver.find_element(By.ID, "picked-locator").text == chosen
    inspector = driver.find_element(By.ID, "inspector").text
    assert "<button>" in inspector
    assert "nothing covers its centre" in inspector
    # A locator it cannot read says why, and matches nothing.
    driver.find_element(By.ID, "try").clear()
    driver.find_element(By.ID, "try").send_keys('Locator.rol("button")')
    assert "Locator has no rol" in driver.find_element(By.ID, "try-count").text


def test_without_snapshots_a_trace_keeps_its_screenshots(
    driver: WebDriver, page: PageFactory, e2e_actions: ActionLog, tmp_path: Path
) -> None:
    tracer = Tracer(driver, e2e_actions, dom_snapshots=False).start()
    page(BasePage).open("/snapshots.html")
    tracer.stop()
    trace = tracer.write(
        tmp_path / "trace.html",
        test="t",
        outcome="passed",
        failure="",
        console=[],
        html="",
        secrets=set(),
    )
    assert tracer.snapshots is None
    driver.get(trace.as_uri())
    assert not driver.find_elements(By.ID, "snapshot")
    assert driver.find_elements(By.ID, "shot")
