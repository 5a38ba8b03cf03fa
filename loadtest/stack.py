"""A throwaway copy of the whole system on loopback, for benchmarks and profiling.

Every service runs with ``python -m <package>`` like in ``make run``, on a free
port, against databases named ``bench_<kind>_<run id>`` and Redis keys under
``bench_<run id>:``. ``BenchStack.close()`` stops the processes, drops those
databases and deletes those keys.
"""

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from common.testing import (
    delete_redis_prefix,
    drop_mysql_database,
    drop_postgres_database,
    free_port,
)

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
MYSQL_URL = "mysql://root@127.0.0.1:3306"
REDIS_URL = "redis://127.0.0.1:6379/0"
SERVICES = ("auth_service", "cliente_service", "tracking_service", "pedido_service")


class Process:
    """A command run in its own session, so that stopping it reaches its children
    (Sanic workers, nginx workers) through the process group."""

    def __init__(
        self, name: str, command: list[str], env: dict[str, str], log_path: Path
    ):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_path
        self.popen: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def start(self, ready_url: str, *, timeout: float = 90.0) -> "Process":
        """Start the command and wait until ``ready_url`` returns 200."""
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            if url_answers(ready_url):
                return self
            time.sleep(0.1)  # polling interval
        self.stop()
        raise TimeoutError(
            f"{self.name} not ready in {timeout:.0f} s:\n{self.log_tail()}"
        )

    def stop(self, *, timeout: float = 20.0) -> None:
        """Send SIGTERM to the process group, then SIGKILL after ``timeout``."""
        if not self.running:
            return
        assert self.popen is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=timeout)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def url_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class BenchStack:
    """The four services, the gateway and the baseline server of one run."""

    work_dir: Path
    tracking_workers: int = 1
    bcrypt_rounds: int = 12
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    admin_email: str = "admin.bench@example.com"
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    processes: dict[str, Process] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.databases = {
            kind: f"bench_{kind}_{self.run_id}"
            for kind in ("auth", "clientes", "pedidos")
        }
        self.redis_prefix = f"bench_{self.run_id}:"
        self.ports = {name: free_port() for name in (*SERVICES, "gateway", "baseline")}
        self.secrets = {
            "cliente": secrets.token_urlsafe(16),
            "pedido": secrets.token_urlsafe(16),
        }

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    @property
    def gateway_url(self) -> str:
        return self.url("gateway")

    def env_for(self, module: str, **extra: str) -> dict[str, str]:
        """Return the environment that ``module`` runs with in this stack."""
        common = {
            "HOST": "127.0.0.1",
            "PORT": str(self.ports[module]),
            "WORKERS": "1",
            "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "text",
            "AUTH_URL": self.url("auth_service"),
            "JWT_ISSUER": "http://localhost:8080",
            "JWT_AUDIENCE": "seguimiento-api",
            "DEMO_DATA": "true",
            "PYTHONUNBUFFERED": "1",
        }
        specific = {
            "auth_service": {
                "DATABASE_URL": f"{POSTGRES_URL}/{self.databases['auth']}",
                "DEMO_ADMIN_EMAIL": self.admin_email,
                "DEMO_ADMIN_PASSWORD": self.admin_password,
                "CLIENTE_SERVICE_SECRET": self.secrets["cliente"],
                "PEDIDO_SERVICE_SECRET": self.secrets["pedido"],
                "BCRYPT_ROUNDS": str(self.bcrypt_rounds),
            },
            "cliente_service": {
                "DATABASE_URL": f"{POSTGRES_URL}/{self.databases['clientes']}",
                "CLIENT_SECRET": self.secrets["cliente"],
            },
            "pedido_service": {
                "DATABASE_URL": f"{MYSQL_URL}/{self.databases['pedidos']}",
                "CLIENTE_URL": self.url("cliente_service"),
                "TRACKING_URL": self.url("tracking_service"),
                "CLIENT_SECRET": self.secrets["pedido"],
            },
            "tracking_service": {
                "REDIS_URL": REDIS_URL,
                "REDIS_PREFIX": self.redis_prefix,
                "WORKERS": str(self.tracking_workers),
            },
            "baseline": {
                "REDIS_URL": REDIS_URL,
                "REDIS_PREFIX": self.redis_prefix,
            },
        }
        return {**common, **specific[module], **extra}

    def start_service(
        self, module: str, *, command: list[str] | None = None, **env: str
    ) -> Process:
        """Start ``module`` (again) on its port; ``command`` replaces ``python -m``."""
        previous = self.processes.get(module)
        if previous is not None:
            previous.stop()
        if command is None:
            package = "loadtest.baseline_server" if module == "baseline" else module
            command = [sys.executable, "-m", package]
        process = Process(
            module,
            command,
            self.env_for(module, **env),
            self.work_dir / f"{module}.log",
        )
        self.processes[module] = process
        return process.start(f"{self.url(module)}/health/ready")

    def stop_service(self, module: str) -> None:
        process = self.processes.get(module)
        if process is not None:
            process.stop()

    def start_all(self) -> None:
        """Start the four services in dependency order, then the gateway."""
        for module in SERVICES:
            self.start_service(module)
        self.start_gateway()

    def start_gateway(self) -> Process:
        env = {
            "GATEWAY_HOST": "127.0.0.1",
            "GATEWAY_PORT": str(self.ports["gateway"]),
            "AUTH_UPSTREAM": f"127.0.0.1:{self.ports['auth_service']}",
            "CLIENTE_UPSTREAM": f"127.0.0.1:{self.ports['cliente_service']}",
            "PEDIDO_UPSTREAM": f"127.0.0.1:{self.ports['pedido_service']}",
            "TRACKING_UPSTREAM": f"127.0.0.1:{self.ports['tracking_service']}",
        }
        command = [
            "sh",
            str(ROOT / "nginx/run-native.sh"),
            str(self.work_dir / "nginx"),
        ]
        process = Process("gateway", command, env, self.work_dir / "gateway.log")
        self.processes["gateway"] = process
        return process.start(
            f"{self.gateway_url}/.well-known/oauth-authorization-server"
        )

    def close(self) -> None:
        """Stop every process, then drop the databases and Redis keys of this run."""
        for name in ("gateway", "baseline", "pedido_service", *SERVICES):
            self.stop_service(name)
        # Only what this script created: a wrong name must not drop real data.
        names = [*self.databases.values(), self.redis_prefix]
        assert all(name.startswith("bench_") for name in names), names
        drop_postgres_database(self.databases["auth"])
        drop_postgres_database(self.databases["clientes"])
        drop_mysql_database(self.databases["pedidos"])
        delete_redis_prefix(self.redis_prefix)

    def __enter__(self) -> "BenchStack":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
