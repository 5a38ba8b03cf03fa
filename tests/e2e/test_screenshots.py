"""Administrator pages and the phone layout, checked and captured for the docs."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import PHONE, Cuenta, GatewayApi, log_in, pedido_row, screenshot


def test_admin_clientes_page(
    admin_page: Page, cliente: Cuenta, screenshots: Path
) -> None:
    admin_page.get_by_role("link", name="Clientes").click()
    row = admin_page.locator(f'[data-testid="cliente-row"][data-id="{cliente.id}"]')
    admin_page.get_by_test_id("clientes-busqueda").fill(cliente.email)
    expect(row).to_have_attribute("data-email", cliente.email)
    expect(row).to_contain_text(cliente.nombre)
    admin_page.get_by_test_id("clientes-busqueda").fill("")
    expect(admin_page.get_by_test_id("cliente-row").first).to_be_visible()
    screenshot(admin_page, screenshots / "admin-clientes.png")


def test_replication_panel(admin_page: Page, screenshots: Path) -> None:
    admin_page.get_by_role("link", name="Sincronización").click()
    expect(admin_page.get_by_test_id("sync-panel")).to_be_visible()
    expect(admin_page.get_by_test_id("sync-pendientes")).to_have_text("0")
    expect(admin_page.get_by_test_id("sync-reconstruir")).to_be_enabled()
    screenshot(admin_page, screenshots / "sincronizacion.png")


def test_orders_list_on_phone(
    browser: Browser,
    browser_context_args: dict,
    api: GatewayApi,
    admin: Cuenta,
    cliente: Cuenta,
    screenshots: Path,
) -> None:
    enviado = api.create_pedido(cliente, "Cafetera de goteo")
    api.advance(admin, enviado, "ENVIADO")
    creado = api.create_pedido(cliente, "Taza de cerámica")
    context = browser.new_context(
        **{**browser_context_args, "viewport": PHONE, "is_mobile": True}
    )
    try:
        page = context.new_page()
        log_in(page, cliente.email, cliente.password)
        expect(pedido_row(page, creado["numero"])).to_be_visible()
        expect(pedido_row(page, enviado["numero"])).to_have_attribute(
            "data-estado", "ENVIADO"
        )
        # No horizontal scrolling: the table fits the phone's width.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"]
        screenshot(page, screenshots / "mis-pedidos-movil.png")

        page.get_by_test_id("menu-toggle").click()
        expect(page.get_by_role("link", name="Nuevo pedido").first).to_be_visible()
    finally:
        context.close()
