"""Access token verification through GET /api/auth/me, the JWKS and the server
metadata."""

import httpx
import jwt
import pytest

from tests.auth_service.auth_helpers import claims_of, me
from tests.token_forgery import auth_signing_key, forged_tokens

FORGED_NAMES = [
    "alg_none",
    "alg_none_capitalized",
    "hs256_public_key",
    "unknown_kid",
    "foreign_key_same_kid",
    "edited_claims",
    "stripped_signature",
    "truncated_signature",
    "garbage",
    "garbage_three_parts",
    "expired",
    "wrong_issuer",
    "wrong_audience",
    "missing_typ",
    "wrong_typ",
    "missing_exp",
]


@pytest.fixture(scope="session")
def forged(auth, admin_tokens) -> dict[str, str]:
    return forged_tokens(
        f"{auth.url}/oauth2/jwks",
        admin_tokens["access_token"],
        signing_key=auth_signing_key(auth.database),
    )


def assert_invalid_token(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert response.headers["content-type"] == "application/problem+json"


def test_forged_tokens_all_covered(forged):
    assert set(forged) == set(FORGED_NAMES)


@pytest.mark.parametrize("name", FORGED_NAMES)
def test_me_rejects_forged_token(auth, forged, name):
    assert_invalid_token(me(auth.url, forged[name]))


def test_me_accepts_genuine_token(auth, admin_tokens):
    response = me(auth.url, admin_tokens["access_token"])

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["email"] == auth.admin_email
    assert body["roles"] == ["ROLE_ADMIN"]
    assert body["cliente_id"] is None
    assert body["sub"] == claims_of(admin_tokens["access_token"])["sub"]


def test_me_customer_account(auth, create_login):
    login = create_login()
    response = httpx.post(
        f"{auth.url}/oauth2/token",
        data={
            "grant_type": "password",
            "client_id": "web",
            "username": login.email,
            "password": login.password,
        },
    )

    body = me(auth.url, response.json()["access_token"]).json()

    assert body == {
        "sub": login.id,
        "email": login.email,
        "roles": ["ROLE_CLIENTE"],
        "cliente_id": login.cliente_id,
    }


def test_me_service_token_forbidden(auth, usuarios_token):
    response = me(auth.url, usuarios_token)

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def test_me_missing_token(auth):
    response = httpx.get(f"{auth.url}/api/auth/me")

    assert_invalid_token(response)


def test_me_basic_scheme_rejected(auth):
    response = httpx.get(f"{auth.url}/api/auth/me", auth=("web", "x"))

    assert_invalid_token(response)


def test_me_deleted_account(auth, create_login, usuarios_token):
    login = create_login()
    tokens = httpx.post(
        f"{auth.url}/oauth2/token",
        data={
            "grant_type": "password",
            "client_id": "web",
            "username": login.email,
            "password": login.password,
        },
    ).json()
    httpx.delete(
        f"{auth.url}/internal/usuarios/cliente/{login.cliente_id}",
        headers={"Authorization": f"Bearer {usuarios_token}"},
    )

    assert_invalid_token(me(auth.url, tokens["access_token"]))


def test_jwks_publishes_signing_key(auth, admin_tokens):
    response = httpx.get(f"{auth.url}/oauth2/jwks")

    assert response.status_code == 200
    keys = response.json()["keys"]
    assert keys
    for key in keys:
        assert key["kty"] == "RSA"
        assert key["alg"] == "RS256"
        assert key["use"] == "sig"
        assert key["kid"]
        assert "d" not in key
        assert "p" not in key
    kid = jwt.get_unverified_header(admin_tokens["access_token"])["kid"]
    assert kid in {key["kid"] for key in keys}


def test_jwks_verifies_token(auth, admin_tokens):
    token = admin_tokens["access_token"]
    kid = jwt.get_unverified_header(token)["kid"]
    document = httpx.get(f"{auth.url}/oauth2/jwks").json()
    entry = next(key for key in document["keys"] if key["kid"] == kid)

    claims = jwt.decode(
        token,
        jwt.PyJWK.from_dict(entry),
        algorithms=["RS256"],
        audience="seguimiento-api",
        issuer="http://localhost:8080",
    )

    assert claims["roles"] == ["ROLE_ADMIN"]


def test_metadata_matches_tokens(auth, admin_tokens):
    response = httpx.get(f"{auth.url}/.well-known/oauth-authorization-server")

    assert response.status_code == 200
    metadata = response.json()
    issuer = claims_of(admin_tokens["access_token"])["iss"]
    assert metadata["issuer"] == issuer
    assert metadata["token_endpoint"] == f"{issuer}/oauth2/token"
    assert metadata["jwks_uri"] == f"{issuer}/oauth2/jwks"
    assert metadata["revocation_endpoint"] == f"{issuer}/oauth2/revoke"
    assert metadata["response_types_supported"] == []
    assert set(metadata["grant_types_supported"]) == {
        "password",
        "refresh_token",
        "client_credentials",
    }
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "none",
    }
    assert "api" in metadata["scopes_supported"]
    assert "usuarios.write" in metadata["scopes_supported"]


def test_signing_key_control_token_accepted(auth, admin_tokens):
    kid, pem = auth_signing_key(auth.database)
    claims = claims_of(admin_tokens["access_token"])
    token = jwt.encode(
        claims, pem, algorithm="RS256", headers={"kid": kid, "typ": "at+jwt"}
    )

    response = me(auth.url, token)

    assert response.status_code == 200, response.text
