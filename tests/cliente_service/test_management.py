"""Administrator routes: list and search, update, deactivate and reactivate."""

import httpx
import pytest

from common.testing import unique_name
from tests.cliente_service.cliente_helpers import (
    PASSWORD,
    password_grant,
    refresh_grant,
)
from tests.conftest import bearer


@pytest.fixture
def admin(admin_token):
    return bearer(admin_token)


@pytest.fixture
def tagged(create_cliente):
    """Three customers whose names share a tag no other customer has."""
    tag = unique_name("tag")
    clientes = [create_cliente(nombre=f"Señora {tag} {n}") for n in ("Uno", "Dos")]
    clientes.append(create_cliente(nombre=f"Señor {tag.upper()} Tres"))
    return tag, clientes


def list_clientes(url: str, headers: dict, **params) -> httpx.Response:
    return httpx.get(f"{url}/api/clientes", params=params, headers=headers)


def test_list_returns_page_shape(cliente_service, admin, create_cliente):
    create_cliente()

    response = list_clientes(cliente_service.url, admin)

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"items", "page", "size", "total"}
    assert body["page"] == 1
    assert body["size"] == 20
    assert body["total"] >= 3  # two demo customers and the one above
    assert 1 <= len(body["items"]) <= 20
    assert "password" not in body["items"][0]


def test_list_search_name_case_insensitive(cliente_service, admin, tagged):
    tag, clientes = tagged

    response = list_clientes(cliente_service.url, admin, q=tag.upper())

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 3
    assert {item["id"] for item in body["items"]} == {c.id for c in clientes}


def test_list_search_email(cliente_service, admin, tagged):
    _, clientes = tagged
    email = clientes[1].email

    response = list_clientes(cliente_service.url, admin, q=email.upper())

    assert response.status_code == 200, response.text
    assert [item["id"] for item in response.json()["items"]] == [clientes[1].id]


def test_list_search_escapes_wildcards(cliente_service, admin, tagged):
    tag, _ = tagged

    response = list_clientes(cliente_service.url, admin, q=f"{tag}%_")

    assert response.status_code == 200, response.text
    assert response.json()["total"] == 0


def test_list_pages_newest_first(cliente_service, admin, tagged):
    tag, clientes = tagged
    pages = [
        list_clientes(cliente_service.url, admin, q=tag, size=2, page=page)
        for page in (1, 2, 3)
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    ids = [[item["id"] for item in page.json()["items"]] for page in pages]
    assert ids == [[clientes[2].id, clientes[1].id], [clientes[0].id], []]
    assert all(page.json()["total"] == 3 for page in pages)
    assert pages[2].json()["page"] == 3
    assert pages[2].json()["size"] == 2


def test_list_filters_activo(cliente_service, admin, tagged):
    tag, clientes = tagged
    url = f"{cliente_service.url}/api/clientes/{clientes[0].id}"
    assert httpx.delete(url, headers=admin).status_code == 200

    inactivos = list_clientes(cliente_service.url, admin, q=tag, activo="false")
    activos = list_clientes(cliente_service.url, admin, q=tag, activo="true")

    assert inactivos.status_code == 200, inactivos.text
    assert [item["id"] for item in inactivos.json()["items"]] == [clientes[0].id]
    assert activos.status_code == 200, activos.text
    assert activos.json()["total"] == 2


def test_update_partial_by_admin(cliente_service, admin, create_cliente):
    ana = create_cliente()
    url = f"{cliente_service.url}/api/clientes/{ana.id}"

    response = httpx.put(
        url, json={"direccion": "Calle Nueva 7, Bilbao"}, headers=admin
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["direccion"] == "Calle Nueva 7, Bilbao"
    assert body["nombre"] == ana.cliente["nombre"]
    assert body["telefono"] == ana.cliente["telefono"]
    assert body["activo"] is True
    assert httpx.get(url, headers=admin).json() == body


def test_update_empty_body_changes_nothing(cliente_service, admin, create_cliente):
    ana = create_cliente()

    response = httpx.put(
        f"{cliente_service.url}/api/clientes/{ana.id}", json={}, headers=admin
    )

    assert response.status_code == 200, response.text
    assert response.json() == ana.cliente


def test_deactivate_stops_login(cliente_service, auth_service, admin, create_cliente):
    ana = create_cliente()
    refresh_token = password_grant(auth_service.url, ana.email, PASSWORD).json()[
        "refresh_token"
    ]

    response = httpx.delete(
        f"{cliente_service.url}/api/clientes/{ana.id}", headers=admin
    )

    assert response.status_code == 200, response.text
    assert response.json()["activo"] is False
    assert response.json()["email"] == ana.email
    login = password_grant(auth_service.url, ana.email, PASSWORD)
    assert login.status_code == 400, login.text
    assert login.json()["error"] == "invalid_grant"
    refresh = refresh_grant(auth_service.url, refresh_token)
    assert refresh.status_code == 400, refresh.text
    assert refresh.json()["error"] == "invalid_grant"


def test_deactivate_keeps_profile(cliente_service, admin, create_cliente):
    ana = create_cliente()
    url = f"{cliente_service.url}/api/clientes/{ana.id}"
    assert httpx.delete(url, headers=admin).status_code == 200

    response = httpx.get(url, headers=admin)

    assert response.status_code == 200, response.text
    assert response.json()["activo"] is False
    assert response.json()["nombre"] == ana.cliente["nombre"]


def test_deactivate_twice_same_answer(cliente_service, admin, create_cliente):
    ana = create_cliente()
    url = f"{cliente_service.url}/api/clientes/{ana.id}"
    first = httpx.delete(url, headers=admin)

    second = httpx.delete(url, headers=admin)

    assert first.status_code == 200, first.text
    assert second.status_code == 200, second.text
    assert second.json()["activo"] is False


def test_reactivate_restores_login(
    cliente_service, auth_service, admin, create_cliente
):
    ana = create_cliente()
    url = f"{cliente_service.url}/api/clientes/{ana.id}"
    assert httpx.delete(url, headers=admin).status_code == 200

    response = httpx.put(url, json={"activo": True}, headers=admin)

    assert response.status_code == 200, response.text
    assert response.json()["activo"] is True
    login = password_grant(auth_service.url, ana.email, PASSWORD)
    assert login.status_code == 200, login.text


def test_update_activo_false_stops_login(
    cliente_service, auth_service, admin, create_cliente
):
    ana = create_cliente()

    response = httpx.put(
        f"{cliente_service.url}/api/clientes/{ana.id}",
        json={"activo": False, "nombre": "Ana Baja"},
        headers=admin,
    )

    assert response.status_code == 200, response.text
    assert response.json()["activo"] is False
    assert response.json()["nombre"] == "Ana Baja"
    login = password_grant(auth_service.url, ana.email, PASSWORD)
    assert login.status_code == 400, login.text
