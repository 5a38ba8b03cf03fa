"""Helpers for tests that run services as real processes on loopback ports."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    """Return a loopback TCP port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unique_name(prefix: str) -> str:
    """Return a throwaway name such as ``t_auth_3f2a9c1b``."""
    return f"t_{prefix}_{uuid.uuid4().hex[:8]}"


def drop_postgres_database(name: str) -> None:
    """Drop a throwaway database on the local PostgreSQL, closing its sessions."""
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-qc",
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        ],
        check=True,
        capture_output=True,
    )


def drop_mysql_database(name: str) -> None:
    """Drop a throwaway database on the local MySQL or MariaDB."""
    subprocess.run(
        [
            "mariadb",
            "-h",
            "127.0.0.1",
            "-u",
            "root",
            "-e",
            f"DROP DATABASE IF EXISTS `{name}`",
        ],
        check=True,
        capture_output=True,
    )


def delete_redis_prefix(prefix: str) -> None:
    """Delete every key under ``prefix`` on the local Redis, in batches."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        batch = []
        for key in client.scan_iter(match=f"{prefix}*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
    finally:
        client.close()


class ServiceProcess:
    """One service started with ``python -m <module>`` in its own session.

    A session of its own keeps Sanic's signals away from the test runner, and
    stopping sends SIGTERM to the whole process group.
    """

    def __init__(self, module: str, env: dict[str, str], log_dir: Path) -> None:
        self.module = module
        self.port = int(env["PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log_path = log_dir / f"{module}-{self.port}.log"
        self._process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 60.0) -> "ServiceProcess":
        """Start the process and wait until ``/health/ready`` returns 200."""
        environ = {**os.environ, **self.env}
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", self.module],
            cwd=ROOT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        try:
            self.wait_ready(timeout=timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, *, timeout: float = 60.0) -> None:
        """Poll ``/health/ready`` until it returns 200, or raise with the log tail."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"{self.module} exited early:\n{self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                response = httpx.get(f"{self.url}/health/ready", timeout=1.0)
                if response.status_code == 200:
                    return
            time.sleep(0.05)  # polling interval, not synchronisation
        raise TimeoutError(f"{self.module} not ready in {timeout}s:\n{self.log_tail()}")

    def stop(self, *, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        """Stop the process group with ``sig`` (SIGKILL after ``timeout``)."""
        if self._process is None or self._process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, sig)
        try:
            self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout=timeout)

    def kill(self) -> None:
        """Kill the process group at once, as a crash would."""
        self.stop(sig=signal.SIGKILL)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def log_text(self) -> str:
        return (
            self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        )
