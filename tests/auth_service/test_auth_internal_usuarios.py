"""Internal endpoints that cliente-service uses to manage customer logins."""

import uuid

import httpx
import pytest

from common.testing import unique_name
from tests.auth_service.auth_helpers import (
    DEFAULT_PASSWORD,
    bearer,
    password_grant,
)


def create_body(**changes) -> dict:
    body = {
        "email": f"{unique_name('i')}@example.com",
        "password": DEFAULT_PASSWORD,
        "cliente_id": str(uuid.uuid4()),
    }
    body.update(changes)
    return body


def cliente_url(url: str, cliente_id: str) -> str:
    return f"{url}/internal/usuarios/cliente/{cliente_id}"


def test_create_usuario_returns_login(auth, usuarios_token):
    body = create_body(email=f"  {unique_name('Mixed').upper()}@Example.COM ")

    response = httpx.post(
        f"{auth.url}/internal/usuarios", json=body, headers=bearer(usuarios_token)
    )

    assert response.status_code == 201, response.text
    created = response.json()
    assert created["email"] == body["email"].strip().lower()
    assert created["cliente_id"] == body["cliente_id"]
    assert created["activo"] is True
    assert created["roles"] == ["ROLE_CLIENTE"]
    assert uuid.UUID(created["id"])
    assert "password" not in created
    assert "password_hash" not in created
    assert created["creado_en"].endswith("+00:00")
    login = password_grant(auth.url, created["email"], DEFAULT_PASSWORD)
    assert login.status_code == 200, login.text


def test_create_usuario_password_kept_verbatim(auth, usuarios_token):
    body = create_body(password="  espacios  ")

    response = httpx.post(
        f"{auth.url}/internal/usuarios", json=body, headers=bearer(usuarios_token)
    )

    assert response.status_code == 201, response.text
    assert password_grant(auth.url, body["email"], "  espacios  ").status_code == 200
    assert password_grant(auth.url, body["email"], "espacios").status_code == 400


def test_create_usuario_unicode_email_password(auth, usuarios_token):
    body = create_body(
        email=f"ñandú.{uuid.uuid4().hex[:6]}@ejemplo.es", password="contraseña€€"
    )

    response = httpx.post(
        f"{auth.url}/internal/usuarios", json=body, headers=bearer(usuarios_token)
    )

    assert response.status_code == 201, response.text
    login = password_grant(auth.url, body["email"].upper(), "contraseña€€")
    assert login.status_code == 200, login.text


def test_create_usuario_max_password_bytes(auth, usuarios_token):
    password = "ñ" * 36
    body = create_body(password=password)

    response = httpx.post(
        f"{auth.url}/internal/usuarios", json=body, headers=bearer(usuarios_token)
    )

    assert response.status_code == 201, response.text
    assert password_grant(auth.url, body["email"], password).status_code == 200


def test_create_usuario_duplicate_email(auth, usuarios_token):
    body = create_body()
    first = httpx.post(
        f"{auth.url}/internal/usuarios", json=body, headers=bearer(usuarios_token)
    )
    assert first.status_code == 201, first.text
    again = create_body(email=body["email"].upper())

    response = httpx.post(
        f"{auth.url}/internal/usuarios", json=again, headers=bearer(usuarios_token)
    )

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


def test_create_usuario_duplicate_cliente_id(auth, usuarios_token):
    body = create_body()
    httpx.post(
        f"{auth.url}/internal/usuarios", json=body, headers=bearer(usuarios_token)
    )

    response = httpx.post(
        f"{auth.url}/internal/usuarios",
        json=create_body(cliente_id=body["cliente_id"]),
        headers=bearer(usuarios_token),
    )

    assert response.status_code == 409


def test_create_usuario_admin_email_taken(auth, usuarios_token):
    response = httpx.post(
        f"{auth.url}/internal/usuarios",
        json=create_body(email=auth.admin_email),
        headers=bearer(usuarios_token),
    )

    assert response.status_code == 409


def test_deactivate_usuario_blocks_login(auth, create_login, usuarios_token):
    login = create_login()

    response = httpx.patch(
        cliente_url(auth.url, login.cliente_id),
        json={"activo": False},
        headers=bearer(usuarios_token),
    )

    assert response.status_code == 200, response.text
    assert response.json()["activo"] is False
    assert password_grant(auth.url, login.email, login.password).status_code == 400


def test_reactivate_usuario_allows_login(auth, create_login, usuarios_token):
    login = create_login()
    url = cliente_url(auth.url, login.cliente_id)
    httpx.patch(url, json={"activo": False}, headers=bearer(usuarios_token))

    response = httpx.patch(url, json={"activo": True}, headers=bearer(usuarios_token))

    assert response.status_code == 200, response.text
    assert response.json()["activo"] is True
    assert password_grant(auth.url, login.email, login.password).status_code == 200


def test_update_usuario_unknown_cliente(auth, usuarios_token):
    response = httpx.patch(
        cliente_url(auth.url, str(uuid.uuid4())),
        json={"activo": False},
        headers=bearer(usuarios_token),
    )

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_delete_usuario_removes_login(auth, create_login, usuarios_token):
    login = create_login()

    response = httpx.delete(
        cliente_url(auth.url, login.cliente_id), headers=bearer(usuarios_token)
    )

    assert response.status_code == 204
    assert response.content == b""
    assert password_grant(auth.url, login.email, login.password).status_code == 400


def test_delete_usuario_frees_email(auth, create_login, usuarios_token):
    login = create_login()
    httpx.delete(
        cliente_url(auth.url, login.cliente_id), headers=bearer(usuarios_token)
    )

    response = httpx.post(
        f"{auth.url}/internal/usuarios",
        json=create_body(email=login.email),
        headers=bearer(usuarios_token),
    )

    assert response.status_code == 201, response.text


def test_delete_usuario_idempotent(auth, usuarios_token):
    url = cliente_url(auth.url, str(uuid.uuid4()))

    first = httpx.delete(url, headers=bearer(usuarios_token))
    second = httpx.delete(url, headers=bearer(usuarios_token))

    assert first.status_code == 204
    assert second.status_code == 204


def test_delete_usuario_keeps_admin(auth, usuarios_token, admin_tokens):
    # Administrators have no cliente id, so no cliente path can reach them.
    response = httpx.delete(
        f"{auth.url}/internal/usuarios/cliente/null", headers=bearer(usuarios_token)
    )

    assert response.status_code == 404
    login = password_grant(auth.url, auth.admin_email, auth.admin_password)
    assert login.status_code == 200


ENDPOINTS = [
    ("POST", "/internal/usuarios", create_body()),
    ("PATCH", f"/internal/usuarios/cliente/{uuid.uuid4()}", {"activo": False}),
    ("DELETE", f"/internal/usuarios/cliente/{uuid.uuid4()}", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_internal_missing_token(auth, method, path, body):
    response = httpx.request(method, f"{auth.url}{path}", json=body)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_internal_user_token_forbidden(auth, admin_tokens, method, path, body):
    token = admin_tokens["access_token"]

    response = httpx.request(
        method, f"{auth.url}{path}", json=body, headers=bearer(token)
    )

    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_internal_other_service_forbidden(auth, method, path, body):
    token = httpx.post(
        f"{auth.url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("pedido-service", auth.secrets["pedido-service"]),
    ).json()["access_token"]

    response = httpx.request(
        method, f"{auth.url}{path}", json=body, headers=bearer(token)
    )

    assert response.status_code == 403


# (case name, raw body, expected status)
CREATE_BAD_BODIES = [
    ("empty_body", b"", 400),
    ("malformed_json", b'{"email": ', 400),
    ("json_array", b"[]", 400),
    ("json_null", b"null", 400),
    ("json_string", b'"texto"', 400),
    ("empty_object", b"{}", 422),
    ("invalid_utf8", b'{"email": "\xff"}', 400),
]

CREATE_BAD_FIELDS = [
    ("email_number", {"email": 5}),
    ("email_null", {"email": None}),
    ("email_invalid", {"email": "no-es-un-email"}),
    ("email_empty", {"email": ""}),
    ("email_huge", {"email": "a" * 10_000 + "@example.com"}),
    ("email_nul", {"email": "a\u0000b@example.com"}),
    ("password_number", {"password": 12345678}),
    ("password_list", {"password": ["clave-segura-1"]}),
    ("password_short", {"password": "corta"}),
    ("password_73_bytes", {"password": "a" * 73}),
    ("password_multibyte_over_72", {"password": "ñ" * 37}),
    ("password_huge", {"password": "x" * 100_000}),
    ("password_nul", {"password": "clave\u0000segura"}),
    ("cliente_id_number", {"cliente_id": 5}),
    ("cliente_id_invalid", {"cliente_id": "no-es-uuid"}),
    ("cliente_id_null", {"cliente_id": None}),
    ("unknown_field", {"roles": ["ROLE_ADMIN"]}),
    ("emoji_in_cliente_id", {"cliente_id": "😀"}),
]


@pytest.mark.parametrize(
    ("body", "status"),
    [case[1:] for case in CREATE_BAD_BODIES],
    ids=[case[0] for case in CREATE_BAD_BODIES],
)
def test_create_usuario_bad_body(auth, usuarios_token, body, status):
    headers = {**bearer(usuarios_token), "Content-Type": "application/json"}

    response = httpx.post(
        f"{auth.url}/internal/usuarios", content=body, headers=headers
    )

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "changes",
    [case[1] for case in CREATE_BAD_FIELDS],
    ids=[case[0] for case in CREATE_BAD_FIELDS],
)
def test_create_usuario_invalid_field(auth, usuarios_token, changes):
    response = httpx.post(
        f"{auth.url}/internal/usuarios",
        json=create_body(**changes),
        headers=bearer(usuarios_token),
    )

    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert errors
    assert all(set(error) == {"field", "message"} for error in errors)


UPDATE_BAD_BODIES = [
    ("empty_body", b"", 400),
    ("malformed_json", b"{", 400),
    ("empty_object", b"{}", 422),
    ("activo_string", b'{"activo": "false"}', 422),
    ("activo_number", b'{"activo": 0}', 422),
    ("activo_null", b'{"activo": null}', 422),
    ("unknown_field", b'{"activo": false, "email": "x@example.com"}', 422),
]


@pytest.mark.parametrize(
    ("body", "status"),
    [case[1:] for case in UPDATE_BAD_BODIES],
    ids=[case[0] for case in UPDATE_BAD_BODIES],
)
def test_update_usuario_bad_body(auth, create_login, usuarios_token, body, status):
    login = create_login()
    headers = {**bearer(usuarios_token), "Content-Type": "application/json"}

    response = httpx.patch(
        cliente_url(auth.url, login.cliente_id), content=body, headers=headers
    )

    assert response.status_code == status, response.text
    assert password_grant(auth.url, login.email, login.password).status_code == 200


@pytest.mark.parametrize("cliente_id", ["no-es-uuid", "1", "%00", "ñ"])
def test_update_usuario_bad_path(auth, usuarios_token, cliente_id):
    response = httpx.patch(
        f"{auth.url}/internal/usuarios/cliente/{cliente_id}",
        json={"activo": False},
        headers=bearer(usuarios_token),
    )

    assert response.status_code == 404


def test_create_usuario_body_too_large(auth, usuarios_token):
    body = create_body(password="x" * 2_000_000)

    response = httpx.post(
        f"{auth.url}/internal/usuarios", json=body, headers=bearer(usuarios_token)
    )

    assert response.status_code == 413
