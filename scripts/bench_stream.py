"""Measure the live stream: event delivery time, and idle streams per process.

    .venv/bin/python scripts/bench_stream.py [--changes 1000] [--rate 25]
        [--steps 250,500,1000,2000]

Starts its own copy of the four services on free loopback ports (databases
``bench_<kind>_<run id>``, Redis keys under ``bench_<run id>:``, both removed at
the end), without nginx: the clients connect to tracking-service directly.
tracking-service runs one process (``WORKERS=1``) with
``SSE_MAX_STREAMS_PER_USER`` raised above the largest step, because the idle
streams all belong to the administrator.

1. Delivery time. One customer stream and one administrator stream of
   ``GET /api/tracking/stream`` stay open while the administrator sends
   ``--changes`` changes (state changes and address edits) to ``--orders`` orders
   of that customer at ``--rate`` changes per second. The time from sending each
   request, and from receiving its response, to the arrival of the ``estado``
   event of that version on each stream gives p50, p90, p99 and max.
2. Idle streams. Administrator streams, each with its own access token, are
   opened in ``--steps``. At each step the script records whether every stream
   opened and stayed open through its heartbeats, the RSS, open files and idle
   CPU use of the tracking process, and the delivery time of address edits that
   every open stream receives. It stops at the first step that fails or when the
   time budget is spent.

The result goes to ``--output`` (docs/LIVE.md) with the machine and versions.
"""

import argparse
import asyncio
import contextlib
import importlib.metadata
import json
import math
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import psutil
import redis
import uvloop

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loadtest.measure import machine_facts  # noqa: E402
from loadtest.stack import REDIS_URL, BenchStack  # noqa: E402
from scripts.bench_replication import percentile  # noqa: E402

PACKAGES = ("sanic", "redis", "hiredis", "aiohttp", "uvloop")
STATES_AFTER_CONFIRMADO = ("EN_PREPARACION", "ENVIADO", "EN_REPARTO", "ENTREGADO")
# Streams opened at once, below Sanic's default listen backlog of 100.
OPEN_CONCURRENCY = 32
LOGIN_CONCURRENCY = 8
# File descriptors beyond the streams: Redis pool, log files, the other services.
SPARE_FILES = 1024
EVENT_TIMEOUT = 30.0
POLL_SECONDS = 0.02


def log(message: str) -> None:
    print(f"[bench_stream {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=1000, help="changes in part 1")
    parser.add_argument("--orders", type=int, default=20, help="orders in part 1")
    parser.add_argument(
        "--rate", type=float, default=25.0, help="changes per second in part 1"
    )
    parser.add_argument(
        "--steps",
        type=lambda text: [int(item) for item in text.split(",")],
        default=[250, 500, 1000, 2000],
        help="open idle streams at each step of part 2, comma-separated",
    )
    parser.add_argument(
        "--broadcasts",
        type=int,
        default=5,
        help="edits sent to every stream at each step of part 2, after the first",
    )
    parser.add_argument(
        "--heartbeat",
        type=float,
        default=15.0,
        help="SSE_HEARTBEAT_SECONDS of tracking-service (its default is 15)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=240.0,
        help="seconds after which part 2 starts no further step",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs/LIVE.md")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="directory for the service logs (default: a new temporary one)",
    )
    return parser.parse_args()


def cpu_seconds(pid: int) -> float:
    """Return the CPU time that the threads of ``pid`` have run, in seconds.

    The scheduler's count in ``/proc/<pid>/task/*/schedstat`` is in nanoseconds,
    where psutil's user and system times move in 10 ms clock ticks.
    """
    total = 0
    for path in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        with contextlib.suppress(OSError):
            total += int(path.read_text().split()[0])
    return total / 1e9


# --- stream clients ----------------------------------------------------------------


@dataclass
class StreamClient:
    """One open ``GET /api/tracking/stream`` and the arrival time of its events."""

    label: str
    arrivals: dict[tuple[str, int], float] = field(default_factory=dict)
    order: list[tuple[str, int]] = field(default_factory=list)
    duplicates: int = 0
    heartbeats: int = 0
    opened: asyncio.Event = field(default_factory=asyncio.Event)
    error: str | None = None
    task: asyncio.Task | None = None

    @property
    def alive(self) -> bool:
        return self.task is not None and not self.task.done()

    def record(self, data: str, seen_at: float) -> None:
        tracking = json.loads(data)
        key = (tracking["numero"], int(tracking["version"]))
        if key in self.arrivals:
            self.duplicates += 1
            return
        self.arrivals[key] = seen_at
        self.order.append(key)

    def out_of_order(self) -> int:
        """Count events whose version is not above the previous one of their order."""
        latest: dict[str, int] = {}
        count = 0
        for numero, version in self.order:
            if version <= latest.get(numero, 0):
                count += 1
            latest[numero] = version
        return count


async def read_events(client: StreamClient, response: aiohttp.ClientResponse) -> None:
    """Parse server-sent events and stamp each ``estado`` event on arrival."""
    event = data = None
    async for raw in response.content:
        line = raw.decode().rstrip("\r\n")
        if line.startswith("retry:"):
            client.opened.set()
        elif line.startswith(":"):
            client.heartbeats += 1
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data = line[5:].strip()
        elif not line:
            if event == "estado" and data:
                client.record(data, time.perf_counter())
            event = data = None


async def follow(
    client: StreamClient, session: aiohttp.ClientSession, url: str, token: str
) -> None:
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    try:
        async with session.get(url, headers=headers) as response:
            if response.status != 200:
                client.error = f"HTTP {response.status}: {await response.text()}"
                return
            await read_events(client, response)
        client.error = "the server ended the stream"
    except (aiohttp.ClientError, OSError) as error:
        client.error = repr(error)


async def start_stream(
    session: aiohttp.ClientSession, url: str, token: str, label: str
) -> StreamClient:
    """Open one stream and wait until its ``retry:`` line or its end."""
    client = StreamClient(label)
    client.task = asyncio.create_task(follow(client, session, url, token))
    waiter = asyncio.create_task(client.opened.wait())
    await asyncio.wait(
        {waiter, client.task}, timeout=EVENT_TIMEOUT, return_when="FIRST_COMPLETED"
    )
    waiter.cancel()
    if not client.opened.is_set() and client.error is None:
        client.error = f"no retry line within {EVENT_TIMEOUT:.0f} s"
    return client


async def close_streams(clients: list[StreamClient]) -> None:
    tasks = [client.task for client in clients if client.task is not None]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def wait_for(condition, seconds: float) -> bool:
    """Poll ``condition()`` until it is true or ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(POLL_SECONDS)
    return True


# --- the API -----------------------------------------------------------------------


@dataclass
class Change:
    numero: str
    kind: str
    version: int
    sent_at: float
    answered_at: float


class Api:
    """Calls to auth-, cliente- and pedido-service. Changes go as the administrator."""

    def __init__(self, session: aiohttp.ClientSession, stack: BenchStack) -> None:
        self.session = session
        self.stack = stack
        self.admin_headers: dict[str, str] = {}

    async def login(self, email: str, password: str) -> str:
        form = {
            "grant_type": "password",
            "client_id": "web",
            "username": email,
            "password": password,
        }
        url = f"{self.stack.url('auth_service')}/oauth2/token"
        async with self.session.post(url, data=form) as response:
            body = await response.json(content_type=None)
            if response.status != 200:
                raise RuntimeError(f"login of {email} failed: {response.status} {body}")
            return body["access_token"]

    async def admin_token(self) -> str:
        return await self.login(self.stack.admin_email, self.stack.admin_password)

    async def register_cliente(self) -> tuple[str, str, str]:
        """Sign up a customer and return its id, email and password."""
        email = f"cliente.{self.stack.run_id}@example.com"
        password = "clave-de-medida-1"
        body = {
            "nombre": "Cliente de medida",
            "email": email,
            "password": password,
            "telefono": "+34 600 000 000",
            "direccion": "Calle de la Medida 1, Madrid",
        }
        url = f"{self.stack.url('cliente_service')}/api/clientes/registro"
        created = await self._call("POST", url, body, expected=201, headers={})
        return created["id"], email, password

    async def create_order(self, cliente_id: str, index: int) -> str:
        body = {
            "producto": f"Medida del directo {index}",
            "cantidad": 1,
            "direccion_entrega": "Calle de la Medida 1, Madrid",
            "cliente_id": cliente_id,
        }
        pedido = await self._call("POST", self._pedidos(), body, expected=201)
        return pedido["numero"]

    async def change(self, numero: str, action: tuple[str, str]) -> Change:
        """Send one change and return it with its send and response times."""
        kind, value = action
        if kind == "estado":
            method, url, body = "PUT", f"{self._pedidos()}/{numero}/estado", {}
            body["estado"] = value
        else:
            method, url = "PATCH", f"{self._pedidos()}/{numero}"
            body = {"direccion_entrega": value}
        sent_at = time.perf_counter()
        pedido = await self._call(method, url, body, expected=200)
        answered_at = time.perf_counter()
        return Change(numero, kind, pedido["version"], sent_at, answered_at)

    def _pedidos(self) -> str:
        return f"{self.stack.url('pedido_service')}/api/pedidos"

    async def _call(
        self,
        method: str,
        url: str,
        body: dict,
        *,
        expected: int,
        headers: dict[str, str] | None = None,
    ) -> dict:
        headers = self.admin_headers if headers is None else headers
        async with self.session.request(
            method, url, json=body, headers=headers
        ) as response:
            reply = await response.json(content_type=None)
            if response.status != expected:
                raise RuntimeError(f"{method} {url} failed: {response.status} {reply}")
            return reply


# --- part 1: delivery time ---------------------------------------------------------


def order_plan(changes_per_order: int) -> list[tuple[str, str]]:
    """Return the changes of one order: confirm, edit the address, then deliver."""
    edits = changes_per_order - 1 - len(STATES_AFTER_CONFIRMADO)
    if edits < 0:
        raise SystemExit("--changes must be at least 5 times --orders")
    plan = [("estado", "CONFIRMADO")]
    plan += [("direccion", f"Calle de la Medida {n}, Madrid") for n in range(edits)]
    plan += [("estado", estado) for estado in STATES_AFTER_CONFIRMADO]
    return plan


async def send_changes(
    api: Api, numeros: list[str], plan: list[tuple[str, str]], rate: float
) -> list[Change]:
    """Send the plan of every order, interleaved, at ``rate`` changes per second.

    The changes of one order go one after another, so each has the next version.
    """
    changes: list[Change] = []
    chains: dict[str, asyncio.Task] = {}

    async def chained(previous: asyncio.Task | None, numero: str, action) -> None:
        if previous is not None:
            await previous
        changes.append(await api.change(numero, action))

    loop = asyncio.get_running_loop()
    started = loop.time()
    schedule = [(numero, action) for action in plan for numero in numeros]
    for index, (numero, action) in enumerate(schedule):
        # Pacing of the load, not synchronisation.
        await asyncio.sleep(max(0.0, started + index / rate - loop.time()))
        chains[numero] = asyncio.create_task(
            chained(chains.get(numero), numero, action)
        )
    await asyncio.gather(*chains.values())
    return changes


@dataclass
class DeliveryResult:
    label: str
    from_sent: list[float]
    from_response: list[float]
    missing: int
    duplicates: int
    out_of_order: int


def delivery_result(client: StreamClient, changes: list[Change]) -> DeliveryResult:
    from_sent, from_response = [], []
    for change in changes:
        seen_at = client.arrivals.get((change.numero, change.version))
        if seen_at is None:
            continue
        from_sent.append((seen_at - change.sent_at) * 1000)
        from_response.append((seen_at - change.answered_at) * 1000)
    return DeliveryResult(
        label=client.label,
        from_sent=from_sent,
        from_response=from_response,
        missing=len(changes) - len(from_sent),
        duplicates=client.duplicates,
        out_of_order=client.out_of_order(),
    )


async def measure_delivery(
    api: Api,
    streams: aiohttp.ClientSession,
    args: argparse.Namespace,
    cliente: tuple[str, str, str],
) -> dict:
    cliente_id, email, password = cliente
    numeros = [await api.create_order(cliente_id, n) for n in range(args.orders)]
    url = f"{api.stack.url('tracking_service')}/api/tracking/stream"
    clients = [
        await start_stream(streams, url, await api.login(email, password), "cliente"),
        await start_stream(streams, url, await api.admin_token(), "admin"),
    ]
    for client in clients:
        if client.error:
            raise RuntimeError(f"the {client.label} stream failed: {client.error}")

    plan = order_plan(math.ceil(args.changes / args.orders))
    log(f"part 1: {len(plan) * len(numeros)} changes at {args.rate:g}/s")
    started = time.perf_counter()
    changes = await send_changes(api, numeros, plan, args.rate)
    elapsed = time.perf_counter() - started
    keys = [(change.numero, change.version) for change in changes]
    await wait_for(
        lambda: all(key in c.arrivals for c in clients for key in keys), EVENT_TIMEOUT
    )
    await close_streams(clients)
    return {
        "changes": len(changes),
        "estado": sum(change.kind == "estado" for change in changes),
        "rate": len(changes) / elapsed,
        "results": [delivery_result(client, changes) for client in clients],
    }


# --- part 2: idle streams ----------------------------------------------------------


@dataclass
class Broadcast:
    delivered: int
    from_sent: list[float]
    server_cpu_ms: float
    client_cpu_ms: float


@dataclass
class Step:
    streams: int
    opened: int
    open_seconds: float
    survived_heartbeat: bool
    rss_mib: float
    open_files: int
    idle_cpu_percent: float | None = None
    first: Broadcast | None = None
    repeats: list[Broadcast] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        if self.first is None or not self.repeats:
            return False
        delivered = [self.first, *self.repeats]
        return (
            self.opened == self.streams
            and self.survived_heartbeat
            and all(b.delivered == self.streams for b in delivered)
        )

    def median(self, measure) -> float:
        """Return the median of ``measure(broadcast)`` over the repeated edits."""
        return statistics.median(measure(b) for b in self.repeats)


class IdleStreams:
    """Administrator streams kept open across the steps of part 2."""

    def __init__(self, api: Api, streams: aiohttp.ClientSession, numero: str) -> None:
        self.api = api
        self.session = streams
        self.numero = numero
        self.url = f"{api.stack.url('tracking_service')}/api/tracking/stream"
        self.pid = api.stack.processes["tracking_service"].pid
        self.clients: list[StreamClient] = []
        self.edits = 0

    def rss_mib(self) -> float:
        return psutil.Process(self.pid).memory_info().rss / 2**20

    async def step(self, target: int, heartbeat: float, repeats: int) -> Step:
        """Open streams up to ``target``, check them, and broadcast changes."""
        result = await self._open_to(target, heartbeat)
        if result.opened == target and result.survived_heartbeat:
            await self._measure(result, heartbeat, repeats)
        result.errors += sorted({c.error for c in self.clients if c.error})
        return result

    async def _open_to(self, target: int, heartbeat: float) -> Step:
        """Open streams up to ``target`` and wait until each has had a heartbeat."""
        tokens = await self._tokens(target - len(self.clients))
        started = time.perf_counter()
        self.clients += await self._open(tokens)
        open_seconds = time.perf_counter() - started

        beaten = await wait_for(
            lambda: all(c.heartbeats >= 1 for c in self.clients), heartbeat + 10
        )
        return Step(
            streams=target,
            opened=sum(client.opened.is_set() for client in self.clients),
            open_seconds=open_seconds,
            survived_heartbeat=beaten and self._all_alive(),
            rss_mib=self.rss_mib(),
            open_files=psutil.Process(self.pid).num_fds(),
        )

    async def _measure(self, result: Step, heartbeat: float, repeats: int) -> None:
        # The first event a stream receives also reads the Redis stream once
        # (the gap between its replay and the shared reader), so it is measured
        # apart from the repeated ones.
        result.first = await self._broadcast()
        result.repeats = [await self._broadcast() for _ in range(repeats)]
        for broadcast in [result.first, *result.repeats]:
            if broadcast.delivered < result.streams:
                result.errors.append(
                    f"an edit reached {broadcast.delivered} of {result.streams} "
                    f"streams within {EVENT_TIMEOUT:.0f} s"
                )

        result.idle_cpu_percent = await self._idle_cpu(heartbeat)
        result.survived_heartbeat = self._all_alive()

    def _all_alive(self) -> bool:
        return all(client.alive for client in self.clients)

    async def _tokens(self, count: int) -> list[str]:
        limit = asyncio.Semaphore(LOGIN_CONCURRENCY)

        async def one() -> str:
            async with limit:
                return await self.api.admin_token()

        return list(await asyncio.gather(*(one() for _ in range(count))))

    async def _open(self, tokens: list[str]) -> list[StreamClient]:
        limit = asyncio.Semaphore(OPEN_CONCURRENCY)

        async def one(token: str) -> StreamClient:
            async with limit:
                return await start_stream(self.session, self.url, token, "admin")

        return list(await asyncio.gather(*(one(token) for token in tokens)))

    async def _idle_cpu(self, seconds: float) -> float:
        """Return the tracking process's CPU use over ``seconds``, in % of a core.

        Over one heartbeat period every open stream sends one heartbeat.
        """
        before = cpu_seconds(self.pid)
        await asyncio.sleep(seconds)  # the measuring window
        return (cpu_seconds(self.pid) - before) / seconds * 100

    async def _broadcast(self) -> Broadcast:
        server_cpu = cpu_seconds(self.pid)
        client_cpu = time.process_time()
        self.edits += 1
        action = ("direccion", f"Avenida de la Medida {self.edits}, Madrid")
        change = await self.api.change(self.numero, action)
        key = (change.numero, change.version)
        await wait_for(
            lambda: all(key in c.arrivals for c in self.clients), EVENT_TIMEOUT
        )
        arrivals = [c.arrivals[key] for c in self.clients if key in c.arrivals]
        return Broadcast(
            delivered=len(arrivals),
            from_sent=[(seen - change.sent_at) * 1000 for seen in arrivals],
            server_cpu_ms=(cpu_seconds(self.pid) - server_cpu) * 1000,
            client_cpu_ms=(time.process_time() - client_cpu) * 1000,
        )


async def measure_idle_streams(
    api: Api,
    streams: aiohttp.ClientSession,
    args: argparse.Namespace,
    cliente_id: str,
    deadline: float,
) -> tuple[float, list[Step], str]:
    """Run the steps of part 2 and return the idle RSS, the steps and the end reason."""
    numero = await api.create_order(cliente_id, 0)
    idle = IdleStreams(api, streams, numero)
    baseline = idle.rss_mib()
    steps: list[Step] = []
    reason = "every step passed"
    try:
        for target in args.steps:
            if time.monotonic() > deadline:
                reason = f"the time budget of {args.budget:.0f} s ran out"
                break
            log(f"part 2: {target} idle streams")
            step = await idle.step(target, args.heartbeat, args.broadcasts)
            steps.append(step)
            if not step.passed:
                reason = f"the step of {target} streams failed"
                break
    finally:
        await close_streams(idle.clients)
    return baseline, steps, reason


# --- report ------------------------------------------------------------------------


def spread(values: list[float], fractions=(0.5, 0.9, 0.99)) -> list[str]:
    cells = [percentile(values, fraction) for fraction in fractions]
    return [f"{value:.1f}" for value in [*cells, max(values)]]


def delivery_lines(part: dict) -> list[str]:
    lines = [
        "| stream | measured from | events | p50 | p90 | p99 | max |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in part["results"]:
        for name, values in (
            ("request sent", result.from_sent),
            ("response received", result.from_response),
        ):
            cells = " | ".join(spread(values)) if values else "- | - | - | -"
            lines.append(f"| {result.label} | {name} | {len(values)} | {cells} |")
    lines.append("")
    for result in part["results"]:
        lines.append(
            f"- {result.label} stream: {result.missing} events missing after "
            f"{EVENT_TIMEOUT:.0f} s, {result.duplicates} duplicates, "
            f"{result.out_of_order} out of order."
        )
    return lines


def broadcast_cells(step: Step) -> list[str]:
    if not step.passed:
        return ["-"] * 6
    assert step.first is not None
    pooled = [value for b in step.repeats for value in b.from_sent]
    return [
        f"{max(step.first.from_sent):.1f}",
        f"{percentile(pooled, 0.5):.1f}",
        f"{percentile(pooled, 0.99):.1f}",
        f"{step.median(lambda b: max(b.from_sent)):.1f}",
        f"{step.median(lambda b: b.server_cpu_ms):.1f}",
        f"{step.median(lambda b: b.client_cpu_ms):.0f}",
    ]


def step_lines(baseline: float, steps: list[Step]) -> list[str]:
    lines = [
        "| streams | opened | opening (s) | alive after heartbeats | RSS (MiB) "
        "| open files | idle CPU (%) | first edit, last stream | p50 | p99 "
        "| last stream | tracking CPU (ms) | client CPU (ms) |",
        "|" + " --- |" * 13,
        f"| 0 | - | - | - | {baseline:.0f} |" + " - |" * 8,
    ]
    for step in steps:
        cells = [
            str(step.streams),
            str(step.opened),
            f"{step.open_seconds:.1f}",
            "yes" if step.survived_heartbeat else "no",
            f"{step.rss_mib:.0f}",
            str(step.open_files),
            "-" if step.idle_cpu_percent is None else f"{step.idle_cpu_percent:.1f}",
            *broadcast_cells(step),
        ]
        lines.append(f"| {' | '.join(cells)} |")
    for step in steps:
        for error in step.errors:
            lines.append(f"- at {step.streams} streams: {error}")
    return lines


def rounded(value: float) -> str:
    """Format an estimate with two significant digits, such as 62,000."""
    if value <= 0 or math.isinf(value):
        return f"{value:,.0f}"
    digits = 1 - math.floor(math.log10(value))
    return f"{round(value, digits):,.0f}"


def memory_line(baseline: float, top: Step) -> str:
    kib = (top.rss_mib - baseline) * 1024 / top.streams
    if kib <= 0:
        return f"- **Memory**: the RSS did not grow up to {top.streams} streams."
    return (
        f"- **Memory**: the RSS grew by about {kib:.0f} KiB per open stream up "
        f"to {top.streams} streams, so 1 GiB holds about "
        f"{rounded(1024 * 1024 / kib)} streams (an estimate from one run)."
    )


def cpu_line(top: Step) -> str:
    cpu_ms = top.median(lambda b: b.server_cpu_ms)
    if cpu_ms <= 0:
        return "- **CPU per event**: too small to measure in this run."
    return (
        f"- **CPU per event**: one event sent to {top.streams} streams took "
        f"{cpu_ms:.1f} ms of the process's CPU time, about "
        f"{cpu_ms * 1000 / top.streams:.0f} µs per stream. Every stream runs "
        "in one event loop, so one core gives about "
        f"{rounded(top.streams * 1000 / cpu_ms)} deliveries per second, "
        "which is the change rate times the streams that see each change "
        "(an estimate that leaves out the rest of the service's work). An "
        "administrator stream receives every change, a customer stream only "
        "the changes of that customer's orders."
    )


def idle_line(top: Step, heartbeat: float) -> str:
    percent = top.idle_cpu_percent or 0.0
    if percent <= 0:
        return "- **Idle streams**: their CPU use was too small to measure."
    per_beat_us = percent / 100 * heartbeat / top.streams * 1e6
    return (
        f"- **Idle streams**: with no changes, {top.streams} streams used "
        f"{percent:.1f}% of a core, about {per_beat_us:.0f} µs per heartbeat "
        "(a keepalive comment and one Redis script that refreshes the lease). "
        f"At that rate idle streams alone would fill a core near "
        f"{rounded(top.streams * 100 / percent)} streams (an estimate)."
    )


def limit_lines(
    baseline: float, steps: list[Step], facts: dict, heartbeat: float
) -> list[str]:
    """Explain what bounds the stream count, with figures from this run."""
    passed = [step for step in steps if step.passed]
    if steps and steps[-1].passed:
        lines = [
            f"Every step up to {steps[-1].streams} streams passed, so this run did "
            "not reach the limit. These figures bound it:",
            "",
        ]
    else:
        lines = ["The last step failed (its errors are listed above). Bounds:", ""]
    if passed:
        top = passed[-1]
        lines += [
            memory_line(baseline, top),
            cpu_line(top),
            idle_line(top, heartbeat),
        ]
    lines += [
        f"- **Open files**: each stream holds one socket. The tracking process "
        f"ran with an open-file limit of {facts['tracking_nofile']}. With "
        "the soft limit of 1024 that Linux and systemd services get by "
        "default, it would stop accepting connections near 1,000 streams.",
        "- **Heartbeats and Redis**: every stream sends a keepalive and "
        "refreshes its lease with one Redis script every "
        "`SSE_HEARTBEAT_SECONDS`, so N streams make N/15 Redis calls per "
        "second by default. The calls share the `REDIS_POOL_SIZE` (50) "
        "connections of the pool, and a call waits at most "
        "`REDIS_POOL_TIMEOUT` (2 s) for one. Streams opened together beat "
        "together.",
        "- **Token expiry**: a stream ends when its access token expires "
        "(`ACCESS_TOKEN_TTL`, 900 s) and the client reconnects, so streams "
        "opened together also reconnect together.",
        "- **Per-user limit**: `SSE_MAX_STREAMS_PER_USER` (5) bounds the streams "
        "of one login, not of the process. This run raised it.",
        "- **Gateway**: through nginx each stream uses two connections of one "
        "nginx worker (client and upstream). `nginx/run-native.sh` sets "
        "`worker_connections 1024`, so one nginx worker holds about 500 "
        "streams. This run bypassed nginx.",
    ]
    return lines


def write_report(args, delivery: dict, idle: tuple, facts: dict) -> None:
    baseline, steps, reason = idle
    machine = facts["machine"]
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in PACKAGES
    )
    lines = [
        "# Live stream",
        "",
        "Event delivery time of `GET /api/tracking/stream` and the number of idle",
        "streams that one tracking-service process holds, measured by",
        f"`scripts/bench_stream.py`. Run on {facts['date']}.",
        "",
        "## Delivery time",
        "",
        "Milliseconds from an order change in pedido-service to the arrival of the",
        "`estado` event of that version at a connected client. The path is the",
        "MySQL commit, the outbox relay, tracking-service's Redis write and event",
        "stream, its shared `XREAD` reader, and the stream's socket. One customer",
        "stream and one administrator stream were open.",
        "",
        f"Changes: {delivery['changes']} to {args.orders} orders of that customer,",
        f"{delivery['estado']} of them state changes and the rest address edits,",
        f"sent at {delivery['rate']:.1f} changes/s with one request at a time per",
        "order.",
        "",
        *delivery_lines(delivery),
        "",
        "## Idle streams in one process",
        "",
        "Administrator streams, each with its own access token, opened in steps",
        "and kept open. tracking-service ran one process (`WORKERS=1`) with",
        f"`SSE_MAX_STREAMS_PER_USER={facts['max_streams']}` (default 5) and",
        f"`SSE_HEARTBEAT_SECONDS={args.heartbeat:g}`. Every step waits until each",
        f"stream has received a heartbeat, then sends {args.broadcasts + 1} address",
        "edits of one order, one at a time. Every administrator stream receives",
        "each edit. Times in ms from sending the request. The first edit of a",
        "step is shown apart, because every stream opened in that step also",
        "reads the Redis stream once when its first event arrives. The edits",
        "after it give the p50 and p99 over all their deliveries, and the",
        "medians of the last stream's time and of the CPU times per edit. CPU",
        "time counts from sending an edit until the last stream had it, and the",
        'tracking CPU includes applying the change. "opening" is the time to',
        f"open the step's new streams, {OPEN_CONCURRENCY} at a time, after their",
        "logins. RSS and open files are the tracking process's, taken after the",
        'first heartbeat. "idle CPU" is its CPU use, in % of one core, over one',
        "heartbeat period after the edits, in which every stream sends one",
        'heartbeat and refreshes its lease. "alive after heartbeats" means that',
        "no stream had ended by the end of that period. The 0 row is the idle",
        "process after part 1.",
        "",
        "The streams of one step were opened together, so they send their",
        "heartbeats together, and an edit that falls on such a moment waits for",
        "them. The steps' edits sample these moments only a few times, so the",
        "last-stream times of the larger steps vary between runs.",
        "",
        *step_lines(baseline, steps),
        "",
        f"The steps ended because {reason}.",
        "",
        "## What limits the count",
        "",
        *limit_lines(baseline, steps, facts, args.heartbeat),
        "",
        "## Machine and versions",
        "",
        f"- {machine['CPU']}, nproc {machine['cores (nproc)']}, "
        f"{machine['memory']} memory, {machine['OS']}, kernel {machine['kernel']}",
        f"- Python {platform.python_version()} with {versions}",
        f"- Redis server {facts['redis']}, MariaDB and PostgreSQL of the machine",
        "- Load average (1 min): "
        f"{facts['load_before']:.1f} before the run, {facts['load_after']:.1f} after",
        f"- Open-file limit: {facts['nofile_note']}",
        "",
        "Other work shared the two cores during the run when the load average was",
        "above 2, and the clients ran on the same machine as the services, so",
        "the figures describe this setup only and vary between runs.",
        "",
        "## Method",
        "",
        "The script starts auth-, cliente-, pedido- and tracking-service with",
        "`python -m <package>` on free loopback ports, against databases named",
        "`bench_<kind>_<run id>` and Redis keys under `bench_<run id>:`, and removes",
        "them at the end. auth-service runs with `BCRYPT_ROUNDS=4` so that the",
        "logins of part 2 take seconds, and logs run at INFO. The clients are",
        "aiohttp streaming readers in the script's own process (one uvloop event",
        "loop), connected to tracking-service directly without nginx. Each stream",
        "parses the events and stamps them with `time.perf_counter()` when the",
        "blank line that ends the event arrives, and the request times come from",
        "the same clock. Changes are sent by the administrator: `PUT",
        "/api/pedidos/{numero}/estado` to move an order from CONFIRMADO to",
        "ENTREGADO and `PATCH /api/pedidos/{numero}` to edit its address. The",
        "tracking process's CPU time comes from psutil, the client's from",
        "`time.process_time()`.",
        "",
        "```sh",
        f".venv/bin/python scripts/bench_stream.py --changes {args.changes} "
        f"--orders {args.orders} --rate {args.rate:g} "
        f"--steps {','.join(str(step) for step in args.steps)}",
        "```",
        "",
    ]
    args.output.write_text("\n".join(lines))


# --- main --------------------------------------------------------------------------


def raise_open_file_limit(needed: int) -> str:
    """Raise this process's soft open-file limit, which the services inherit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return f"soft {soft}, hard {hard}, high enough, so it was left as it was"
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return f"soft limit raised from {soft} to {target} with `resource.setrlimit`"


def start_stack(args: argparse.Namespace, max_streams: int) -> BenchStack:
    stack = BenchStack(work_dir=args.work_dir, bcrypt_rounds=4)
    log(f"starting run {stack.run_id}, service logs in {args.work_dir}")
    try:
        stack.start_service("auth_service")
        stack.start_service("cliente_service")
        stack.start_service(
            "tracking_service",
            SSE_MAX_STREAMS_PER_USER=str(max_streams),
            SSE_HEARTBEAT_SECONDS=str(args.heartbeat),
        )
        stack.start_service("pedido_service")
    except BaseException:
        stack.close()
        raise
    return stack


async def run(args: argparse.Namespace, stack: BenchStack) -> tuple[dict, tuple]:
    deadline = time.monotonic() + args.budget
    api_connector = aiohttp.TCPConnector(limit=LOGIN_CONCURRENCY * 2)
    # No connection cap and no read timeout: the streams are long and mostly idle.
    stream_connector = aiohttp.TCPConnector(limit=0)
    stream_timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    async with (
        aiohttp.ClientSession(
            connector=api_connector, timeout=aiohttp.ClientTimeout(total=30)
        ) as session,
        aiohttp.ClientSession(
            connector=stream_connector, timeout=stream_timeout
        ) as streams,
    ):
        api = Api(session, stack)
        api.admin_headers = {"Authorization": f"Bearer {await api.admin_token()}"}
        cliente = await api.register_cliente()
        delivery = await measure_delivery(api, streams, args, cliente)
        idle = await measure_idle_streams(api, streams, args, cliente[0], deadline)
    return delivery, idle


def main() -> int:
    args = parse_args()
    max_streams = max(args.steps) + 10
    nofile_note = raise_open_file_limit(max(args.steps) + SPARE_FILES)
    load_before = os.getloadavg()[0]
    if args.work_dir is None:
        args.work_dir = Path(tempfile.mkdtemp(prefix="bench_stream_"))
    stack = start_stack(args, max_streams)
    try:
        pid = stack.processes["tracking_service"].pid
        tracking_nofile = psutil.Process(pid).rlimit(psutil.RLIMIT_NOFILE)[0]
        delivery, idle = uvloop.run(run(args, stack))
    finally:
        log("stopping the services and removing the bench databases and keys")
        stack.close()
    client = redis.Redis.from_url(REDIS_URL)
    facts = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_facts(),
        "redis": client.info("server")["redis_version"],
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "nofile_note": nofile_note,
        "tracking_nofile": tracking_nofile,
        "max_streams": max_streams,
    }
    client.close()
    write_report(args, delivery, idle, facts)
    print(args.output.read_text())
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
