"""What real applications need: navigation-aware `to()`, text that is text, actionability,
app-wide locators, windows, frames, shadow roots, dialogs, downloads and form reads."""

from __future__ import annotations

import re
import time

import pytest
from selenium.common.exceptions import InvalidElementStateException, TimeoutException
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator

FIRST = Locator(By.ID, "first", "first field")
SECOND = Locator(By.ID, "second", "second field")
NOTES = Locator(By.ID, "notes", "notes")
EDITABLE = Locator(By.ID, "editable", "editable block")
READONLY = Locator(By.ID, "readonly", "read-only field")
AGREE = Locator(By.ID, "agree", "agree box")
SIZE = Locator(By.ID, "size", "size select")
ANSWER = Locator(By.ID, "answer", "answer")
SHADOW_LABEL = Locator(By.CSS_SELECTOR, "shadow-host >>> .label", "label in the shadow root")
SHADOW_BUTTON = Locator(By.CSS_SELECTOR, "#host >>> button.inner", "button in the shadow root")


class AppPage(BasePage):
    path = "/app.html"
    ready = Locator(By.ID, "submit", "submit button")


class PopupPage(BasePage):
    ready = Locator(By.ID, "save", "popup save button")


class PostBack(BasePage):
    path = "/postback"
    ready = Locator(By.ID, "save", "save and continue")
    count = Locator(By.ID, "count", "save count")
    note = Locator(By.ID, "note", "note field")

    def save_and_continue(self, note: str) -> PostBack:
        self.type(self.note, note)
        self.click(self.ready)
        return self.to(PostBack)


@pytest.fixture
def app(driver, base_url) -> AppPage:
    return AppPage(driver, base_url).open()


# -- navigation ---------------------------------------------------------------------------
@pytest.mark.parametrize("run", range(30))
def test_to_never_returns_the_old_document_after_a_post_back(driver, base_url, run) -> None:
    page = PostBack(driver, base_url).open()
    for expected in range(1, 6):
        page = page.save_and_continue(f"note {run}.{expected}")
        # Read straight away: a page object bound to the old document would show old text.
        assert page.text_of(PostBack.count) == str(expected)
        assert page.text_of(Locator(By.ID, "last-note")) == f"note {run}.{expected}"


def test_back_forward_and_refresh_each_wait_for_their_new_document(driver, base_url) -> None:
    page = PostBack(driver, base_url).open()
    after = page.save_and_continue("one")
    assert after.text_of(PostBack.count) == "1"
    again = after.refresh()  # a POST result: posted again on every engine (Firefox asks)
    assert again.text_of(PostBack.count) == "1"  # the same form (count=0) posted again
    back = again.back(PostBack)
    assert back.text_of(PostBack.count) in ("0", "1")
    forward = back.forward(PostBack)
    assert forward.text_of(PostBack.count) in ("1", "2")
    assert [a.name for a in page.log.actions].count("to") == 1


def test_to_without_a_navigation_says_what_to_do(app) -> None:
    app.timeout = 0.5
    app.click(Locator(By.ID, "submit", "submit button"))  # prevented: no navigation
    with pytest.raises(
        TimeoutException,
        match="still on the document of the last action.*"
        r"to\(Page, new_document=False\)",
    ):
        app.to(AppPage)
    assert app.to(AppPage, new_document=False).is_displayed(FIRST)


# -- typing and actionability -------------------------------------------------------------
def test_a_tab_in_typed_text_lands_in_the_field(app) -> None:
    app.type(FIRST, "left\tright")
    app.type(NOTES, "a\tb\nc")
    assert app.value_of(FIRST) == "left\tright"
    assert app.value_of(NOTES) == "a\tb\nc"
    assert app.value_of(SECOND) == ""
    assert app.driver.execute_script("return window.submitted") == 0


def test_a_newline_in_a_single_line_field_does_not_submit_the_form(app) -> None:
    app.type(FIRST, "one\ntwo")
    assert app.driver.execute_script("return window.submitted") == 0
    assert app.value_of(FIRST) == "onetwo"  # an input's value holds no line break


def test_type_replaces_a_contenteditable_block(app) -> None:
    app.type(EDITABLE, "new content")
    assert app.value_of(EDITABLE) == "new content"


def test_click_on_a_disabled_button_fails_saying_so(app) -> None:
    app.timeout = 0.5
    button = Locator(By.ID, "disabled-button", "never button")
    with pytest.raises(TimeoutException, match=r"Locator\('never button'.*: it is disabled"):
        app.click(button)


def test_type_on_a_read_only_field_fails_and_keeps_its_value(app) -> None:
    app.timeout = 0.5
    with pytest.raises(TimeoutException, match="it is read-only"):
        app.type(READONLY, "x")
    assert app.value_of(READONLY) == "keep me"


def test_a_template_locator_used_unfilled_says_how_to_fill_it(app) -> None:
    row = Locator(By.XPATH, "//li[.={text}]", "item {text}")
    with pytest.raises(ValueError, match=r"is a template: fill its \{text\} with \.format"):
        app.click(row)


def test_a_hidden_element_says_it_is_not_displayed(app) -> None:
    app.timeout = 0.5
    hidden = Locator(By.XPATH, "//li[.='hidden']", "hidden item")
    with pytest.raises(TimeoutException, match=r"1 match\(es\), none displayed"):
        app.click(hidden)


# -- app-wide locators --------------------------------------------------------------------
def test_overlay_locators_set_on_a_page_class_are_honoured(driver, base_url) -> None:
    class MyApp(AppPage):
        busy = (Locator(By.CSS_SELECTOR, ".spinner", "app spinner"),)

    page = MyApp(driver, base_url).open()
    assert page.busy == MyApp.busy
    driver.execute_script("appSpinner(600)")
    page.click(AGREE)
    gone, clicked = driver.execute_script("return [window.spinnerGoneAt, performance.now()]")
    assert gone is not None, "clicked while the application's spinner was still shown"
    assert clicked >= gone
    assert page.to(AppPage, new_document=False).busy == MyApp.busy  # carried to the next page


# -- windows, frames, shadow roots, dialogs, downloads -------------------------------------
def test_a_popup_that_closes_itself_fills_its_opener(app) -> None:
    before = set(app.driver.window_handles)
    with app.window(lambda: app.click(Locator(By.ID, "open-popup", "open")), PopupPage) as popup:
        popup.type(Locator(By.ID, "name", "name"), "from the popup")
        popup.click(PopupPage.ready)
    assert set(app.driver.window_handles) == before  # the popup is gone
    assert app.value_of(FIRST) == "from the popup"
    names = [a.name for a in app.log.actions]
    assert "switch to new window" in names
    assert "switch back from window" in names


def test_frame_scoping_and_settle_checks_reach_into_the_frame(app) -> None:
    total = Locator(By.ID, "total", "report total")
    with app.frame(Locator(By.ID, "report", "report frame")):
        app.driver.execute_script("loadTotal(800)")
    # Outside the frame, an action waits for the frame's own overlay to go.
    app.click(AGREE)
    assert app.driver.execute_script("return window.frameUnblockedAt") is not None
    with app.frame(Locator(By.ID, "report", "report frame")):
        assert app.text_of(total) == "42"
        app.click(Locator(By.ID, "inner-button", "inner button"))
        assert app.driver.execute_script("return window.innerClicks") == 1
    assert app.is_displayed(FIRST)  # back in the page


def test_locators_step_into_shadow_roots(app) -> None:
    app.expect(SHADOW_LABEL).to_have_text("ready")
    app.click(SHADOW_BUTTON)
    assert app.text_of(SHADOW_LABEL) == "clicked"


@pytest.mark.parametrize(
    ("button", "answer", "accept", "shown"),
    [
        ("ask", "Ada", True, "Ada"),
        ("ask", None, False, "cancelled"),
        ("remove", None, True, "removed"),
        ("remove", None, False, "kept"),
    ],
)
def test_dialogs_are_answered_and_read(app, button, answer, accept, shown) -> None:
    app.click(Locator(By.ID, button, button))
    text = app.accept_dialog(answer) if accept else app.dismiss_dialog()
    assert text == ("Your name?" if button == "ask" else "Remove it?")
    app.expect(ANSWER).to_have_text(shown)


def test_a_download_is_waited_for_and_found(driver, base_url, e2e_downloads) -> None:
    app = AppPage(driver, base_url, downloads=e2e_downloads).open()
    file = app.download(lambda: app.click(Locator(By.ID, "export", "export link")))
    assert file.name == "export.csv"
    assert file.parent == e2e_downloads
    assert file.read_text().splitlines()[1:] == [f"case {i},low" for i in range(5)]


def test_download_without_a_folder_says_how_to_get_one(app) -> None:
    with pytest.raises(ValueError, match="no download folder: build it with the page fixture"):
        app.download(lambda: None)


# -- form reads and writes ----------------------------------------------------------------
def test_form_reads_and_writes(app) -> None:
    assert app.selected_option(SIZE) == "medium"
    app.select(SIZE, "large")
    assert app.selected_option(SIZE) == "large"
    assert app.is_checked(AGREE) is False
    app.set_checked(AGREE, True)
    app.set_checked(AGREE, True)  # already checked: no click, still checked
    assert app.is_checked(AGREE) is True
    app.set_checked(AGREE, False)
    assert app.is_checked(AGREE) is False
    assert app.texts_of(Locator(By.CSS_SELECTOR, "#list li")) == ["one", "two", ""]
    hidden = Locator(By.ID, "hidden-text", "collapsed text")
    assert app.text_content_of(hidden) == "text inside a collapsed section"


def test_the_action_log_records_finds_reads_and_waits(app) -> None:
    app.log.clear()
    app.find(FIRST)
    app.text_of(Locator(By.CSS_SELECTOR, "#list li", "items"))
    app.value_of(FIRST)
    app.wait_for(FIRST)
    app.wait_until_settled()
    names = [a.name for a in app.log.actions]
    assert names == ["find", "read text", "read value", "wait for", "wait"]
    assert all(a.seconds >= 0 for a in app.log.actions)
    assert re.search(r"ms  read value Locator\('first field'", app.log.render())


def test_a_failed_find_is_in_the_action_log(app) -> None:
    app.timeout = 0.3
    started = time.monotonic()
    with pytest.raises(TimeoutException):
        app.text_of(Locator(By.ID, "missing", "missing thing"))
    assert time.monotonic() - started < 2
    [entry] = [a for a in app.log.actions if a.name == "read text"]
    assert entry.error is not None
    assert "no element matches" in entry.error


@pytest.mark.parametrize("action", ["type", "clear_text"])
def test_typing_into_what_is_not_a_text_field_is_refused_at_once(app, action) -> None:
    started = time.monotonic()
    act = (lambda: app.type(AGREE, "x")) if action == "type" else (lambda: app.clear_text(AGREE))
    with pytest.raises(
        InvalidElementStateException, match=r"it is <input id=\"agree\">: use set_checked\(\)"
    ):
        act()
    assert time.monotonic() - started < 2, "refused at once, not after the timeout"
    assert app.is_checked(AGREE) is False
