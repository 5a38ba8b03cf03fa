"""Fixtures of the fuzz tests: a stack of its own and the schemathesis runner.

The fuzz runs create, change and deactivate whatever the documents let them reach,
demo customers and orders included, so they get their own throwaway databases and
Redis prefix instead of the session stack that the other tests share.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from common.testing import ServiceProcess, unique_name
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    SECRETS,
    Stack,
    delete_redis_prefix,
    drop_mysql_database,
    drop_postgres_database,
    password_token,
)

CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")

# Test cases per operation and phase. `make fuzz` raises it tenfold through
# FUZZ_MAX_EXAMPLES.
DEFAULT_MAX_EXAMPLES = 10

# What every run checks: no 5xx, only documented statuses, bodies that match their
# schema, and 4xx for every request that breaks the schema.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
)

# A long fuzz run must not outlive its access tokens (900 s by default).
TOKEN_TTL_SECONDS = "7200"

# Service client whose token the serviceAuth scheme carries, per service: the
# client that calls that service's internal or service-only endpoints.
SERVICE_CLIENTS = {
    "auth_service": "cliente-service",
    "cliente_service": "pedido-service",
    "pedido_service": "pedido-service",
    "tracking_service": "pedido-service",
}


class FuzzStack(Stack):
    """A stack whose auth-service issues tokens that last the whole run."""

    def env_for(self, module: str, *, port: int | None = None) -> dict[str, str]:
        env = super().env_for(module, port=port)
        if module == "auth_service":
            env["ACCESS_TOKEN_TTL"] = TOKEN_TTL_SECONDS
        return env


@pytest.fixture(scope="session")
def fuzz_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzStack]:
    run = FuzzStack(log_dir=tmp_path_factory.mktemp("fuzz-service-logs"))
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


# pedido-service calls the others, so every service starts before it.
START_ORDER = ("auth_service", "cliente_service", "tracking_service", "pedido_service")


@pytest.fixture(scope="session")
def fuzz_services(fuzz_stack: FuzzStack) -> dict[str, ServiceProcess]:
    """Start the four services of the fuzz stack."""
    return {module: fuzz_stack.start(module) for module in START_ORDER}


@dataclass
class Credentials:
    """What the security schemes of the documents are filled with for one run."""

    bearer_token: str
    service_token: str
    client_id: str = "pedido-service"

    def environ(self) -> dict[str, str]:
        return {
            "FUZZ_BEARER_TOKEN": self.bearer_token,
            "FUZZ_SERVICE_TOKEN": self.service_token,
            "FUZZ_CLIENT_ID": self.client_id,
            "FUZZ_CLIENT_SECRET": SECRETS[self.client_id],
        }


def register_cliente(cliente_url: str, auth_url: str) -> str:
    """Sign up a fresh customer and return an access token of theirs."""
    email = f"{unique_name('fuzz')}@example.com"
    password = "clave-segura-1"
    body = {
        "nombre": "Cliente de pruebas",
        "email": email,
        "password": password,
        "telefono": "+34 600 000 000",
        "direccion": "Calle de Prueba 1, Madrid",
    }
    response = httpx.post(f"{cliente_url}/api/clientes/registro", json=body, timeout=30)
    assert response.status_code == 201, response.text
    return password_token(auth_url, email, password)


def role_token(role: str, services: dict[str, ServiceProcess]) -> str:
    """Return a fresh access token of an administrator or of a new customer."""
    auth_url = services["auth_service"].url
    if role == "admin":
        return password_token(auth_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    return register_cliente(services["cliente_service"].url, auth_url)


def max_examples() -> int:
    return int(os.environ.get("FUZZ_MAX_EXAMPLES", DEFAULT_MAX_EXAMPLES))


def seed_args() -> list[str]:
    """Return ``--seed`` when FUZZ_SEED is set, to repeat the run a failure printed."""
    seed = os.environ.get("FUZZ_SEED")
    return ["--seed", seed] if seed else []


def run_schemathesis(
    base_url: str,
    credentials: Credentials,
    *,
    workdir: Path,
    extra_args: tuple[str, ...] = (),
) -> subprocess.CompletedProcess:
    """Run every phase of schemathesis against one service's document."""
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        f"{base_url}/docs/openapi.json",
        "--url",
        base_url,
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(max_examples()),
        *seed_args(),
        *extra_args,
    ]
    return subprocess.run(
        command,
        cwd=workdir,
        env={**os.environ, **credentials.environ()},
        capture_output=True,
        text=True,
        # Safety net only: a run normally ends on its own in minutes.
        timeout=3600,
        check=False,
    )
