"""Fixtures of the tracking-service tests: writer and reader tokens, a tracking
instance with short heartbeats for live streams, and a private Redis server."""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from common.testing import ServiceProcess, unique_name
from tests.conftest import Stack, bearer, password_token, service_token
from tests.tracking_service.tracking_helpers import RedisServer, cambio, put_cambio

PASSWORD = "clave-segura-1"


@dataclass(frozen=True)
class Cliente:
    """A customer login made through auth-service's internal endpoint."""

    cliente_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


@pytest.fixture(scope="session")
def writer_headers(auth_service: ServiceProcess) -> dict[str, str]:
    """Headers of pedido-service's client-credentials token (``tracking.write``)."""
    return bearer(service_token(auth_service.url, "pedido-service"))


@pytest.fixture(scope="session")
def admin_headers(admin_token: str) -> dict[str, str]:
    return bearer(admin_token)


@pytest.fixture(scope="session")
def new_cliente(auth_service: ServiceProcess) -> Callable[[], Cliente]:
    """Factory: create a customer login and log it in.

    The login is created directly in auth-service with the ``cliente-service``
    client, so these tests do not need cliente-service running.
    """
    headers = bearer(service_token(auth_service.url, "cliente-service"))

    def create() -> Cliente:
        cliente_id = str(uuid.uuid4())
        email = f"{unique_name('trk')}@example.com"
        response = httpx.post(
            f"{auth_service.url}/internal/usuarios",
            json={"email": email, "password": PASSWORD, "cliente_id": cliente_id},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        return Cliente(cliente_id, password_token(auth_service.url, email, PASSWORD))

    return create


@pytest.fixture
def apply(tracking_service: ServiceProcess, writer_headers: dict[str, str]):
    """Apply one change through the internal PUT and return the JSON result."""

    def run(numero: str, cliente_id: str, **fields) -> dict:
        response = put_cambio(
            tracking_service.url, writer_headers, cambio(numero, cliente_id, **fields)
        )
        assert response.status_code == 200, response.text
        return response.json()

    return run


@pytest.fixture(scope="session")
def live_tracking(
    stack: Stack, tracking_service: ServiceProcess
) -> Iterator[ServiceProcess]:
    """A second tracking instance on the same Redis prefix, with 0.5 s heartbeats.

    Short heartbeats let stream readers stop quickly. Changes written through
    ``tracking_service`` reach streams here, as they would across replicas.
    """
    process = stack.spawn(
        "tracking_service", SSE_HEARTBEAT_SECONDS="0.5", SSE_MAX_STREAMS_PER_USER="5"
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A Redis server of this module's own, which tests may pause or stop."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()
