"""Token endpoint: every RFC 6749 error code, its status, and no-store headers."""

import base64

import httpx
import pytest

from tests.auth_service.auth_helpers import password_grant, token_request

FORM = "application/x-www-form-urlencoded"


def basic(client_id: str, secret: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


class ValidBasic:
    """Placeholder for the real Basic credentials of ``client_id`` in the table."""

    def __init__(self, client_id: str) -> None:
        self.client_id = client_id


def raw_form(body: bytes | str, **headers: str) -> dict:
    content = body.encode() if isinstance(body, str) else body
    return {"content": content, "headers": {"Content-Type": FORM, **headers}}


def password_form(**changes: str | None) -> dict:
    form = {
        "grant_type": "password",
        "client_id": "web",
        "username": "nadie@example.com",
        "password": "clave-incorrecta",
    }
    form.update(changes)
    return {"data": {key: value for key, value in form.items() if value is not None}}


# (case name, request arguments, expected status, expected error code)
ERROR_CASES = [
    (
        "json_body",
        {"json": {"grant_type": "client_credentials"}},
        400,
        "invalid_request",
    ),
    (
        "text_body",
        {"content": b"grant_type=password", "headers": {"Content-Type": "text/plain"}},
        400,
        "invalid_request",
    ),
    ("no_body", {}, 400, "invalid_request"),
    ("missing_grant_type", {"data": {"client_id": "web"}}, 400, "invalid_request"),
    ("empty_grant_type", password_form(grant_type=""), 400, "invalid_request"),
    (
        "repeated_parameter",
        raw_form(
            "grant_type=password&client_id=web&client_id=web&username=a&password=b"
        ),
        400,
        "invalid_request",
    ),
    (
        "repeated_grant_type",
        raw_form("grant_type=password&grant_type=client_credentials&client_id=web"),
        400,
        "invalid_request",
    ),
    (
        "invalid_utf8",
        raw_form(b"grant_type=password&username=\xff\xfe"),
        400,
        "invalid_request",
    ),
    (
        "invalid_percent_utf8",
        raw_form("grant_type=password&client_id=web&username=%ff&password=x"),
        400,
        "invalid_request",
    ),
    (
        "nul_character",
        password_form(username="a\x00b@example.com"),
        400,
        "invalid_request",
    ),
    ("overlong_value", password_form(username="a" * 5000), 400, "invalid_request"),
    ("missing_password", password_form(password=None), 400, "invalid_request"),
    ("missing_username", password_form(username=None), 400, "invalid_request"),
    (
        "refresh_without_token",
        {"data": {"grant_type": "refresh_token", "client_id": "web"}},
        400,
        "invalid_request",
    ),
    (
        "authorization_code_grant",
        {"data": {"grant_type": "authorization_code", "client_id": "web", "code": "x"}},
        400,
        "unsupported_grant_type",
    ),
    ("unknown_grant", password_form(grant_type="magic"), 400, "unsupported_grant_type"),
    ("missing_client_id", password_form(client_id=None), 400, "invalid_client"),
    ("unknown_client_id", password_form(client_id="intruso"), 400, "invalid_client"),
    (
        "secret_in_body",
        {
            "data": {
                "grant_type": "client_credentials",
                "client_id": "cliente-service",
                "client_secret": "any-secret",
            }
        },
        400,
        "invalid_client",
    ),
    (
        "confidential_without_basic",
        {"data": {"grant_type": "client_credentials", "client_id": "pedido-service"}},
        400,
        "invalid_client",
    ),
    (
        "basic_wrong_secret",
        {
            "data": {"grant_type": "client_credentials"},
            "headers": basic("cliente-service", "wrong"),
        },
        401,
        "invalid_client",
    ),
    (
        "basic_unknown_client",
        {"data": {"grant_type": "client_credentials"}, "headers": basic("x", "y")},
        401,
        "invalid_client",
    ),
    (
        "basic_public_client",
        {"data": {"grant_type": "client_credentials"}, "headers": basic("web", "")},
        401,
        "invalid_client",
    ),
    (
        "basic_not_base64",
        {
            "data": {"grant_type": "client_credentials"},
            "headers": {"Authorization": "Basic %%%"},
        },
        401,
        "invalid_client",
    ),
    (
        "basic_without_colon",
        {
            "data": {"grant_type": "client_credentials"},
            "headers": {"Authorization": "Basic " + base64.b64encode(b"x").decode()},
        },
        401,
        "invalid_client",
    ),
    (
        "bearer_instead_of_basic",
        {
            "data": {"grant_type": "client_credentials"},
            "headers": {"Authorization": "Bearer abc"},
        },
        401,
        "invalid_client",
    ),
    (
        "basic_and_client_id_differ",
        {
            "data": {"grant_type": "client_credentials", "client_id": "pedido-service"},
            "auth": ValidBasic("cliente-service"),
        },
        400,
        "invalid_request",
    ),
    (
        "web_client_credentials",
        {"data": {"grant_type": "client_credentials", "client_id": "web"}},
        400,
        "unauthorized_client",
    ),
    (
        "service_password_grant",
        {
            "data": {"grant_type": "password", "username": "a@b.c", "password": "x"},
            "auth": ValidBasic("cliente-service"),
        },
        400,
        "unauthorized_client",
    ),
    (
        "service_refresh_grant",
        {
            "data": {"grant_type": "refresh_token", "refresh_token": "x"},
            "auth": ValidBasic("pedido-service"),
        },
        400,
        "unauthorized_client",
    ),
    (
        "service_foreign_scope",
        {
            "data": {"grant_type": "client_credentials", "scope": "tracking.write"},
            "auth": ValidBasic("cliente-service"),
        },
        400,
        "invalid_scope",
    ),
    (
        "service_partly_foreign_scope",
        {
            "data": {
                "grant_type": "client_credentials",
                "scope": "clientes.read usuarios.write",
            },
            "auth": ValidBasic("pedido-service"),
        },
        400,
        "invalid_scope",
    ),
    ("web_admin_scope", password_form(scope="api admin"), 400, "invalid_scope"),
    ("unknown_email", password_form(), 400, "invalid_grant"),
    (
        "password_over_72_bytes",
        password_form(username="admin.pruebas@example.com", password="ñ" * 40),
        400,
        "invalid_grant",
    ),
    (
        "overlong_email",
        password_form(username="a" * 300 + "@x.es"),
        400,
        "invalid_grant",
    ),
    (
        "unknown_refresh_token",
        {
            "data": {
                "grant_type": "refresh_token",
                "client_id": "web",
                "refresh_token": "not-a-token",
            }
        },
        400,
        "invalid_grant",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_token_error_response(auth, kwargs, status, error):
    credentials = kwargs.get("auth")
    if isinstance(credentials, ValidBasic):
        client_id = credentials.client_id
        kwargs = {**kwargs, "auth": (client_id, auth.secrets[client_id])}

    response = httpx.post(f"{auth.url}/oauth2/token", **kwargs)

    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] == error
    assert isinstance(body["error_description"], str)
    assert set(body) == {"error", "error_description"}
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic ")
    else:
        assert "www-authenticate" not in response.headers


def test_token_wrong_password_like_unknown_email(auth, create_login):
    login = create_login()

    wrong_password = password_grant(auth.url, login.email, "otra-clave-123")
    unknown_email = password_grant(auth.url, "nadie.123@example.com", "otra-clave-123")

    assert wrong_password.status_code == 400
    assert unknown_email.status_code == 400
    assert wrong_password.json() == unknown_email.json()
    assert wrong_password.json()["error"] == "invalid_grant"


def test_token_inactive_user_rejected(auth, create_login, usuarios_token):
    login = create_login()
    response = httpx.patch(
        f"{auth.url}/internal/usuarios/cliente/{login.cliente_id}",
        json={"activo": False},
        headers={"Authorization": f"Bearer {usuarios_token}"},
    )
    assert response.status_code == 200, response.text

    rejected = password_grant(auth.url, login.email, login.password)
    wrong = password_grant(auth.url, login.email, "otra-clave-123")

    assert rejected.status_code == 400
    assert rejected.json() == wrong.json()


def test_token_get_method_not_allowed(auth):
    response = httpx.get(f"{auth.url}/oauth2/token")

    assert response.status_code == 405
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"


def test_token_body_too_large(auth):
    body = "grant_type=password&username=" + "a" * 1_100_000

    response = token_request(
        auth.url, None, content=body.encode(), headers={"Content-Type": FORM}
    )

    assert response.status_code == 413
    assert response.headers["cache-control"] == "no-store"


def test_token_too_many_parameters(auth):
    body = "&".join(f"p{index}=x" for index in range(50))

    response = token_request(
        auth.url, None, content=body.encode(), headers={"Content-Type": FORM}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
