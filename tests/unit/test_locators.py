from __future__ import annotations

import pickle

import pytest
from selenium.webdriver.common.by import By

from e2e import GeneralLocators, Locator, xpath_literal


def test_a_locator_is_the_two_item_tuple_selenium_takes() -> None:
    locator = Locator(By.ID, "username", "username field")
    by, value = locator
    assert (by, value) == ("id", "username")
    assert locator == (By.ID, "username")
    assert len(locator) == 2
    assert (locator.by, locator.value, locator.name) == ("id", "username", "username field")


def test_repr_names_the_locator_for_error_messages() -> None:
    assert repr(GeneralLocators.blockUI) == "Locator('blockUI overlay', class name='blockUI')"
    assert repr(Locator(By.CSS_SELECTOR, ".x")) == "Locator(css selector='.x')"


def test_locators_are_immutable_hashable_and_picklable() -> None:
    locator = Locator(By.ID, "a", "a")
    with pytest.raises(AttributeError, match="immutable"):
        locator.name = "b"  # type: ignore[misc]
    assert {locator: 1}[Locator(By.ID, "a")] == 1
    copy = pickle.loads(pickle.dumps(locator))
    assert (copy, copy.name) == (locator, "a")


def test_unknown_strategy_lists_the_valid_ones() -> None:
    with pytest.raises(
        ValueError, match=r"Unknown locator strategy 'idd'; use one of: .*css selector"
    ):
        Locator("idd", "x")
    with pytest.raises(ValueError, match="non-empty string"):
        Locator(By.ID, "")


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", "'plain'"),
        ("it's", '"it\'s"'),
        ('say "hi" it\'s', "concat('say \"hi\" it', \"'\", 's')"),
        ("'", '"\'"'),
    ],
)
def test_xpath_literal_quotes_any_text(text: str, literal: str) -> None:
    assert xpath_literal(text) == literal


def test_a_template_builds_a_row_by_its_text_safely() -> None:
    row = Locator(By.XPATH, "//tr[td[normalize-space()={title}]]", "row {title}")
    assert row.fields == ("title",)
    filled = row.format(title='Bob\'s "case"')
    assert filled.value == "//tr[td[normalize-space()=concat('Bob', \"'\", 's \"case\"')]]"
    assert filled.name == 'row Bob\'s "case"'


def test_css_templates_are_filled_as_text_and_missing_values_are_named() -> None:
    widget = Locator(By.CSS_SELECTOR, '[data-widget="{name}"] .value', "widget {name}")
    assert widget.format(name="open-cases").value == '[data-widget="open-cases"] .value'
    with pytest.raises(KeyError, match="needs values for: name"):
        widget.format()


def test_general_locators_can_be_extended_by_an_application() -> None:
    class AppLocators(GeneralLocators):
        busy = Locator(By.CSS_SELECTOR, ".loading", "loading spinner")

    assert AppLocators.blockUI == (By.CLASS_NAME, "blockUI")
    assert AppLocators.busy.name == "loading spinner"


def test_numbers_in_an_xpath_template_stay_numbers() -> None:
    cell = Locator(By.XPATH, "(//div[@class='cell'])[{n}]", "cell {n}")
    assert cell.format(n=1).value == "(//div[@class='cell'])[1]"
    assert cell.format(n=2.5).value == "(//div[@class='cell'])[2.5]"
    assert cell.format(n="1").value == "(//div[@class='cell'])['1']"  # a string stays text
    assert cell.format(n=True).value == "(//div[@class='cell'])['True']"


def test_a_number_xpath_cannot_hold_is_refused() -> None:
    cell = Locator(By.XPATH, "(//div)[{n}]")
    with pytest.raises(ValueError, match="not a number XPath can hold"):
        cell.format(n=float("nan"))


def test_open_without_a_base_url_says_how_to_give_one() -> None:
    from e2e import BasePage

    class Dashboard(BasePage):
        path = "/dashboard"

    page = Dashboard(driver=None, base_url="")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Dashboard cannot open '/dashboard': it has no base URL"):
        page.open()
    with pytest.raises(ValueError, match=r"--base-url http://host:port"):
        Dashboard(driver=None, base_url="localhost:8000").open()  # type: ignore[arg-type]
    assert page.url("https://example.test/x") == "https://example.test/x"
