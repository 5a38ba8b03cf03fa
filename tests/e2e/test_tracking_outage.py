"""While tracking-service is down the customer's page shows stale tracking. After it
comes back the relay catches up and the page shows the order in sync again."""

from playwright.sync_api import Page, expect

from tests.conftest import Stack
from tests.e2e.helpers import Cuenta, GatewayApi, log_in, pedido_row, staleness_of

# Covers the relay's retry delay and the browser's reconnect backoff after the outage.
RECOVERY_TIMEOUT_MS = 60_000


def test_tracking_outage_then_recovery(
    page: Page,
    api: GatewayApi,
    admin: Cuenta,
    cliente: Cuenta,
    full_stack: Stack,
) -> None:
    numero = api.create_pedido(cliente, "Mesa plegable")["numero"]
    log_in(page, cliente.email, cliente.password)
    live = page.get_by_test_id("live-indicator")
    row = pedido_row(page, numero)
    badge = staleness_of(row)
    aviso = page.get_by_test_id("tracking-unavailable")
    expect(badge).to_have_attribute("data-staleness", "sincronizado")
    expect(live).to_have_attribute("data-status", "en-vivo")

    full_stack.tracking.stop()
    try:
        expect(live).to_have_attribute("data-status", "reconectando")
        expect(live).to_contain_text("Reconectando")

        api.set_estado(admin, numero, "CONFIRMADO")
        page.get_by_role("button", name="Actualizar").click()
        expect(row).to_have_attribute("data-estado", "CONFIRMADO")
        expect(aviso).to_contain_text("El servicio de seguimiento no está disponible")
        expect(badge).to_have_attribute("data-staleness", "desactualizado")
        expect(badge).to_contain_text("Desactualizado: 1 versión atrás")
    finally:
        full_stack.start("tracking_service")

    expect(badge).to_have_attribute(
        "data-staleness", "sincronizado", timeout=RECOVERY_TIMEOUT_MS
    )
    expect(badge).to_contain_text("Sincronizado")
    expect(live).to_have_attribute("data-status", "en-vivo")
    expect(aviso).to_have_count(0)
