"""Fixtures of the pedido-service tests: tokens and stacks of one's own.

``isolated`` starts pedido-service instances on a throwaway MySQL database, and
tracking-service instances on a throwaway Redis prefix, so that tests may stop,
kill and restart them without touching the session's shared services.
"""

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from common.demo import DEMO_CLIENTES
from common.testing import ServiceProcess, unique_name
from tests.conftest import (
    MYSQL_URL,
    delete_redis_prefix,
    drop_mysql_database,
    password_token,
)

# Short retry delays, so that tests waiting for a recovery stay short too.
FAST_RELAY = {"RELAY_BACKOFF_CAP": "1", "RELAY_POLL_INTERVAL": "0.5"}


@dataclass
class IsolatedStack:
    """Extra instances of pedido-service and tracking-service, and their stores."""

    stack: object
    database: str
    redis_prefix: str
    processes: list[ServiceProcess] = field(default_factory=list)

    def tracking(self) -> ServiceProcess:
        process = self.stack.spawn("tracking_service", REDIS_PREFIX=self.redis_prefix)
        self.processes.append(process)
        return process

    def pedido(self, tracking_url: str, **env: str) -> ServiceProcess:
        settings = {
            "DATABASE_URL": f"{MYSQL_URL}/{self.database}",
            "TRACKING_URL": tracking_url,
            "DEMO_DATA": "false",
            **FAST_RELAY,
            **env,
        }
        process = self.stack.spawn("pedido_service", **settings)
        self.processes.append(process)
        return process


@pytest.fixture
def isolated(stack, pedido_service: ServiceProcess) -> Iterator[IsolatedStack]:
    run = IsolatedStack(
        stack=stack,
        database=unique_name("pedidos"),
        redis_prefix=f"{unique_name('tracking')}:",
    )
    yield run
    for process in run.processes:
        process.stop()
    drop_mysql_database(run.database)
    delete_redis_prefix(run.redis_prefix)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A loopback port that accepts connections but never responds."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


@pytest.fixture(scope="session")
def pedidos_url(pedido_service: ServiceProcess) -> str:
    return pedido_service.url


@pytest.fixture(scope="session")
def tracking_url(tracking_service: ServiceProcess) -> str:
    return tracking_service.url


@pytest.fixture(scope="session")
def demo_token(auth_service: ServiceProcess) -> str:
    """Token of the first demo customer, whose orders the demo data creates."""
    cliente = DEMO_CLIENTES[0]
    return password_token(auth_service.url, cliente.email, cliente.password)
