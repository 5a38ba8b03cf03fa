"""Fixtures of the auth-service tests: accounts and tokens of the session stack."""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from common.testing import ServiceProcess, unique_name
from tests.auth_service.auth_helpers import (
    DEFAULT_PASSWORD,
    bearer,
    drop_database,
    password_grant,
)


@dataclass(frozen=True)
class Login:
    """A customer login created through the internal endpoint."""

    id: str
    email: str
    password: str
    cliente_id: str


@dataclass(frozen=True)
class AuthEnv:
    """The settings the session's auth-service runs with."""

    url: str
    database: str
    admin_email: str
    admin_password: str
    secrets: dict[str, str]


@pytest.fixture(scope="session")
def auth(stack, auth_service: ServiceProcess) -> AuthEnv:
    env = auth_service.env
    return AuthEnv(
        url=auth_service.url,
        database=stack.databases["auth"],
        admin_email=env["DEMO_ADMIN_EMAIL"],
        admin_password=env["DEMO_ADMIN_PASSWORD"],
        secrets={
            "cliente-service": env["CLIENTE_SERVICE_SECRET"],
            "pedido-service": env["PEDIDO_SERVICE_SECRET"],
        },
    )


@pytest.fixture(scope="session")
def usuarios_token(auth: AuthEnv) -> str:
    """A cliente-service access token with scope ``usuarios.write``."""
    response = httpx.post(
        f"{auth.url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("cliente-service", auth.secrets["cliente-service"]),
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture(scope="session")
def admin_tokens(auth: AuthEnv) -> dict:
    """The token response of the demo administrator's password login."""
    response = password_grant(auth.url, auth.admin_email, auth.admin_password)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def create_login(auth: AuthEnv, usuarios_token: str) -> Callable[..., Login]:
    """Factory: create a customer login with a unique email and cliente id."""

    def create(password: str = DEFAULT_PASSWORD, email: str | None = None) -> Login:
        cliente_id = str(uuid.uuid4())
        email = email or f"{unique_name('u')}@example.com"
        response = httpx.post(
            f"{auth.url}/internal/usuarios",
            json={"email": email, "password": password, "cliente_id": cliente_id},
            headers=bearer(usuarios_token),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        return Login(body["id"], body["email"], password, cliente_id)

    return create


@pytest.fixture
def login_tokens(auth: AuthEnv, create_login) -> dict:
    """A new customer's token response from the password grant."""
    login = create_login()
    response = password_grant(auth.url, login.email, login.password)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """The name of a PostgreSQL database that does not exist yet, dropped after."""
    name = unique_name("auth")
    yield name
    drop_database(name)
