"""Tracking reads: one order, several orders at once, and the status history."""

import httpx
import pytest

from tests.conftest import bearer, service_token
from tests.tracking_service.tracking_helpers import random_numero

TRACKING_FIELDS = {
    "numero",
    "cliente_id",
    "estado",
    "version",
    "actualizado_en",
    "sincronizado_en",
}


@pytest.fixture
def owned(new_cliente, apply):
    """A customer with one order in tracking at version 2."""
    cliente = new_cliente()
    numero = random_numero()
    apply(numero, cliente.cliente_id, version=1)
    apply(numero, cliente.cliente_id, estado="CONFIRMADO", version=2)
    return cliente, numero


def get(url: str, path: str, headers: dict) -> httpx.Response:
    return httpx.get(f"{url}{path}", headers=headers)


def test_get_owner_reads_own_order(tracking_service, owned):
    cliente, numero = owned

    response = get(tracking_service.url, f"/api/tracking/{numero}", cliente.headers)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == TRACKING_FIELDS
    assert body["numero"] == numero
    assert body["cliente_id"] == cliente.cliente_id
    assert body["estado"] == "CONFIRMADO"
    assert body["version"] == 2
    assert "X-Request-ID" in response.headers


def test_get_other_customer_404(tracking_service, owned, new_cliente):
    _, numero = owned
    stranger = new_cliente()

    response = get(tracking_service.url, f"/api/tracking/{numero}", stranger.headers)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_get_admin_reads_any_order(tracking_service, owned, admin_headers):
    cliente, numero = owned

    response = get(tracking_service.url, f"/api/tracking/{numero}", admin_headers)

    assert response.status_code == 200
    assert response.json()["cliente_id"] == cliente.cliente_id


def test_get_missing_order_404(tracking_service, admin_headers):
    response = get(
        tracking_service.url, f"/api/tracking/{random_numero()}", admin_headers
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "numero",
    ["PED-abcdefghij", "PED-ABCDEFGH1Z", "PED-ABC", "ped-ABCDEFGHIJ", "X" * 300],
)
def test_get_malformed_numero_404(tracking_service, admin_headers, numero):
    response = get(tracking_service.url, f"/api/tracking/{numero}", admin_headers)

    assert response.status_code == 404


def test_get_without_token_401(tracking_service, owned):
    _, numero = owned

    response = get(tracking_service.url, f"/api/tracking/{numero}", {})

    assert response.status_code == 401


def test_get_service_token_403(tracking_service, auth_service, owned):
    _, numero = owned
    headers = bearer(service_token(auth_service.url, "pedido-service"))

    response = get(tracking_service.url, f"/api/tracking/{numero}", headers)

    assert response.status_code == 403


def test_batch_owner_gets_own_and_faltantes(
    tracking_service, new_cliente, apply, owned
):
    cliente, first = owned
    second = random_numero()
    apply(second, cliente.cliente_id, version=1)
    someone_elses = random_numero()
    apply(someone_elses, new_cliente().cliente_id, version=1)
    missing = random_numero()
    numeros = [first, someone_elses, second, missing]

    response = httpx.get(
        f"{tracking_service.url}/api/tracking",
        params={"numeros": ",".join(numeros)},
        headers=cliente.headers,
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["numero"] for item in body["items"]] == [first, second]
    assert set(body["items"][0]) == TRACKING_FIELDS
    assert body["faltantes"] == [someone_elses, missing]


def test_batch_admin_sees_every_order(tracking_service, admin_headers, owned):
    _, numero = owned
    missing = random_numero()

    response = httpx.get(
        f"{tracking_service.url}/api/tracking",
        params={"numeros": f" {numero} ,{missing},{numero}"},
        headers=admin_headers,
    )

    assert response.status_code == 200
    assert [item["numero"] for item in response.json()["items"]] == [numero]
    assert response.json()["faltantes"] == [missing]


@pytest.mark.parametrize(
    ("numeros", "status"),
    [
        pytest.param([random_numero() for _ in range(100)], 200, id="100"),
        pytest.param([random_numero() for _ in range(101)], 422, id="101"),
        pytest.param([random_numero() for _ in range(300)], 422, id="300"),
        pytest.param([], 422, id="empty"),
        pytest.param([",", " "], 422, id="only-commas"),
        pytest.param([random_numero(), "PED-1"], 422, id="malformed"),
        pytest.param(None, 422, id="missing-parameter"),
    ],
)
def test_batch_query_limits(tracking_service, admin_headers, numeros, status):
    params = {} if numeros is None else {"numeros": ",".join(numeros)}

    response = httpx.get(
        f"{tracking_service.url}/api/tracking", params=params, headers=admin_headers
    )

    assert response.status_code == status, response.text
    if status == 200:
        assert response.json() == {"items": [], "faltantes": numeros}
    else:
        assert response.json()["errors"][0]["field"] == "numeros"


def test_historial_owner_oldest_first(tracking_service, owned):
    cliente, numero = owned

    response = get(
        tracking_service.url, f"/api/tracking/{numero}/historial", cliente.headers
    )

    assert response.status_code == 200
    entries = response.json()
    assert [entry["estado"] for entry in entries] == ["CREADO", "CONFIRMADO"]
    assert [entry["version"] for entry in entries] == [1, 2]
    assert all(set(entry) == {"estado", "version", "en"} for entry in entries)


def test_historial_other_customer_404(tracking_service, owned, new_cliente):
    _, numero = owned

    response = get(
        tracking_service.url,
        f"/api/tracking/{numero}/historial",
        new_cliente().headers,
    )

    assert response.status_code == 404


def test_historial_admin_and_missing(tracking_service, owned, admin_headers):
    _, numero = owned

    found = get(
        tracking_service.url, f"/api/tracking/{numero}/historial", admin_headers
    )
    missing = get(
        tracking_service.url,
        f"/api/tracking/{random_numero()}/historial",
        admin_headers,
    )

    assert found.status_code == 200
    assert len(found.json()) == 2
    assert missing.status_code == 404
