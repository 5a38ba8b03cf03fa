"""Bad input on every body and query: 400 or 422 with field errors, never 500."""

import httpx
import pytest

from tests.cliente_service.cliente_helpers import PASSWORD, password_grant, signup_body
from tests.conftest import bearer

HUGE = "a" * 100_000


def field_names(response: httpx.Response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"", 400),
        (b'{"nombre": ', 400),
        (b"[1, 2]", 400),
        (b'"texto"', 400),
        (b"null", 400),
        (b"\xff\xfe{}", 400),
        (b"{}", 422),
    ],
    ids=["empty", "truncated", "array", "string", "null", "not-utf8", "empty-object"],
)
def test_signup_malformed_body_rejected(cliente_service, raw, status):
    response = httpx.post(
        f"{cliente_service.url}/api/clientes/registro",
        content=raw,
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nombre": 123}, "nombre"),
        ({"nombre": None}, "nombre"),
        ({"nombre": ["Ana"]}, "nombre"),
        ({"nombre": ""}, "nombre"),
        ({"nombre": "   "}, "nombre"),
        ({"nombre": "Ana\nGarcía"}, "nombre"),
        ({"nombre": "Ana\x00"}, "nombre"),
        ({"nombre": "a" * 101}, "nombre"),
        ({"nombre": HUGE}, "nombre"),
        ({"email": "no-es-un-email"}, "email"),
        ({"email": "ana@"}, "email"),
        ({"email": 42}, "email"),
        ({"email": ""}, "email"),
        ({"email": f"{HUGE}@example.com"}, "email"),
        ({"password": "corta"}, "password"),
        ({"password": 12345678}, "password"),
        ({"password": "a" * 73}, "password"),
        ({"password": "ñ" * 37}, "password"),  # 37 characters, 74 bytes
        ({"password": HUGE}, "password"),
        ({"telefono": "abc"}, "telefono"),
        ({"telefono": "12"}, "telefono"),
        ({"telefono": 600111222}, "telefono"),
        ({"telefono": "+34 600 111 222 333 444 555 666"}, "telefono"),
        ({"telefono": ""}, "telefono"),
        ({"direccion": ""}, "direccion"),
        ({"direccion": "a" * 201}, "direccion"),
        ({"direccion": {"calle": "Mayor"}}, "direccion"),
        ({"rol": "ROLE_ADMIN"}, "rol"),
        ({"activo": False}, "activo"),
        ({"id": "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e01"}, "id"),
    ],
)
def test_signup_invalid_field_rejected(cliente_service, changes, field):
    body = signup_body(**changes)

    response = httpx.post(f"{cliente_service.url}/api/clientes/registro", json=body)

    assert response.status_code == 422, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert field in field_names(response)
    assert PASSWORD not in response.text


@pytest.mark.parametrize(
    "field", ["nombre", "email", "password", "telefono", "direccion"]
)
def test_signup_missing_field_rejected(cliente_service, field):
    body = signup_body()
    del body[field]

    response = httpx.post(f"{cliente_service.url}/api/clientes/registro", json=body)

    assert response.status_code == 422, response.text
    assert field_names(response) == {field}


def test_signup_unicode_accepted(cliente_service, auth_service):
    body = signup_body(
        nombre="Zoë Ñandú 李小龍 🙂",
        direccion="Carrer de l'Àngel 3, 08002 Barcelona",
        password="contraseña-ñandú-🙂",
    )

    response = httpx.post(f"{cliente_service.url}/api/clientes/registro", json=body)

    assert response.status_code == 201, response.text
    assert response.json()["nombre"] == "Zoë Ñandú 李小龍 🙂"
    assert response.json()["direccion"] == body["direccion"]
    login = password_grant(auth_service.url, body["email"], "contraseña-ñandú-🙂")
    assert login.status_code == 200, login.text


def test_signup_strips_surrounding_spaces(cliente_service):
    body = signup_body()
    padded = {**body, "nombre": f"  {body['nombre']}  ", "telefono": " 600111222 "}

    response = httpx.post(f"{cliente_service.url}/api/clientes/registro", json=padded)

    assert response.status_code == 201, response.text
    assert response.json()["nombre"] == body["nombre"]
    assert response.json()["telefono"] == "600111222"


def test_signup_password_of_72_bytes_accepted(cliente_service):
    body = signup_body(password="ñ" * 36)  # 72 bytes in UTF-8

    response = httpx.post(f"{cliente_service.url}/api/clientes/registro", json=body)

    assert response.status_code == 201, response.text


def test_signup_body_too_large_rejected(cliente_service):
    body = signup_body(direccion="a" * 2_000_000)

    response = httpx.post(f"{cliente_service.url}/api/clientes/registro", json=body)

    assert response.status_code == 413, response.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"activo": "false"}, "activo"),
        ({"activo": 0}, "activo"),
        ({"activo": None}, "activo"),
        ({"nombre": None}, "nombre"),
        ({"nombre": ""}, "nombre"),
        ({"telefono": "teléfono"}, "telefono"),
        ({"direccion": HUGE}, "direccion"),
        ({"email": "nuevo@example.com"}, "email"),
        ({"password": "otra-clave-1"}, "password"),
    ],
)
def test_admin_update_invalid_rejected(
    cliente_service, admin_token, create_cliente, body, field
):
    ana = create_cliente()
    url = f"{cliente_service.url}/api/clientes/{ana.id}"

    response = httpx.put(url, json=body, headers=bearer(admin_token))

    assert response.status_code == 422, response.text
    assert field in field_names(response)
    assert httpx.get(url, headers=bearer(admin_token)).json() == ana.cliente


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"true"])
def test_me_update_malformed_rejected(cliente_service, create_cliente, raw):
    ana = create_cliente()

    response = httpx.put(
        f"{cliente_service.url}/api/clientes/me",
        content=raw,
        headers={**ana.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"size": "0"}, "size"),
        ({"size": "101"}, "size"),
        ({"size": "diez"}, "size"),
        ({"activo": "quizas"}, "activo"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_list_bad_query_rejected(cliente_service, admin_token, params, field):
    response = httpx.get(
        f"{cliente_service.url}/api/clientes",
        params=params,
        headers=bearer(admin_token),
    )

    assert response.status_code == 422, response.text
    assert field_names(response) == {field}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "1000000", "size": "100"},
        {"q": "Ñandú 李 % _ \\ '"},
        {"q": "   "},
        {"unknown": "ignored"},
    ],
)
def test_list_odd_query_accepted(cliente_service, admin_token, params):
    response = httpx.get(
        f"{cliente_service.url}/api/clientes",
        params=params,
        headers=bearer(admin_token),
    )

    assert response.status_code == 200, response.text
    assert isinstance(response.json()["items"], list)
