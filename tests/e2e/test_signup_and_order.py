"""A new customer signs up, logs in again and places an order that reaches tracking."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from common.testing import unique_name
from tests.e2e.helpers import log_in, pedido_row, screenshot, staleness_of


def test_signup_login_and_new_order(page: Page, screenshots: Path) -> None:
    email = f"{unique_name('alta')}@example.com"
    direccion = "Calle del Pez 7, 28004 Madrid"

    page.goto("/registro")
    page.get_by_test_id("registro-nombre").fill("Marta Ruiz")
    page.get_by_test_id("registro-email").fill(email)
    page.get_by_test_id("registro-password").fill("clave-de-marta-1")
    page.get_by_test_id("registro-telefono").fill("+34 611 222 333")
    page.get_by_test_id("registro-direccion").fill(direccion)
    page.get_by_test_id("registro-submit").click()

    # Signing up also signs in and opens the customer's empty order list.
    expect(page).to_have_url(re.compile(r"/pedidos$"))
    expect(page.get_by_test_id("user-email")).to_have_text(email)
    expect(page.get_by_test_id("pedidos-empty")).to_be_visible()

    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login"))
    log_in(page, email, "clave-de-marta-1")
    expect(page).to_have_url(re.compile(r"/pedidos$"))

    page.get_by_test_id("nuevo-pedido-link").click()
    expect(page).to_have_url(re.compile(r"/pedidos/nuevo$"))
    expect(page.get_by_test_id("pedido-direccion")).to_have_value(direccion)
    page.get_by_test_id("pedido-producto").fill("Bicicleta plegable")
    page.get_by_test_id("pedido-cantidad").fill("2")
    screenshot(page, screenshots / "nuevo-pedido.png")
    page.get_by_test_id("pedido-submit").click()

    expect(page).to_have_url(re.compile(r"/pedidos/PED-[A-Z0-9]+$"))
    numero = page.get_by_test_id("pedido-numero").inner_text().strip()
    expect(page.get_by_test_id("detalle-producto")).to_have_text("Bicicleta plegable")
    expect(page.get_by_test_id("detalle-direccion")).to_have_text(direccion)

    page.get_by_role("link", name="Mis pedidos").click()
    row = pedido_row(page, numero)
    expect(row).to_have_attribute("data-estado", "CREADO")
    expect(row.get_by_test_id("status-chip")).to_have_text("Creado")
    expect(staleness_of(row)).to_have_attribute("data-staleness", "sincronizado")
    expect(staleness_of(row)).to_contain_text("Sincronizado")
