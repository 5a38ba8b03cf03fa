"""Who may open which page, and how long a session lasts in the browser."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import Cuenta, log_in, snackbar


def test_admin_url_redirects_customer(page: Page, cliente: Cuenta) -> None:
    log_in(page, cliente.email, cliente.password)

    page.goto("/admin/pedidos")

    expect(page).to_have_url(re.compile(r"/pedidos$"))
    expect(page.get_by_role("heading", name="Mis pedidos")).to_be_visible()
    expect(snackbar(page)).to_contain_text("No tienes permiso para abrir esa página")
    expect(page.get_by_role("heading", name="Todos los pedidos")).to_have_count(0)


def test_reload_keeps_session_until_logout(page: Page, cliente: Cuenta) -> None:
    log_in(page, cliente.email, cliente.password)
    page.goto("/seguimiento")
    expect(page.get_by_test_id("seguimiento-form")).to_be_visible()

    # The access token lives only in memory: the reload signs in again with the
    # HttpOnly refresh cookie, which scripts cannot read.
    page.reload()
    expect(page).to_have_url(re.compile(r"/seguimiento$"))
    expect(page.get_by_test_id("user-email")).to_have_text(cliente.email)
    expect(page.get_by_test_id("seguimiento-form")).to_be_visible()
    assert "refresh_token" not in page.evaluate("document.cookie")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["refresh_token"]["httpOnly"] is True

    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_test_id("user-email")).to_have_count(0)

    page.reload()
    expect(page.get_by_test_id("login-form")).to_be_visible()
    expect(page.get_by_test_id("live-indicator")).to_have_count(0)
    page.goto("/pedidos")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_test_id("login-form")).to_be_visible()
