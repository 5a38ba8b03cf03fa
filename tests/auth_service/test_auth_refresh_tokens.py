"""Refresh tokens: rotation, reuse detection, revocation and the browser cookie."""

import hashlib

import httpx

from tests.auth_service.auth_helpers import (
    bearer,
    claims_of,
    me,
    password_grant,
    psql,
    refresh_grant,
    token_request,
)


def revoke(url: str, data: dict | None = None, **kwargs) -> httpx.Response:
    return httpx.post(f"{url}/oauth2/revoke", data=data, **kwargs)


def set_cookie_of(response: httpx.Response) -> str:
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 1, cookies
    return cookies[0]


def test_refresh_rotates_token(auth, login_tokens):
    response = refresh_grant(auth.url, login_tokens["refresh_token"])

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["refresh_token"] != login_tokens["refresh_token"]
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "api"
    old_claims = claims_of(login_tokens["access_token"])
    new_claims = claims_of(body["access_token"])
    assert new_claims["sub"] == old_claims["sub"]
    assert new_claims["cliente_id"] == old_claims["cliente_id"]
    assert new_claims["jti"] != old_claims["jti"]
    assert me(auth.url, body["access_token"]).status_code == 200


def test_refresh_old_token_rejected(auth, login_tokens):
    first = refresh_grant(auth.url, login_tokens["refresh_token"])
    assert first.status_code == 200, first.text

    again = refresh_grant(auth.url, login_tokens["refresh_token"])

    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_refresh_reuse_revokes_family(auth, login_tokens):
    second = refresh_grant(auth.url, login_tokens["refresh_token"]).json()
    third = refresh_grant(auth.url, second["refresh_token"]).json()

    reused = refresh_grant(auth.url, login_tokens["refresh_token"])
    newest = refresh_grant(auth.url, third["refresh_token"])

    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    assert newest.status_code == 400
    assert newest.json()["error"] == "invalid_grant"


def test_refresh_reuse_spares_other_sessions(auth, create_login):
    login = create_login()
    phone = password_grant(auth.url, login.email, login.password).json()
    laptop = password_grant(auth.url, login.email, login.password).json()
    refresh_grant(auth.url, phone["refresh_token"])

    refresh_grant(auth.url, phone["refresh_token"])
    response = refresh_grant(auth.url, laptop["refresh_token"])

    assert response.status_code == 200, response.text


def test_refresh_narrower_scope_allowed(auth, login_tokens):
    response = refresh_grant(auth.url, login_tokens["refresh_token"], scope="api")

    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "api"


def test_refresh_wider_scope_keeps_token(auth, login_tokens):
    rejected = refresh_grant(
        auth.url, login_tokens["refresh_token"], scope="api usuarios.write"
    )
    retried = refresh_grant(auth.url, login_tokens["refresh_token"])

    assert rejected.status_code == 400
    assert rejected.json()["error"] == "invalid_scope"
    assert retried.status_code == 200, retried.text


def test_refresh_deactivated_user_rejected(auth, create_login, usuarios_token):
    login = create_login()
    tokens = password_grant(auth.url, login.email, login.password).json()
    response = httpx.patch(
        f"{auth.url}/internal/usuarios/cliente/{login.cliente_id}",
        json={"activo": False},
        headers=bearer(usuarios_token),
    )
    assert response.status_code == 200, response.text

    refreshed = refresh_grant(auth.url, tokens["refresh_token"])

    assert refreshed.status_code == 400
    assert refreshed.json()["error"] == "invalid_grant"


def test_refresh_reactivated_user_needs_login(auth, create_login, usuarios_token):
    login = create_login()
    tokens = password_grant(auth.url, login.email, login.password).json()
    url = f"{auth.url}/internal/usuarios/cliente/{login.cliente_id}"
    httpx.patch(url, json={"activo": False}, headers=bearer(usuarios_token))
    httpx.patch(url, json={"activo": True}, headers=bearer(usuarios_token))

    refreshed = refresh_grant(auth.url, tokens["refresh_token"])
    logged_in = password_grant(auth.url, login.email, login.password)

    assert refreshed.status_code == 400
    assert logged_in.status_code == 200, logged_in.text


def test_refresh_token_not_access_token(auth, login_tokens):
    response = me(auth.url, login_tokens["refresh_token"])

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_revoke_refresh_token(auth, login_tokens):
    response = revoke(
        auth.url, {"token": login_tokens["refresh_token"], "client_id": "web"}
    )

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    refreshed = refresh_grant(auth.url, login_tokens["refresh_token"])
    assert refreshed.status_code == 400
    assert refreshed.json()["error"] == "invalid_grant"


def test_revoke_with_type_hint(auth, login_tokens):
    response = revoke(
        auth.url,
        {
            "token": login_tokens["refresh_token"],
            "token_type_hint": "refresh_token",
            "client_id": "web",
        },
    )

    assert response.status_code == 200, response.text
    assert refresh_grant(auth.url, login_tokens["refresh_token"]).status_code == 400


def test_revoke_ends_rotated_family(auth, login_tokens):
    newer = refresh_grant(auth.url, login_tokens["refresh_token"]).json()

    response = revoke(
        auth.url, {"token": login_tokens["refresh_token"], "client_id": "web"}
    )

    assert response.status_code == 200
    assert refresh_grant(auth.url, newer["refresh_token"]).status_code == 400


def test_revoke_unknown_token_ok(auth):
    response = revoke(auth.url, {"token": "unknown-token", "client_id": "web"})

    assert response.status_code == 200


def test_revoke_access_token_ok(auth, login_tokens):
    response = revoke(
        auth.url,
        {
            "token": login_tokens["access_token"],
            "token_type_hint": "access_token",
            "client_id": "web",
        },
    )

    assert response.status_code == 200


def test_revoke_other_client_token_untouched(auth, login_tokens):
    response = revoke(
        auth.url,
        {"token": login_tokens["refresh_token"]},
        auth=("cliente-service", auth.secrets["cliente-service"]),
    )

    assert response.status_code == 200
    assert refresh_grant(auth.url, login_tokens["refresh_token"]).status_code == 200


def test_revoke_missing_token_rejected(auth):
    response = revoke(auth.url, {"client_id": "web"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert response.headers["cache-control"] == "no-store"


def test_revoke_without_client_rejected(auth, login_tokens):
    response = revoke(auth.url, {"token": login_tokens["refresh_token"]})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client"
    assert refresh_grant(auth.url, login_tokens["refresh_token"]).status_code == 200


def test_revoke_wrong_basic_secret(auth):
    response = revoke(auth.url, {"token": "x"}, auth=("pedido-service", "wrong"))

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic ")


def test_revoke_json_body_rejected(auth):
    response = httpx.post(
        f"{auth.url}/oauth2/revoke", json={"token": "x", "client_id": "web"}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_cookie_set_on_password_grant(auth, create_login):
    login = create_login()

    response = password_grant(auth.url, login.email, login.password)

    assert response.status_code == 200, response.text
    cookie = set_cookie_of(response)
    attributes = [part.strip() for part in cookie.split(";")]
    assert attributes[0] == f"refresh_token={response.json()['refresh_token']}"
    assert "HttpOnly" in attributes
    assert "SameSite=Strict" in attributes
    assert "Path=/oauth2" in attributes
    assert "Max-Age=1209600" in attributes
    assert "Secure" not in attributes


def test_cookie_refresh_without_form_token(auth, login_tokens):
    cookies = {"refresh_token": login_tokens["refresh_token"]}

    response = token_request(
        auth.url,
        {"grant_type": "refresh_token", "client_id": "web"},
        cookies=cookies,
    )

    assert response.status_code == 200, response.text
    new_token = response.json()["refresh_token"]
    assert set_cookie_of(response).startswith(f"refresh_token={new_token};")
    reused = token_request(
        auth.url,
        {"grant_type": "refresh_token", "client_id": "web"},
        cookies=cookies,
    )
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"


def test_cookie_form_token_takes_precedence(auth, create_login):
    login = create_login()
    first = password_grant(auth.url, login.email, login.password).json()
    second = password_grant(auth.url, login.email, login.password).json()

    response = token_request(
        auth.url,
        {
            "grant_type": "refresh_token",
            "client_id": "web",
            "refresh_token": first["refresh_token"],
        },
        cookies={"refresh_token": second["refresh_token"]},
    )

    assert response.status_code == 200, response.text
    assert refresh_grant(auth.url, first["refresh_token"]).status_code == 400
    assert refresh_grant(auth.url, second["refresh_token"]).status_code == 200


def test_cookie_ignored_for_service_clients(auth):
    response = revoke(
        auth.url,
        None,
        auth=("cliente-service", auth.secrets["cliente-service"]),
        cookies={"refresh_token": "x"},
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_cookie_revoke_clears_cookie(auth, login_tokens):
    response = revoke(
        auth.url,
        {"client_id": "web"},
        cookies={"refresh_token": login_tokens["refresh_token"]},
    )

    assert response.status_code == 200, response.text
    cookie = set_cookie_of(response)
    assert cookie.startswith("refresh_token=")
    assert "Max-Age=0" in cookie
    assert "Path=/oauth2" in cookie
    assert refresh_grant(auth.url, login_tokens["refresh_token"]).status_code == 400


def test_cookie_secure_when_configured(stack, auth):
    process = stack.spawn("auth_service", COOKIE_SECURE="true")
    try:
        response = password_grant(process.url, auth.admin_email, auth.admin_password)
    finally:
        process.stop()

    assert response.status_code == 200, response.text
    attributes = [part.strip() for part in set_cookie_of(response).split(";")]
    assert "Secure" in attributes
    assert "HttpOnly" in attributes


def test_refresh_expired_token_rejected(auth, login_tokens):
    token_hash = hashlib.sha256(login_tokens["refresh_token"].encode()).hexdigest()
    psql(
        auth.database,
        "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' "
        f"WHERE token_hash = '{token_hash}'",
    )

    response = refresh_grant(auth.url, login_tokens["refresh_token"])

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_refresh_token_stored_as_hash(auth, login_tokens):
    token = login_tokens["refresh_token"]
    token_hash = hashlib.sha256(token.encode()).hexdigest()

    rows = psql(
        auth.database,
        f"SELECT count(*) FROM refresh_tokens WHERE token_hash = '{token_hash}'",
    )
    raw = psql(
        auth.database,
        f"SELECT count(*) FROM refresh_tokens WHERE token_hash = '{token}'",
    )

    assert rows == ["1"]
    assert raw == ["0"]
