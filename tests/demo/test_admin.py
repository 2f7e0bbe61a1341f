"""Users admin and custom fields (customizations)."""

import pytest

from locators.customizations import CustomizationsLocators
from locators.users import UsersLocators
from pages.customizations import CustomizationsPage
from pages.users import UsersPage


@pytest.fixture
def users(as_admin, page) -> UsersPage:
    return page(UsersPage).open()


@pytest.fixture
def fields(as_admin, page) -> CustomizationsPage:
    return page(CustomizationsPage).open()


@pytest.mark.smoke
def test_an_admin_adds_a_tester(users) -> None:
    users.add_user("quinn", "quinn@example.test", "tester")
    users.expect(UsersLocators.usernames).to_have_texts(["admin", "quinn"])
    assert users.role_of("quinn") == "tester"


@pytest.mark.parametrize(
    ("field", "username", "email", "password", "error"),
    [
        (
            "username",
            "x",
            "x@example.test",
            "long-enough",
            "Use 3 to 30 letters, digits, dots, dashes or underscores.",
        ),
        ("username", "admin", "a@example.test", "long-enough", "The username 'admin' is taken."),
        ("email", "valid", "nope", "long-enough", "Enter an e-mail address like name@example.com."),
        (
            "password",
            "valid",
            "v@example.test",
            "short",
            "The password needs at least 8 characters.",
        ),
    ],
    ids=["short-username", "taken-username", "bad-email", "short-password"],
)
def test_bad_user_details_are_shown_inline(users, field, username, email, password, error) -> None:
    users.add_user(username, email, "tester", password=password)
    assert users.modal.is_open()
    assert users.modal.error(field) == error


def test_a_new_admin_can_log_in(users, page) -> None:
    users.add_user("ada", "ada@example.test", "admin", password="ada-pass-12")
    login = users.logout()
    assert login.login("ada", "ada-pass-12").current_user() == "ada (admin)"


def test_a_custom_field_is_added_with_a_multiline_description(fields) -> None:
    fields.add_field("Browser", "Which browser\nand version")
    assert fields.names() == ["Browser"]
    assert fields.description_of("Browser") == "Which browser\nand version"


def test_a_custom_field_description_is_edited(demo, fields) -> None:
    demo.seed(fields=[{"name": "OS", "description": "Operating system"}])
    fields.open()
    fields.edit_field("OS", description="OS and build")
    assert fields.description_of("OS") == "OS and build"


def test_a_custom_field_is_deleted(demo, fields) -> None:
    demo.seed(fields=[{"name": "OS"}, {"name": "Locale"}])
    fields.open()
    fields.delete_field("OS")
    fields.expect(CustomizationsLocators.names).to_have_texts(["Locale"])
