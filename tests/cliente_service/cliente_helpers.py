"""Helpers for cliente-service tests: sign-up bodies, logins against auth-service,
and direct SQL access to the service's PostgreSQL database."""

import os
import subprocess
import time
from collections.abc import Callable

import httpx

from common.testing import unique_name

PASSWORD = "clave-segura-1"


def signup_body(**fields: object) -> dict:
    """Return a valid sign-up body with a fresh email, with ``fields`` replaced."""
    suffix = unique_name("c")
    return {
        "nombre": f"Cliente {suffix}",
        "email": f"{suffix}@example.com",
        "password": PASSWORD,
        "telefono": "+34 600 000 000",
        "direccion": "Calle de Prueba 1, Madrid",
        **fields,
    }


def password_grant(auth_url: str, email: str, password: str) -> httpx.Response:
    """Try the password grant of the public client ``web``."""
    return httpx.post(
        f"{auth_url}/oauth2/token",
        data={
            "grant_type": "password",
            "client_id": "web",
            "username": email,
            "password": password,
        },
    )


def refresh_grant(auth_url: str, refresh_token: str) -> httpx.Response:
    return httpx.post(
        f"{auth_url}/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": "web",
            "refresh_token": refresh_token,
        },
    )


def wait_until(condition: Callable[[], bool], *, timeout: float = 15.0) -> None:
    """Poll ``condition`` until it holds, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(0.02)  # polling interval, not synchronisation


class Database:
    """SQL access to the throwaway ``clientes`` database through psql."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _command(self, application_name: str = "cliente-tests") -> tuple:
        command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", self.name]
        environment = {**os.environ, "PGAPPNAME": application_name}
        return [*command, "-qAtX", "-v", "ON_ERROR_STOP=1"], environment

    def query(self, sql: str) -> list[list[str]]:
        """Run ``sql`` in its own session and return the rows as text columns."""
        command, environment = self._command()
        result = subprocess.run(
            [*command, "-F", "\t", "-c", sql],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return [line.split("\t") for line in result.stdout.splitlines()]

    def value(self, sql: str) -> str:
        rows = self.query(sql)
        assert len(rows) == 1, rows
        return rows[0][0]

    def count_email(self, email: str) -> int:
        literal = email.replace("'", "''")
        return int(
            self.value(f"SELECT count(*) FROM cliente WHERE email = '{literal}'")
        )

    def session(self) -> "Session":
        """Open an interactive session, for a transaction that stays open."""
        return Session(self, unique_name("psql"))


class Session:
    """One psql process fed statement by statement, so that a transaction can stay
    open while the service under test runs."""

    def __init__(self, database: Database, application_name: str) -> None:
        self.database = database
        self.application_name = application_name
        command, environment = database._command(application_name)
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment,
            text=True,
        )

    def send(self, sql: str) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(sql + "\n")
        self._process.stdin.flush()

    def state(self) -> str:
        """Return the session's ``pg_stat_activity.state`` ('' before it connects)."""
        rows = self.database.query(
            "SELECT state FROM pg_stat_activity "
            f"WHERE application_name = '{self.application_name}'"
        )
        return rows[0][0] if rows else ""

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait(timeout=15)

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
