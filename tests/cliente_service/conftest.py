"""Fixtures for cliente-service tests."""

from collections.abc import Callable, Iterator

import httpx
import pytest

from common.testing import ServiceProcess
from tests.cliente_service.cliente_helpers import Database
from tests.conftest import Stack, bearer, service_token


@pytest.fixture(scope="session")
def clientes_db(stack: Stack, cliente_service: ServiceProcess) -> Database:
    return Database(stack.databases["clientes"])


@pytest.fixture(scope="session")
def reader_headers(auth_service: ServiceProcess) -> dict[str, str]:
    """Headers with a pedido-service token, which carries ``clientes.read``."""
    return bearer(service_token(auth_service.url, "pedido-service"))


@pytest.fixture
def signup(cliente_service: ServiceProcess) -> Callable[..., httpx.Response]:
    """Post a sign-up to the session's cliente-service."""

    def post(body: dict, url: str | None = None) -> httpx.Response:
        base = url or cliente_service.url
        return httpx.post(f"{base}/api/clientes/registro", json=body, timeout=30)

    return post


@pytest.fixture
def spawned(stack: Stack) -> Iterator[Callable[..., ServiceProcess]]:
    """Start extra service instances for one test and stop them afterwards."""
    started: list[ServiceProcess] = []

    def spawn(module: str, **env: str) -> ServiceProcess:
        process = stack.spawn(module, **env)
        started.append(process)
        return process

    yield spawn
    for process in started:
        process.stop()
