"""NUL characters cannot be stored by PostgreSQL: they must give 422, not 500."""

import httpx

from tests.conftest import bearer, unique_name


def test_search_with_nul_rejected(cliente_service, admin_token):
    response = httpx.get(
        f"{cliente_service.url}/api/clientes",
        params={"q": "ana\x00"},
        headers=bearer(admin_token),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_signup_nul_password_rejected(cliente_service):
    email = f"{unique_name('nul')}@example.com"
    body = {
        "nombre": "Cliente Nul",
        "email": email,
        "password": "secret\x001234",
        "telefono": "+34 600 000 000",
        "direccion": "Calle de Prueba 1, Madrid",
    }
    response = httpx.post(f"{cliente_service.url}/api/clientes/registro", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"
    retry = httpx.post(
        f"{cliente_service.url}/api/clientes/registro",
        json={**body, "password": "secret-1234"},
    )
    assert retry.status_code == 201
