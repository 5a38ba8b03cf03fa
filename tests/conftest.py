"""Fixtures shared by every service's tests: throwaway databases on the machine's
PostgreSQL, MariaDB and Redis, and the services as real processes on loopback."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from common.testing import (
    REDIS_URL,
    ServiceProcess,
    delete_redis_prefix,
    drop_mysql_database,
    drop_postgres_database,
    free_port,
    unique_name,
)

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
MYSQL_URL = "mysql://root@127.0.0.1:3306"

ADMIN_EMAIL = "admin.pruebas@example.com"
ADMIN_PASSWORD = "admin-pruebas-123"
SECRETS = {
    "cliente-service": "cliente-secret-for-tests",
    "pedido-service": "pedido-secret-for-tests",
}


@dataclass
class Stack:
    """The services of one test session and the settings they share."""

    log_dir: Path
    databases: dict[str, str] = field(default_factory=dict)
    redis_prefix: str = ""
    services: dict[str, ServiceProcess] = field(default_factory=dict)

    @property
    def auth(self) -> ServiceProcess:
        return self.services["auth_service"]

    @property
    def cliente(self) -> ServiceProcess:
        return self.services["cliente_service"]

    @property
    def pedido(self) -> ServiceProcess:
        return self.services["pedido_service"]

    @property
    def tracking(self) -> ServiceProcess:
        return self.services["tracking_service"]

    def env_for(self, module: str, *, port: int | None = None) -> dict[str, str]:
        """Return the environment that ``module`` runs with in this stack."""
        ports = self.ports
        common = {
            "HOST": "127.0.0.1",
            "PORT": str(port or ports[module]),
            "WORKERS": "1",
            "LOG_LEVEL": "DEBUG",
            "AUTH_URL": f"http://127.0.0.1:{ports['auth_service']}",
            "JWT_ISSUER": "http://localhost:8080",
            "JWT_AUDIENCE": "seguimiento-api",
            "DEMO_DATA": "true",
        }
        specific = {
            "auth_service": {
                "DATABASE_URL": f"{POSTGRES_URL}/{self.databases['auth']}",
                "DEMO_ADMIN_EMAIL": ADMIN_EMAIL,
                "DEMO_ADMIN_PASSWORD": ADMIN_PASSWORD,
                "CLIENTE_SERVICE_SECRET": SECRETS["cliente-service"],
                "PEDIDO_SERVICE_SECRET": SECRETS["pedido-service"],
                "BCRYPT_ROUNDS": "4",
            },
            "cliente_service": {
                "DATABASE_URL": f"{POSTGRES_URL}/{self.databases['clientes']}",
                "CLIENT_SECRET": SECRETS["cliente-service"],
            },
            "pedido_service": {
                "DATABASE_URL": f"{MYSQL_URL}/{self.databases['pedidos']}",
                "CLIENTE_URL": f"http://127.0.0.1:{ports['cliente_service']}",
                "TRACKING_URL": f"http://127.0.0.1:{ports['tracking_service']}",
                "CLIENT_SECRET": SECRETS["pedido-service"],
            },
            "tracking_service": {
                "REDIS_URL": REDIS_URL,
                "REDIS_PREFIX": self.redis_prefix,
            },
        }
        return {**common, **specific[module]}

    @property
    def ports(self) -> dict[str, int]:
        if not hasattr(self, "_ports"):
            self._ports = {
                module: free_port()
                for module in (
                    "auth_service",
                    "cliente_service",
                    "pedido_service",
                    "tracking_service",
                )
            }
        return self._ports

    def start(self, module: str) -> ServiceProcess:
        """Start ``module`` (again) on its port and wait until it is ready."""
        process = self.services.get(module)
        if process is None:
            process = ServiceProcess(module, self.env_for(module), self.log_dir)
            self.services[module] = process
        if not process.running:
            process.start()
        return process

    def spawn(self, module: str, **env: str) -> ServiceProcess:
        """Start one more instance of ``module`` on a new port, with ``env`` added."""
        port = free_port()
        environment = {**self.env_for(module, port=port), **env}
        return ServiceProcess(module, environment, self.log_dir).start()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Throwaway databases and a lazily started set of services for the session."""
    run = Stack(log_dir=tmp_path_factory.mktemp("service-logs"))
    run.databases = {
        "auth": unique_name("auth"),
        "clientes": unique_name("clientes"),
        "pedidos": unique_name("pedidos"),
    }
    run.redis_prefix = f"{unique_name('tracking')}:"
    yield run
    for process in run.services.values():
        process.stop()
    drop_postgres_database(run.databases["auth"])
    drop_postgres_database(run.databases["clientes"])
    drop_mysql_database(run.databases["pedidos"])
    delete_redis_prefix(run.redis_prefix)


@pytest.fixture(scope="session")
def auth_service(stack: Stack) -> ServiceProcess:
    return stack.start("auth_service")


@pytest.fixture(scope="session")
def cliente_service(stack: Stack, auth_service: ServiceProcess) -> ServiceProcess:
    return stack.start("cliente_service")


@pytest.fixture(scope="session")
def tracking_service(stack: Stack, auth_service: ServiceProcess) -> ServiceProcess:
    return stack.start("tracking_service")


@pytest.fixture(scope="session")
def pedido_service(
    stack: Stack,
    cliente_service: ServiceProcess,
    tracking_service: ServiceProcess,
) -> ServiceProcess:
    return stack.start("pedido_service")


@pytest.fixture(scope="session")
def admin_token(auth_service: ServiceProcess) -> str:
    return password_token(auth_service.url, ADMIN_EMAIL, ADMIN_PASSWORD)


def password_token(auth_url: str, email: str, password: str) -> str:
    """Log in with the password grant of the public client ``web``."""
    response = httpx.post(
        f"{auth_url}/oauth2/token",
        data={
            "grant_type": "password",
            "client_id": "web",
            "username": email,
            "password": password,
        },
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def service_token(auth_url: str, client_id: str, scope: str | None = None) -> str:
    """Request a client-credentials token for one of the service clients."""
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    response = httpx.post(
        f"{auth_url}/oauth2/token", data=data, auth=(client_id, SECRETS[client_id])
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class ClienteLogin:
    """A registered customer with a fresh access token."""

    cliente: dict
    email: str
    password: str
    token: str

    @property
    def id(self) -> str:
        return self.cliente["id"]

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


@pytest.fixture
def create_cliente(auth_service: ServiceProcess, cliente_service: ServiceProcess):
    """Factory: register a new customer through cliente-service and log in."""

    def create(**fields: str) -> ClienteLogin:
        suffix = unique_name("c")
        body = {
            "nombre": f"Cliente {suffix}",
            "email": f"{suffix}@example.com",
            "password": "clave-segura-1",
            "telefono": "+34 600 000 000",
            "direccion": "Calle de Prueba 1, Madrid",
            **fields,
        }
        response = httpx.post(f"{cliente_service.url}/api/clientes/registro", json=body)
        assert response.status_code == 201, response.text
        token = password_token(auth_service.url, body["email"], body["password"])
        return ClienteLogin(response.json(), body["email"], body["password"], token)

    return create
