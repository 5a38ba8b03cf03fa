"""Order creation depends on cliente-service: unknown, inactive and unreachable
customers never leave an order behind."""

import httpx
import pytest

from common.testing import free_port
from tests.conftest import bearer
from tests.pedido_service.pedido_helpers import count_mysql_rows


@pytest.mark.parametrize("failure", ["refused", "timeout"])
def test_create_cliente_service_down_503(
    isolated, tracking_url, create_cliente, silent_server, failure
):
    cliente = create_cliente()
    cliente_url = (
        f"http://127.0.0.1:{free_port()}" if failure == "refused" else silent_server
    )
    pedido = isolated.pedido(tracking_url, CLIENTE_URL=cliente_url, CLIENTE_TIMEOUT="1")

    response = httpx.post(
        f"{pedido.url}/api/pedidos",
        json={"producto": "Radio", "direccion_entrega": "Calle 1"},
        headers=cliente.headers,
        timeout=10,
    )

    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "Retry-After" in response.headers
    assert count_mysql_rows(isolated.database, "pedido") == 0
    assert count_mysql_rows(isolated.database, "outbox") == 0


def test_create_inactive_cliente_rejected(
    pedidos_url, cliente_service, admin_token, create_cliente
):
    cliente = create_cliente()
    deactivated = httpx.delete(
        f"{cliente_service.url}/api/clientes/{cliente.id}",
        headers=bearer(admin_token),
    )
    assert deactivated.status_code in (200, 204), deactivated.text
    body = {"producto": "Lámpara", "direccion_entrega": "Calle 1"}

    as_admin = httpx.post(
        f"{pedidos_url}/api/pedidos",
        json={**body, "cliente_id": cliente.id},
        headers=bearer(admin_token),
    )
    as_cliente = httpx.post(
        f"{pedidos_url}/api/pedidos", json=body, headers=cliente.headers
    )

    assert as_admin.status_code == 422, as_admin.text
    assert as_cliente.status_code == 422, as_cliente.text
    listed = httpx.get(
        f"{pedidos_url}/api/pedidos",
        params={"cliente_id": cliente.id},
        headers=bearer(admin_token),
    )
    assert listed.json()["total"] == 0
