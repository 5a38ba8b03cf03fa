"""Quick lookup of an order by its number."""

from playwright.sync_api import Page, expect

from tests.e2e.helpers import Cuenta, GatewayApi, log_in


def look_up(page: Page, numero: str) -> None:
    page.get_by_test_id("seguimiento-numero").fill(numero)
    page.get_by_test_id("seguimiento-submit").click()


def test_lookup_own_order_and_foreign_number(
    page: Page, api: GatewayApi, admin: Cuenta, cliente: Cuenta
) -> None:
    propio = api.create_pedido(cliente, "Reloj de pared")
    api.advance(admin, propio, "EN_PREPARACION")
    ajeno = api.create_pedido(api.register_cliente(), "Maceta grande")

    log_in(page, cliente.email, cliente.password)
    page.get_by_role("link", name="Seguimiento", exact=True).click()
    # Lower case and spaces, as a customer might type it from an e-mail.
    look_up(page, f"  {propio['numero'].lower()} ")

    resultado = page.get_by_test_id("seguimiento-resultado")
    expect(resultado).to_have_attribute("data-numero", propio["numero"])
    expect(resultado.get_by_test_id("status-chip")).to_have_text("En preparación")
    expect(resultado.get_by_test_id("status-chip")).to_have_attribute(
        "data-estado", "EN_PREPARACION"
    )
    expect(resultado).to_contain_text("Reloj de pared")
    expect(page.get_by_test_id("seguimiento-detalle-link")).to_be_visible()

    look_up(page, ajeno["numero"])
    no_encontrado = page.get_by_test_id("seguimiento-no-encontrado")
    expect(no_encontrado).to_contain_text(ajeno["numero"])
    expect(no_encontrado).to_contain_text("No encontramos ningún pedido")
    expect(page.get_by_test_id("seguimiento-resultado")).to_have_count(0)
    expect(page.get_by_text("Maceta grande")).to_have_count(0)
