"""The order page: history timeline, address edits and cancelling while allowed."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    Cuenta,
    GatewayApi,
    log_in,
    screenshot,
    snackbar,
    staleness_of,
)


def test_edit_address_and_cancel_order(
    page: Page, api: GatewayApi, admin: Cuenta, cliente: Cuenta
) -> None:
    pedido = api.create_pedido(cliente, "Estantería de pino")
    api.advance(admin, pedido, "CONFIRMADO")
    log_in(page, cliente.email, cliente.password)
    page.goto(f"/pedidos/{pedido['numero']}")

    detalle = page.get_by_test_id("pedido-detalle")
    entradas = page.get_by_test_id("historial-entry")
    expect(detalle).to_have_attribute("data-version", "2")
    expect(entradas).to_have_count(2)
    expect(entradas.nth(0)).to_have_attribute("data-estado", "CREADO")
    expect(entradas.nth(1)).to_have_attribute("data-estado", "CONFIRMADO")
    expect(entradas.nth(0)).to_contain_text("por ti")
    expect(entradas.nth(1)).to_contain_text("por la administración")

    page.get_by_test_id("editar-direccion").click()
    page.get_by_test_id("direccion-input").fill("Plaza Mayor 3, 37002 Salamanca")
    page.get_by_test_id("guardar-direccion").click()
    direccion = page.get_by_test_id("detalle-direccion")
    expect(direccion).to_have_text("Plaza Mayor 3, 37002 Salamanca")
    expect(detalle).to_have_attribute("data-version", "3")
    expect(snackbar(page)).to_contain_text("Dirección de entrega actualizada")
    expect(staleness_of(page)).to_have_attribute("data-staleness", "sincronizado")
    # The edit keeps the state, so its history entry names the data change instead.
    expect(entradas).to_have_count(3)
    expect(entradas.nth(2)).to_have_attribute("data-estado", "CONFIRMADO")
    expect(entradas.nth(2)).to_contain_text("Datos del pedido modificados")

    page.get_by_test_id("cancelar-pedido").click()
    page.get_by_test_id("confirm-accept").click()
    chip = page.locator("header").get_by_test_id("status-chip")
    expect(chip).to_have_attribute("data-estado", "CANCELADO")
    expect(chip).to_have_text("Cancelado")
    expect(entradas).to_have_count(4)
    expect(entradas.nth(3)).to_have_attribute("data-estado", "CANCELADO")
    expect(page.get_by_test_id("cancelar-pedido")).to_have_count(0)
    expect(page.get_by_test_id("editar-direccion")).to_have_count(0)


def test_shipped_order_cannot_be_cancelled(
    page: Page, api: GatewayApi, admin: Cuenta, cliente: Cuenta, screenshots: Path
) -> None:
    pedido = api.create_pedido(cliente, "Set de herramientas")
    api.advance(admin, pedido, "ENVIADO")
    log_in(page, cliente.email, cliente.password)
    page.goto(f"/pedidos/{pedido['numero']}")

    entradas = page.get_by_test_id("historial-entry")
    expect(entradas).to_have_count(4)
    estados = ["CREADO", "CONFIRMADO", "EN_PREPARACION", "ENVIADO"]
    for index, estado in enumerate(estados):
        expect(entradas.nth(index)).to_have_attribute("data-estado", estado)
    chip = page.locator("header").get_by_test_id("status-chip")
    expect(chip).to_have_attribute("data-estado", "ENVIADO")
    expect(staleness_of(page)).to_have_attribute("data-staleness", "sincronizado")
    expect(page.get_by_test_id("cancelar-pedido")).to_have_count(0)
    expect(page.get_by_test_id("editar-direccion")).to_have_count(0)
    screenshot(page, screenshots / "pedido-detalle.png")
