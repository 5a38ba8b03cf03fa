"""The login form works with the keyboard alone."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import Cuenta, screenshot

# The skip link, the brand link and the two fields come before the button.
MAX_TABS_TO_EMAIL = 10


def focused_testid(page: Page) -> str | None:
    return page.evaluate("document.activeElement?.getAttribute('data-testid')")


def test_login_with_tab_and_enter_only(
    page: Page, cliente: Cuenta, screenshots: Path
) -> None:
    page.goto("/login")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    screenshot(page, screenshots / "login.png")

    for _ in range(MAX_TABS_TO_EMAIL):
        page.keyboard.press("Tab")
        if focused_testid(page) == "login-email":
            break
    assert focused_testid(page) == "login-email"
    page.keyboard.type(cliente.email)
    page.keyboard.press("Tab")
    assert focused_testid(page) == "login-password"
    page.keyboard.type(cliente.password)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/pedidos$"))
    expect(page.get_by_test_id("user-email")).to_have_text(cliente.email)
