"""Single-page applications: readiness the app defines, every gesture, exact text in
editors, file choosers. Run on every engine (``make test`` runs this folder on Chromium,
Firefox and WebKit); where an engine lacks something, the test checks the sentence that
says so."""

from __future__ import annotations

import re
import time

import pytest
from selenium.common.exceptions import ElementNotInteractableException, TimeoutException
from selenium.webdriver.common.by import By

from e2e import BasePage, Config, GeneralLocators, Locator, build_driver
from e2e.browser.engines import family_of
from e2e.page.file_chooser import FileChooserError
from e2e.waiting import waits

MENU = Locator(By.ID, "menu-button", "commands button")
PALETTE = Locator(By.ID, "palette", "command palette")
QUIET_BUTTON = Locator(By.ID, "quiet-button", "quiet button")
KERNEL_MENU = Locator(By.ID, "kernel-menu", "kernel menu")
ROW = Locator(By.ID, "row", "project row")
CONTEXT_MENU = Locator(By.ID, "ctx", "context menu")
ROW_NAME = Locator(By.ID, "row-name", "row name")
RENAME_INPUT = Locator(By.ID, "rename-input", "rename input")
TIP_TARGET = Locator(By.ID, "tip-target", "tooltip target")
TOOLTIP = Locator(By.ID, "tooltip", "tooltip")
SEARCH = Locator(By.ID, "search", "search field")
HTML5_ITEMS = Locator(By.CSS_SELECTOR, "#html5-list li", "HTML5 list items")
SORTABLE_ITEMS = Locator(By.CSS_SELECTOR, "#sortable li", "sortable items")
EDITOR = Locator(By.ID, "editor", "contenteditable editor")
CODEMIRROR = Locator(By.CSS_SELECTOR, "#cm-source + .CodeMirror", "CodeMirror (textarea input)")
CODEMIRROR_CE = Locator(
    By.CSS_SELECTOR, "#cm-ce-holder .CodeMirror", "CodeMirror (contenteditable)"
)
PLAIN_DIV = Locator(By.ID, "plain-div", "plain div")
THEME = Locator(By.ID, "theme", "theme holder")
DARK = Locator(By.ID, "dark", "dark theme button")
CELL = Locator(By.XPATH, "(//li[@class='cell'])[{n}]", "cell {n}")
UPLOAD = Locator(By.ID, "upload", "upload button")
UPLOAD_MANY = Locator(By.ID, "upload-many", "upload several button")
VISIBLE_FILE = Locator(By.ID, "visible-file", "file input")
CHOSEN = Locator(By.CSS_SELECTOR, "#chosen li", "chosen files")
BODY = Locator(By.TAG_NAME, "body", "body")

CODE = "def f(x):\n    if x:\n        return [x, {'a': (1, 2)}]\n    return None\n"


class Spa(BasePage):
    path = "spa.html"
    ready_when = "window.app && window.app.restored"


class SpaWithoutReadiness(BasePage):
    path = "spa.html"


@pytest.fixture
def spa(driver, fixture_server) -> Spa:
    return Spa(driver, fixture_server.url, timeout=10).open()


def _engine(driver) -> str:
    return family_of(driver) or ""


# -- readiness ---------------------------------------------------------------------
def test_ready_when_holds_actions_until_the_app_says_it_is_ready(driver, fixture_server) -> None:
    page = Spa(driver, fixture_server.url, timeout=10).open()
    page.click(MENU)
    assert driver.execute_script("return app.clicks") == [{"restored": True}]
    page.expect(PALETTE).to_be_visible()


def test_without_ready_when_the_click_lands_before_the_app_is_ready(driver, fixture_server) -> None:
    # The counterpart: what the settle check sees alone (no request, no overlay).
    page = SpaWithoutReadiness(driver, fixture_server.url, timeout=10).open()
    page.click(MENU)
    assert driver.execute_script("return app.clicks") == [{"restored": False}]


def test_ready_when_that_never_holds_names_the_expression(driver, fixture_server) -> None:
    class Never(BasePage):
        path = "spa.html"
        ready_when = "window.app.neverReady === true"

    with pytest.raises(
        TimeoutException, match=r"ready_when 'window.app.neverReady === true' is not true yet"
    ):
        Never(driver, fixture_server.url, timeout=1).open()


def test_ready_when_that_is_not_javascript_says_so(driver, fixture_server) -> None:
    class Broken(BasePage):
        path = "spa.html"
        ready_when = "window.app.ready ==="

    with pytest.raises(
        ValueError, match=r"ready_when 'window.app.ready ===' is not a JavaScript expression"
    ):
        Broken(driver, fixture_server.url, timeout=2).open()


def test_settle_quiet_waits_for_a_dom_that_stopped_changing(spa) -> None:
    spa.settle_quiet = 0.3
    spa.driver.execute_script("startChanging(600)")
    spa.click(QUIET_BUTTON)
    clicked, last = spa.driver.execute_script("return [app.quietClicks[0], app.lastChange]")
    assert clicked - last >= 300, f"clicked {clicked - last:.0f} ms after the last DOM change"


def test_without_settle_quiet_the_click_does_not_wait_for_the_dom(spa) -> None:
    spa.driver.execute_script("startChanging(600)")
    spa.click(QUIET_BUTTON)
    clicked, last = spa.driver.execute_script("return [app.quietClicks[0], app.lastChange]")
    assert clicked - last < 300


def test_ignoring_leaves_a_busy_indicator_out_for_the_actions_inside(spa) -> None:
    spa.driver.execute_script("document.getElementById('kernel-busy').hidden = false")
    spa.timeout = 1
    with pytest.raises(TimeoutException, match="busy indicator"):
        spa.click(KERNEL_MENU)
    with spa.ignoring(GeneralLocators.busy):
        spa.click(KERNEL_MENU)
    assert spa.driver.execute_script("return app.kernelMenu") is True
    with pytest.raises(TimeoutException):  # outside the block it counts again
        spa.click(KERNEL_MENU)


def test_ignoring_an_unknown_locator_says_what_the_page_has(spa) -> None:
    unknown = pytest.raises(ValueError, match="is not one of this page's overlays or busy")
    with unknown, spa.ignoring(MENU):
        pass


# -- gestures ----------------------------------------------------------------------
def test_right_click_opens_the_context_menu(spa) -> None:
    spa.right_click(ROW)
    spa.expect(CONTEXT_MENU).to_be_visible()
    assert spa.driver.execute_script("return app.contextButton") == 2
    # No left click came with it (WebKitWebDriver releases the right button as the left).
    spa.expect(CONTEXT_MENU, seconds=0.3).to_be_visible()
    spa.click(ROW_NAME)
    spa.expect(CONTEXT_MENU).to_be_hidden()
    assert "right-click" in spa.log.render()


def test_double_click_starts_a_rename(spa) -> None:
    spa.double_click(ROW_NAME)
    assert spa.value_of(RENAME_INPUT) == "Alpha"


def test_hover_shows_the_tooltip(spa) -> None:
    spa.expect(TOOLTIP).to_be_hidden()
    spa.hover(TIP_TARGET)
    spa.expect(TOOLTIP).to_have_text("3 cases, 1 high")


def test_press_sends_a_chord_to_the_page(spa) -> None:
    spa.driver.execute_script("document.activeElement.blur(); app.keysSeen = []")
    spa.press("Control+Shift+K")
    seen = spa.driver.execute_script("return app.keysSeen")
    key = [k for k in seen if k["key"].lower() == "k"]
    assert key, seen
    assert key[0]["key"] == "K"  # with Shift held, as a keyboard gives it
    assert (key[0]["ctrl"], key[0]["shift"], key[0]["alt"]) == (True, True, False)
    assert key[0]["target"] == "BODY"


def test_press_on_an_element_focuses_it_first(spa) -> None:
    spa.driver.execute_script("app.keysSeen = []")
    spa.press("Escape", on=SEARCH)
    seen = spa.driver.execute_script("return app.keysSeen")
    assert [(k["key"], k["target"]) for k in seen] == [("Escape", "INPUT")]


def test_press_gives_letters_the_case_a_keyboard_would(spa) -> None:
    spa.driver.execute_script("document.activeElement.blur(); app.keysSeen = []")
    spa.press("Control+K Alt+KeyB A")
    seen = spa.driver.execute_script("return app.keysSeen")
    letters = [(k["key"], k["ctrl"], k["alt"]) for k in seen if len(k["key"]) == 1]
    assert letters == [("k", True, False), ("b", False, True), ("A", False, False)]


def test_press_refuses_an_unknown_key_before_the_page() -> None:
    from e2e.page.key_chords import parse_chords

    with pytest.raises(ValueError, match="Unknown key 'Ctl' in 'Ctl\\+K'"):
        parse_chords("Ctl+K")
    with pytest.raises(ValueError, match="write the plus key as 'Plus'"):
        parse_chords("Control++")


def test_drag_to_reorders_an_html5_list(spa) -> None:
    spa.drag_to(Locator(By.ID, "h1", "item one"), Locator(By.ID, "h3", "item three"))
    spa.expect(HTML5_ITEMS).to_have_texts(["two", "three", "one"])
    assert spa.driver.execute_script("return app.droppedData") == "h1"


def test_drag_to_reorders_a_jquery_ui_sortable(spa) -> None:
    spa.drag_to(Locator(By.ID, "s1", "item one"), Locator(By.ID, "s3", "item three"))
    spa.expect(SORTABLE_ITEMS).to_have_texts(["two", "three", "one"])


# -- exact text --------------------------------------------------------------------
@pytest.mark.parametrize("editor", [CODEMIRROR, CODEMIRROR_CE], ids=["textarea", "contenteditable"])
def test_fill_puts_code_into_codemirror_exactly(spa, editor) -> None:
    spa.fill(editor, "old text")
    spa.fill(editor, CODE)
    assert spa.value_of(editor) == CODE


def test_type_into_codemirror_is_indented_by_the_editor(spa) -> None:
    # Why fill() exists: type() presses Enter, and the editor indents the next line (by
    # its indentUnit, 2).
    spa.type(CODEMIRROR, "if x:\nreturn 1")
    # CodeMirror 5 reads its hidden textarea on a timer: wait for the last keys.
    waits.wait_until(spa.driver, lambda _: spa.value_of(CODEMIRROR).endswith("1"), 5)
    assert spa.value_of(CODEMIRROR) == "if x:\n  return 1"
    spa.fill(CODEMIRROR, "if x:\nreturn 1")
    assert spa.value_of(CODEMIRROR) == "if x:\nreturn 1"


def test_fill_into_an_auto_indenting_contenteditable(spa) -> None:
    spa.type(EDITOR, "if x:\nreturn 1")  # type() presses Enter: the editor indents
    assert spa.value_of(EDITOR).startswith("if x:\n    return 1")
    spa.fill(EDITOR, CODE)
    assert spa.value_of(EDITOR) == CODE


def test_fill_replaces_a_plain_field_and_can_empty_it(spa) -> None:
    spa.fill(SEARCH, "first")
    spa.fill(SEARCH, "line\twith tab")
    assert spa.value_of(SEARCH) == "line\twith tab"
    spa.fill(SEARCH, "")
    assert spa.value_of(SEARCH) == ""


def test_fill_refuses_an_element_with_no_field(spa) -> None:
    with pytest.raises(Exception, match="holds no contenteditable element or textarea"):
        spa.fill(PLAIN_DIV, "x")


# -- reads, fixes ------------------------------------------------------------------
def test_attribute_of_and_to_have_attribute(spa) -> None:
    assert spa.attribute_of(THEME, "data-theme") == "light"
    assert spa.attribute_of(THEME, "data-missing") is None
    spa.click(DARK)
    spa.expect(THEME).to_have_attribute("data-theme", "dark")
    spa.expect(THEME).to_have_attribute("data-theme", re.compile("^d"))
    with pytest.raises(AssertionError, match=r"data-theme='dark'"):
        spa.expect(THEME, seconds=0.5).to_have_attribute("data-theme", "light")


def test_a_number_in_an_xpath_template_is_a_position(spa) -> None:
    assert spa.text_of(CELL.format(n=2)) == "cell 2"
    assert spa.texts_of(CELL.format(n=3)) == ["cell 3"]


def test_a_zero_height_body_counts_as_displayed(spa) -> None:
    spa.driver.execute_script(
        "document.body.style.height = '0px'; document.body.style.overflow = 'hidden'"
    )
    spa.driver.execute_script("document.activeElement.blur(); app.keysSeen = []")
    spa.send_keys_to_element(BODY, "x")
    assert [k["key"] for k in spa.driver.execute_script("return app.keysSeen")] == ["x"]


def test_keys_to_an_element_that_cannot_take_them_fail_at_once(spa) -> None:
    spa.timeout = 30
    started = time.monotonic()
    with pytest.raises(ElementNotInteractableException) as failure:
        spa.send_keys_to_element(PLAIN_DIV, "x")
    # Not the whole 30 s timeout: a refusal no wait can fix fails on the spot.
    assert time.monotonic() - started < 10
    message = str(failure.value.msg)
    assert 'which is <div id="plain-div">' in message
    assert "cannot take the keyboard focus" in message


# -- file chooser ------------------------------------------------------------------
def _chooser_or_refusal(spa, driver):  # type: ignore[no-untyped-def]
    """The engine cannot intercept file dialogs: check the sentence and skip the rest."""
    if _engine(driver) == "webkit":
        refused = pytest.raises(
            FileChooserError,
            match=r"WebKit.* cannot intercept a file chooser: its WebDriver has neither",
        )
        with refused, spa.expect_file_chooser():
            pass
        return True
    return False


def test_file_chooser_of_an_input_never_in_the_page(spa, driver, tmp_path) -> None:
    if _chooser_or_refusal(spa, driver):
        return
    file = tmp_path / "cases.csv"
    file.write_text("title\none\n")
    with spa.expect_file_chooser() as chooser:
        spa.click(UPLOAD)
    assert not chooser.value.multiple
    chooser.value.set_files(file)
    spa.expect(CHOSEN).to_have_texts([f"cases.csv {file.stat().st_size}"])


def test_file_chooser_takes_several_files_and_empty_ones(spa, driver, tmp_path) -> None:
    if _chooser_or_refusal(spa, driver):
        return
    empty, big = tmp_path / "empty.txt", tmp_path / "big.bin"
    empty.write_bytes(b"")
    with big.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    with spa.expect_file_chooser() as chooser:
        spa.click(UPLOAD_MANY)
    assert chooser.value.multiple
    chooser.value.set_files(empty, big)
    spa.expect(CHOSEN).to_have_texts(["empty.txt 0", f"big.bin {50 * 1024 * 1024}"])


def test_file_chooser_of_a_visible_input(spa, driver, tmp_path) -> None:
    if _chooser_or_refusal(spa, driver):
        return
    file = tmp_path / "one.txt"
    file.write_text("1")
    with spa.expect_file_chooser() as chooser:
        spa.click(VISIBLE_FILE)
    chooser.value.set_files(file)
    spa.expect(CHOSEN).to_have_texts(["one.txt 1"])


def test_file_chooser_refuses_missing_files_and_too_many(spa, driver, tmp_path) -> None:
    if _chooser_or_refusal(spa, driver):
        return
    with spa.expect_file_chooser() as chooser:
        spa.click(UPLOAD)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        chooser.value.set_files(tmp_path / "missing.csv")
    with pytest.raises(FileChooserError, match="takes one file"):
        chooser.value.set_files(__file__, __file__)


def test_file_chooser_that_never_opens_says_so(spa, driver) -> None:
    if _chooser_or_refusal(spa, driver):
        return
    never = pytest.raises(FileChooserError, match="No file chooser opened within 1 s")
    with never, spa.expect_file_chooser(seconds=1):
        spa.click(MENU)


def test_file_chooser_through_bidi_on_chromium(e2e_config, fixture_server, tmp_path) -> None:
    # Chromium with a BiDi session takes the BiDi path (input.fileDialogOpened), as a
    # Grid's Chromium node does; the test's own driver above took DevTools.
    if not e2e_config.is_chromium_family:
        pytest.skip("the BiDi path of Chromium is checked on the Chromium run")
    driver = build_driver(
        Config(browser="chrome", headless=True, capabilities={"webSocketUrl": True})
    )
    try:
        assert driver.caps.get("webSocketUrl")
        spa = Spa(driver, fixture_server.url, timeout=10).open()
        file = tmp_path / "bidi.txt"
        file.write_text("abc")
        with spa.expect_file_chooser() as chooser:
            spa.click(UPLOAD)
        chooser.value.set_files(file)
        spa.expect(CHOSEN).to_have_texts(["bidi.txt 3"])
    finally:
        driver.quit()
