"""Inputs that schemathesis found to break cliente-service, kept as regular tests."""

import httpx
import pytest

from tests.cliente_service.cliente_helpers import password_grant, signup_body
from tests.conftest import bearer

# The sign-up schemathesis sent: an email that both services accept and a password
# with a NUL character, which auth-service rejects. cliente-service accepted the
# password, auth-service returned 422 and the sign-up failed with 503.
NUL_PASSWORD = "clave-\x00segura"
FUZZ_EMAIL = "#bk4b0yp~`@sf.25rrp.info"


@pytest.mark.parametrize("path", ["/api/clientes/registro", "/api/clientes"])
def test_create_password_with_nul_rejected(cliente_service, admin_token, path):
    body = signup_body(password=NUL_PASSWORD)

    response = httpx.post(
        f"{cliente_service.url}{path}",
        json=body,
        headers=bearer(admin_token),
        timeout=30,
    )

    assert response.status_code == 422, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["password"]


def test_signup_fuzz_email_accepted(auth_service, cliente_service):
    body = signup_body(email=FUZZ_EMAIL)

    response = httpx.post(
        f"{cliente_service.url}/api/clientes/registro", json=body, timeout=30
    )

    assert response.status_code == 201, response.text
    login = password_grant(auth_service.url, FUZZ_EMAIL, body["password"])
    assert login.status_code == 200, login.text


# schemathesis searched for a text with a NUL character. PostgreSQL rejects NUL in
# text parameters, and the list failed with 500.
@pytest.mark.parametrize("q", ["\x00", "Ana\x00García", "Ana\tGarcía"])
def test_list_search_control_character_rejected(cliente_service, admin_token, q):
    response = httpx.get(
        f"{cliente_service.url}/api/clientes",
        params={"q": q},
        headers=bearer(admin_token),
    )

    assert response.status_code == 422, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["q"]
