"""axe-core in the page: violations named with their elements, rules left out by id."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from e2e import AccessibilityError, BasePage, Locator
from e2e.checks.accessibility import AxeOptions, axe_version


def test_an_image_without_alt_and_a_faint_label_fail_naming_both(open_page, base_url):
    page = BasePage(open_page("a11y.html"), base_url)
    with pytest.raises(AccessibilityError) as caught:
        page.expect_accessible()
    message = str(caught.value)
    assert (
        f"2 accessibility rule(s) broken at serious impact or worse on {base_url}/a11y.html"
        in message
    )
    assert f"(axe-core {axe_version()})" in message
    assert "- image-alt (critical): Images must have alternative text" in message
    assert '#logo  <img id="logo"' in message
    assert "- color-contrast (serious): Elements must meet minimum color contrast" in message
    assert '<label class="faint" for="email">Email address</label>' in message


def test_a_clean_page_passes(open_page, base_url):
    page = BasePage(open_page("a11y-clean.html"), base_url)
    assert page.expect_accessible() == []


def test_rules_are_left_out_per_call_and_per_run(open_page, base_url):
    driver = open_page("a11y.html")
    page = BasePage(driver, base_url)
    page.expect_accessible(rules={"image-alt": False, "color-contrast": False})
    run_wide = BasePage(driver, base_url, axe=AxeOptions(disable=("image-alt",)))
    with pytest.raises(AccessibilityError) as caught:
        run_wide.expect_accessible()
    assert "color-contrast" in str(caught.value)
    assert "image-alt" not in str(caught.value)


def test_impact_sets_the_bar_and_the_rest_is_returned(open_page, base_url):
    page = BasePage(open_page("a11y.html"), base_url)
    with pytest.raises(AccessibilityError) as caught:
        page.expect_accessible(impact="critical")
    assert "image-alt" in str(caught.value)
    assert "color-contrast" not in str(caught.value)
    below = page.expect_accessible(rules={"image-alt": False}, impact="critical")
    assert [v.rule for v in below] == ["color-contrast"]


def test_include_and_exclude_narrow_the_scan(open_page, base_url):
    page = BasePage(open_page("a11y.html"), base_url)
    assert page.expect_accessible(include=[Locator(By.ID, "clean", "profile section")]) == []
    logo, label = Locator(By.ID, "logo", "logo"), Locator(By.CSS_SELECTOR, "label", "label")
    assert page.expect_accessible(exclude=[logo, label]) == []


def test_bad_arguments_are_named(open_page, base_url):
    page = BasePage(open_page("a11y.html"), base_url)
    with pytest.raises(ValueError, match="impact 'severe' is not one of axe's: minor, moder"):
        page.expect_accessible(impact="severe")
    with pytest.raises(ValueError, match=r"include=\.\.\.\) matched no element: Locator"):
        page.expect_accessible(include=[Locator(By.ID, "nowhere", "nowhere")])


def test_include_and_exclude_take_css_strings_as_axe_does(open_page, base_url):
    page = BasePage(open_page("a11y.html"), base_url)
    assert page.expect_accessible(exclude=["#logo", "label"]) == []
    assert page.expect_accessible(include="#clean") == []
    with pytest.raises(AccessibilityError, match="image-alt"):
        page.expect_accessible(exclude="label")


def test_anything_else_as_a_locator_is_refused_in_one_sentence(open_page, base_url):
    page = BasePage(open_page("a11y.html"), base_url)
    with pytest.raises(TypeError) as caught:
        page.expect_accessible(exclude=[3])  # type: ignore[list-item]
    assert str(caught.value) == (
        "expect_accessible(exclude=...) takes a Locator, a CSS selector string or a "
        "(By.…, value) pair, got int 3"
    )
    with pytest.raises(ValueError, match="was given an empty string: give a Locator, or a CSS"):
        page.click("  ")


FAKE_AXE = {
    "a fake of the bundled version": (
        "window.axe = {version: arguments[0], run: function () {"
        " return Promise.resolve({violations: []}); }};"
    ),
    "a getter that throws": (
        "Object.defineProperty(window, 'axe', {configurable: true,"
        " get: function () { throw new Error('no axe for you'); }});"
    ),
    "the app's own axe, configured to pass everything": (
        "window.axe = {version: arguments[0], configure: function () {},"
        " run: function () { return Promise.resolve({violations: []}); }, mine: true};"
    ),
}


@pytest.mark.parametrize("fake", list(FAKE_AXE))
def test_a_page_defined_window_axe_is_neither_used_nor_changed(open_page, base_url, fake):
    """Issue 32: a page's window.axe of the bundled version made every check pass; a
    throwing getter gave a raw JavascriptException."""
    driver = open_page("a11y.html")
    driver.execute_script(FAKE_AXE[fake], axe_version())
    before = driver.execute_script(
        "var d = Object.getOwnPropertyDescriptor(window, 'axe');"
        " return d.get ? 'getter' : (d.value.mine ? 'mine' : 'value');"
    )
    page = BasePage(driver, base_url)
    with pytest.raises(AccessibilityError, match="image-alt"):
        page.expect_accessible()
    after = driver.execute_script(
        "var d = Object.getOwnPropertyDescriptor(window, 'axe');"
        " return d.get ? 'getter' : (d.value.mine ? 'mine' : 'value');"
    )
    assert after == before  # the page's own is put back as it was
