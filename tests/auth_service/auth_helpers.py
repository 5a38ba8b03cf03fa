"""Request helpers for auth-service tests."""

import subprocess

import httpx
import jwt

DEFAULT_PASSWORD = "clave-segura-1"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_request(
    url: str,
    data: dict | None = None,
    *,
    auth: tuple[str, str] | None = None,
    **kwargs,
) -> httpx.Response:
    """POST a form to ``/oauth2/token``."""
    return httpx.post(f"{url}/oauth2/token", data=data, auth=auth, **kwargs)


def password_grant(url: str, email: str, password: str, **extra: str) -> httpx.Response:
    data = {
        "grant_type": "password",
        "client_id": "web",
        "username": email,
        "password": password,
        **extra,
    }
    return token_request(url, data)


def refresh_grant(url: str, refresh_token: str, **extra: str) -> httpx.Response:
    data = {
        "grant_type": "refresh_token",
        "client_id": "web",
        "refresh_token": refresh_token,
        **extra,
    }
    return token_request(url, data)


def me(url: str, token: str) -> httpx.Response:
    return httpx.get(f"{url}/api/auth/me", headers=bearer(token))


def psql(database: str, sql: str) -> list[str]:
    """Run ``sql`` with psql on the local PostgreSQL and return its output rows."""
    result = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atq"],
        input=sql,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.splitlines()


def drop_database(name: str) -> None:
    psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def claims_of(token: str) -> dict:
    """Return a JWT's claims without checking its signature."""
    return jwt.decode(token, options={"verify_signature": False})
