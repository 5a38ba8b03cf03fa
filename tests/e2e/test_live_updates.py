"""An administrator moves an order forward and the customer's open page follows live."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    Cuenta,
    GatewayApi,
    log_in,
    pedido_row,
    screenshot,
    staleness_of,
)


def test_admin_state_change_reaches_customer_live(
    page: Page,
    admin_page: Page,
    api: GatewayApi,
    admin: Cuenta,
    cliente: Cuenta,
    screenshots: Path,
) -> None:
    # Two more orders in other states make the list and its screenshot realistic.
    otro = api.create_pedido(cliente, "Lámpara de pie")
    api.advance(admin, otro, "CONFIRMADO")
    api.create_pedido(cliente, "Juego de toallas")
    numero = api.create_pedido(cliente, "Silla de oficina")["numero"]

    log_in(page, cliente.email, cliente.password)
    live = page.get_by_test_id("live-indicator")
    expect(live).to_have_attribute("data-status", "en-vivo")
    expect(live).to_contain_text("En vivo")
    row = pedido_row(page, numero)
    expect(row).to_have_attribute("data-estado", "CREADO")
    expect(staleness_of(row)).to_have_attribute("data-staleness", "sincronizado")
    # A page load would drop this marker, so its survival proves there was none.
    page.evaluate("window.sinRecarga = true")

    # The administrator's list was loaded before the order existed.
    admin_page.get_by_role("button", name="Actualizar").click()
    admin_row = pedido_row(admin_page, numero)
    for estado in ("CONFIRMADO", "EN_PREPARACION", "ENVIADO"):
        admin_row.get_by_test_id(f"estado-btn-{estado}").click()
        expect(admin_row).to_have_attribute("data-estado", estado)
    expect(admin_row.get_by_test_id("estado-btn-CANCELADO")).to_have_count(0)
    expect(staleness_of(admin_row)).to_have_attribute("data-staleness", "sincronizado")
    screenshot(admin_page, screenshots / "admin-pedidos.png")

    expect(row).to_have_attribute("data-estado", "ENVIADO")
    expect(row.get_by_test_id("status-chip")).to_have_text("Enviado")
    expect(staleness_of(row)).to_have_attribute("data-staleness", "sincronizado")
    expect(live).to_have_attribute("data-status", "en-vivo")
    assert page.evaluate("window.sinRecarga") is True
    screenshot(page, screenshots / "mis-pedidos.png")
