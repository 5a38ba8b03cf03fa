"""Token endpoint: the success shape of each grant and the claims it signs."""

import httpx
import jwt

from common.demo import DEMO_CLIENTES
from tests.auth_service.auth_helpers import claims_of, password_grant, token_request

NO_STORE = {"cache-control": "no-store", "pragma": "no-cache"}


def assert_no_store(response: httpx.Response) -> None:
    for name, value in NO_STORE.items():
        assert response.headers.get(name) == value, name


def test_password_grant_customer_tokens(auth, create_login):
    login = create_login()

    response = password_grant(auth.url, login.email, login.password)

    assert response.status_code == 200, response.text
    assert_no_store(response)
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["scope"] == "api"
    assert isinstance(body["refresh_token"], str)
    assert len(body["refresh_token"]) >= 43
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "RS256"
    assert header["typ"] == "at+jwt"
    assert header["kid"]
    claims = claims_of(body["access_token"])
    assert claims["iss"] == "http://localhost:8080"
    assert claims["aud"] == "seguimiento-api"
    assert claims["sub"] == login.id
    assert claims["roles"] == ["ROLE_CLIENTE"]
    assert claims["cliente_id"] == login.cliente_id
    assert claims["client_id"] == "web"
    assert claims["scope"] == "api"
    assert claims["exp"] - claims["iat"] == 900
    assert claims["jti"]


def test_password_grant_admin_claims(auth, admin_tokens):
    claims = claims_of(admin_tokens["access_token"])

    assert claims["roles"] == ["ROLE_ADMIN"]
    assert "cliente_id" not in claims
    assert claims["scope"] == "api"


def test_password_grant_email_case_insensitive(auth, create_login):
    login = create_login()

    response = password_grant(auth.url, f"  {login.email.upper()} ", login.password)

    assert response.status_code == 200, response.text


def test_password_grant_explicit_scope(auth, create_login):
    login = create_login()

    response = password_grant(auth.url, login.email, login.password, scope="api")

    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "api"


def test_password_grant_demo_customer(auth):
    demo = DEMO_CLIENTES[0]

    response = password_grant(auth.url, demo.email, demo.password)

    assert response.status_code == 200, response.text
    claims = claims_of(response.json()["access_token"])
    assert claims["cliente_id"] == demo.id


def test_password_grant_unique_jti(auth, create_login):
    login = create_login()

    first = password_grant(auth.url, login.email, login.password).json()
    second = password_grant(auth.url, login.email, login.password).json()

    first_jti = claims_of(first["access_token"])["jti"]
    assert first_jti != claims_of(second["access_token"])["jti"]
    assert first["refresh_token"] != second["refresh_token"]


def test_client_credentials_cliente_service(auth):
    secret = auth.secrets["cliente-service"]

    response = token_request(
        auth.url,
        {"grant_type": "client_credentials"},
        auth=("cliente-service", secret),
    )

    assert response.status_code == 200, response.text
    assert_no_store(response)
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "usuarios.write"
    assert "refresh_token" not in body
    assert "set-cookie" not in response.headers
    claims = claims_of(body["access_token"])
    assert claims["sub"] == "cliente-service"
    assert claims["client_id"] == "cliente-service"
    assert claims["roles"] == []
    assert claims["scope"] == "usuarios.write"
    assert "cliente_id" not in claims


def test_client_credentials_pedido_service(auth):
    secret = auth.secrets["pedido-service"]

    response = token_request(
        auth.url,
        {"grant_type": "client_credentials"},
        auth=("pedido-service", secret),
    )

    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "clientes.read tracking.write"


def test_client_credentials_scope_subset(auth):
    secret = auth.secrets["pedido-service"]

    response = token_request(
        auth.url,
        {"grant_type": "client_credentials", "scope": "tracking.write"},
        auth=("pedido-service", secret),
    )

    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "tracking.write"
    claims = claims_of(response.json()["access_token"])
    assert claims["scope"] == "tracking.write"


def test_client_credentials_matching_client_id(auth):
    secret = auth.secrets["cliente-service"]

    response = token_request(
        auth.url,
        {"grant_type": "client_credentials", "client_id": "cliente-service"},
        auth=("cliente-service", secret),
    )

    assert response.status_code == 200, response.text


def test_token_form_with_charset(auth, create_login):
    login = create_login()
    body = (
        f"grant_type=password&client_id=web&username={login.email}"
        f"&password={login.password}"
    )

    response = httpx.post(
        f"{auth.url}/oauth2/token",
        content=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
    )

    assert response.status_code == 200, response.text
