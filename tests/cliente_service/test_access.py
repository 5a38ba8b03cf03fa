"""Who may call which route: own profile, other customers, admins, service tokens."""

import uuid

import httpx
import pytest

from common.demo import DEMO_CLIENTES
from tests.conftest import bearer, service_token

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
UPDATE = {"nombre": "Nombre Cambiado"}


def request(method: str, url: str, headers: dict, body: dict | None = None):
    return httpx.request(method, url, headers=headers, json=body)


@pytest.fixture
def two_clientes(create_cliente):
    return create_cliente(), create_cliente()


def test_me_returns_own_profile(cliente_service, create_cliente):
    ana = create_cliente()

    response = httpx.get(f"{cliente_service.url}/api/clientes/me", headers=ana.headers)

    assert response.status_code == 200, response.text
    assert response.json() == ana.cliente


def test_me_update_changes_own_profile(cliente_service, create_cliente):
    ana = create_cliente()
    url = f"{cliente_service.url}/api/clientes/me"

    response = httpx.put(url, json={"telefono": "+34 911 222 333"}, headers=ana.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["telefono"] == "+34 911 222 333"
    assert body["nombre"] == ana.cliente["nombre"]
    assert body["direccion"] == ana.cliente["direccion"]
    assert body["actualizado_en"] > ana.cliente["actualizado_en"]
    assert httpx.get(url, headers=ana.headers).json() == body


def test_me_update_all_fields(cliente_service, create_cliente):
    ana = create_cliente()
    changes = {
        "nombre": "Ana Nueva",
        "telefono": "+34 600 999 888",
        "direccion": "Plaza Mayor 2, Salamanca",
    }

    response = httpx.put(
        f"{cliente_service.url}/api/clientes/me", json=changes, headers=ana.headers
    )

    assert response.status_code == 200, response.text
    assert {key: response.json()[key] for key in changes} == changes


def test_me_update_rejects_activo(cliente_service, create_cliente):
    ana = create_cliente()

    response = httpx.put(
        f"{cliente_service.url}/api/clientes/me",
        json={"activo": False},
        headers=ana.headers,
    )

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "activo"


def test_me_with_admin_token_forbidden(cliente_service, admin_token):
    response = httpx.get(
        f"{cliente_service.url}/api/clientes/me", headers=bearer(admin_token)
    )

    assert response.status_code == 403, response.text


def test_get_own_profile_by_id(cliente_service, create_cliente):
    ana = create_cliente()

    response = httpx.get(
        f"{cliente_service.url}/api/clientes/{ana.id}", headers=ana.headers
    )

    assert response.status_code == 200, response.text
    assert response.json() == ana.cliente


def test_get_by_admin(cliente_service, create_cliente, admin_token):
    ana = create_cliente()

    response = httpx.get(
        f"{cliente_service.url}/api/clientes/{ana.id}", headers=bearer(admin_token)
    )

    assert response.status_code == 200, response.text
    assert response.json() == ana.cliente


def test_get_demo_cliente_seeded(cliente_service, admin_token):
    demo = DEMO_CLIENTES[0]

    response = httpx.get(
        f"{cliente_service.url}/api/clientes/{demo.id}", headers=bearer(admin_token)
    )

    assert response.status_code == 200, response.text
    assert response.json()["nombre"] == demo.nombre
    assert response.json()["email"] == demo.email


def test_get_with_clientes_read_scope(cliente_service, create_cliente, reader_headers):
    ana = create_cliente()

    response = httpx.get(
        f"{cliente_service.url}/api/clientes/{ana.id}", headers=reader_headers
    )

    assert response.status_code == 200, response.text
    assert response.json()["id"] == ana.id


def test_get_without_read_scope_forbidden(
    cliente_service, create_cliente, auth_service
):
    """cliente-service's own token carries ``usuarios.write`` only."""
    ana = create_cliente()
    token = service_token(auth_service.url, "cliente-service")

    response = httpx.get(
        f"{cliente_service.url}/api/clientes/{ana.id}", headers=bearer(token)
    )

    assert response.status_code == 403, response.text


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("PUT", UPDATE), ("DELETE", None)]
)
def test_other_customer_id_not_found(
    cliente_service, two_clientes, admin_token, method, body
):
    ana, beto = two_clientes
    url = f"{cliente_service.url}/api/clientes/{beto.id}"

    response = request(method, url, ana.headers, body)

    assert response.status_code == 404, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    unchanged = httpx.get(url, headers=bearer(admin_token)).json()
    assert unchanged == beto.cliente


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/clientes", None),
        ("POST", "/api/clientes", {"nombre": "x"}),
        ("PUT", "/api/clientes/{own}", UPDATE),
        ("DELETE", "/api/clientes/{own}", None),
    ],
)
def test_customer_on_admin_route_forbidden(
    cliente_service, create_cliente, admin_token, method, path, body
):
    ana = create_cliente()
    url = cliente_service.url + path.format(own=ana.id)

    response = request(method, url, ana.headers, body)

    assert response.status_code == 403, response.text
    own = f"{cliente_service.url}/api/clientes/{ana.id}"
    assert httpx.get(own, headers=bearer(admin_token)).json() == ana.cliente


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/clientes"),
        ("POST", "/api/clientes"),
        ("GET", "/api/clientes/me"),
        ("PUT", "/api/clientes/me"),
        ("GET", f"/api/clientes/{DEMO_CLIENTES[0].id}"),
        ("PUT", f"/api/clientes/{DEMO_CLIENTES[0].id}"),
        ("DELETE", f"/api/clientes/{DEMO_CLIENTES[0].id}"),
    ],
)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic YTpi"}],
    ids=["no-token", "garbage-token", "basic-scheme"],
)
def test_route_without_valid_token_unauthorized(cliente_service, method, path, headers):
    response = httpx.request(
        method, f"{cliente_service.url}{path}", headers=headers, json=UPDATE
    )

    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "raw_id",
    ["not-a-uuid", "123", UNKNOWN_ID, "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4eZZ"],
)
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_unknown_or_malformed_id_not_found(
    cliente_service, admin_token, raw_id, method
):
    url = f"{cliente_service.url}/api/clientes/{raw_id}"

    response = request(method, url, bearer(admin_token), UPDATE)

    assert response.status_code == 404, response.text


def test_customer_malformed_id_not_found(cliente_service, create_cliente):
    ana = create_cliente()

    response = httpx.get(
        f"{cliente_service.url}/api/clientes/{uuid.uuid4().hex}x", headers=ana.headers
    )

    assert response.status_code == 404, response.text


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_health_needs_no_token(cliente_service, path):
    response = httpx.get(f"{cliente_service.url}{path}")

    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok"}
