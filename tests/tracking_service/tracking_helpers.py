"""Helpers of the tracking-service tests: order changes, a private Redis server,
signed tokens with chosen expiry, and a server-sent events reader."""

import contextlib
import queue
import secrets
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import jwt
import redis

from common.testing import free_port
from tests.token_forgery import auth_signing_key

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def random_numero() -> str:
    return "PED-" + "".join(secrets.choice(BASE32) for _ in range(10))


def cambio(
    numero: str,
    cliente_id: str,
    *,
    estado: str = "CREADO",
    version: int = 1,
    actualizado_en: str | None = None,
) -> dict:
    """Build an internal PUT body."""
    return {
        "numero": numero,
        "cliente_id": cliente_id,
        "estado": estado,
        "version": version,
        "actualizado_en": actualizado_en or datetime.now(UTC).isoformat(),
    }


def put_cambio(base_url: str, headers: dict, body: dict) -> httpx.Response:
    return httpx.put(
        f"{base_url}/internal/tracking/{body['numero']}", json=body, headers=headers
    )


def wait_until(condition, *, timeout: float = 15.0, message: str = "condition"):
    """Poll ``condition`` until it returns a truthy value, and return that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)  # polling interval, not synchronisation
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def signed_token(auth_database: str, valid_token: str, *, expires_in: int) -> str:
    """Re-sign ``valid_token``'s claims with auth's key and ``exp`` = now + n s."""
    kid, pem = auth_signing_key(auth_database)
    claims = jwt.decode(valid_token, options={"verify_signature": False})
    now = int(time.time())
    claims.update(iat=now - 120, exp=now + expires_in)
    claims["jti"] = uuid.uuid4().hex
    header = {"kid": kid, "typ": "at+jwt"}
    return jwt.encode(claims, pem, algorithm="RS256", headers=header)


class RedisServer:
    """A Redis server of the test's own on a free loopback port."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self._process: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        log = (self.directory / f"redis-{self.port}.log").open("ab")
        self._process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        wait_until(self._answers, timeout=10, message="the private Redis to start")
        return self

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        self._process.wait(timeout=10)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, decode_responses=True)

    def _answers(self) -> bool:
        try:
            with self.client() as client:
                return bool(client.ping())
        except redis.RedisError:
            return False


@dataclass
class Evento:
    id: str
    event: str
    data: str


@dataclass
class SseReader:
    """Reader of one server-sent events stream, in a background thread.

    The thread checks for ``close()`` after every line, so the server's heartbeat
    interval bounds how long closing takes.
    """

    url: str
    headers: dict
    status: int | None = None
    body: bytes = b""
    comments: int = 0
    error: Exception | None = None
    opened: threading.Event = field(default_factory=threading.Event)
    ended: threading.Event = field(default_factory=threading.Event)
    _queue: "queue.Queue[Evento]" = field(default_factory=queue.Queue)
    _stop: threading.Event = field(default_factory=threading.Event)
    received: list[Evento] = field(default_factory=list)

    def start(self) -> "SseReader":
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def wait_open(self, timeout: float = 10.0) -> "SseReader":
        """Wait for the first bytes (the ``retry:`` line) or an error status."""
        assert self.opened.wait(timeout), "the stream did not open"
        return self

    def close(self) -> None:
        self._stop.set()
        assert self.ended.wait(15), "the stream reader did not stop"

    def next_event(self, timeout: float = 10.0) -> Evento:
        evento = self._queue.get(timeout=timeout)
        self.received.append(evento)
        return evento

    def wait_for(self, predicate, timeout: float = 10.0) -> Evento:
        """Read events until one matches ``predicate``, keeping all in ``received``."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("no matching event arrived in time")
            try:
                evento = self.next_event(timeout=remaining)
            except queue.Empty:
                continue
            if predicate(evento):
                return evento

    def drain(self) -> list[Evento]:
        """Move every event that has arrived so far into ``received``."""
        with contextlib.suppress(queue.Empty):
            while True:
                self.received.append(self._queue.get_nowait())
        return self.received

    def _run(self) -> None:
        timeout = httpx.Timeout(10.0, read=10.0)
        try:
            with (
                httpx.Client(timeout=timeout) as client,
                client.stream("GET", self.url, headers=self.headers) as response,
            ):
                self.status = response.status_code
                if response.status_code != 200:
                    self.body = response.read()
                    return
                self._read_events(response)
        except httpx.HTTPError as error:
            self.error = error
        finally:
            self.opened.set()
            self.ended.set()

    def _read_events(self, response: httpx.Response) -> None:
        fields: dict[str, str] = {}
        for line in response.iter_lines():
            if self._stop.is_set():
                return
            if line.startswith("retry:"):
                self.opened.set()
            elif line.startswith(":"):
                self.comments += 1
            elif line == "":
                if "data" in fields:
                    evento = Evento(
                        fields.get("id", ""), fields.get("event", ""), fields["data"]
                    )
                    self._queue.put(evento)
                fields = {}
            else:
                name, _, value = line.partition(":")
                fields[name] = value.removeprefix(" ")
