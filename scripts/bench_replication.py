"""Measure the replication lag from an order change in MySQL to its entry in Redis.

    .venv/bin/python scripts/bench_replication.py [--changes 1500] [--concurrency 1,4]

Runs against a stack that is already up (the defaults are the ports of `make run`).
It logs in as the administrator, creates ``--orders`` orders for ``--cliente-id``,
then, in one phase per ``--concurrency`` value, edits them with ``--changes`` PATCH
requests with that many in flight. Meanwhile a separate thread reads
tracking-service's event stream (``XREAD BLOCK`` on ``<prefix>eventos``) and
timestamps every event. A change is
visible when the stream carries an event for its order at its version or a newer
one: tracking-service writes no event for a version that arrives after a newer one.

The lag of each change is measured two ways, both on this machine's clock:

- from the arrival of the PATCH response, when the client knows the change is
  committed;
- from the order's ``actualizado_en``, which pedido-service takes inside the
  transaction just before the commit.

The result goes to ``--output`` (docs/REPLICATION.md) with the machine, the versions
and this method. The orders it creates stay in the database, in state CREADO.
"""

import argparse
import asyncio
import importlib.metadata
import json
import math
import os
import platform
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pymysql
import redis

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from common.demo import DEMO_CLIENTES  # noqa: E402

PACKAGES = ("sanic", "tortoise-orm", "aiomysql", "aiohttp", "redis")


@dataclass
class Change:
    numero: str
    version: int
    committed_at: float  # actualizado_en as a Unix time
    answered_at: float  # when the PATCH response arrived


@dataclass
class StreamLog:
    """Arrival times of stream events, per order, in arrival order."""

    events: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def add(self, numero: str, version: int, seen_at: float) -> None:
        with self.lock:
            self.events.setdefault(numero, []).append((version, seen_at))

    def visible_at(self, change: Change) -> float | None:
        with self.lock:
            times = [
                seen
                for version, seen in self.events.get(change.numero, [])
                if version >= change.version
            ]
        return min(times) if times else None

    def has_event(self, change: Change) -> bool:
        """Tell whether the stream carried the change's own version."""
        with self.lock:
            events = self.events.get(change.numero, [])
            return any(version == change.version for version, _ in events)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--auth-url", default="http://127.0.0.1:8001")
    parser.add_argument("--pedido-url", default="http://127.0.0.1:8003")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--redis-prefix", default="seguimiento:")
    parser.add_argument("--mysql-url", default="mysql://root@127.0.0.1:3306")

    parser.add_argument(
        "--admin-email", default=os.environ.get("DEMO_ADMIN_EMAIL", "admin@example.com")
    )
    parser.add_argument(
        "--admin-password", default=os.environ.get("DEMO_ADMIN_PASSWORD", "admin12345")
    )
    parser.add_argument(
        "--cliente-id",
        default=DEMO_CLIENTES[0].id,
        help="active customer the orders are created for (default: a demo customer)",
    )

    parser.add_argument("--orders", type=int, default=100, help="orders to edit")
    parser.add_argument(
        "--changes", type=int, default=1500, help="PATCH requests per phase"
    )
    parser.add_argument(
        "--concurrency",
        type=lambda text: [int(item) for item in text.split(",")],
        default=[1, 4],
        help="requests in flight, one phase per comma-separated value",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for the last event"
    )

    parser.add_argument(
        "--stack-note", default="", help="how the measured stack was started"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs/REPLICATION.md")
    return parser.parse_args()


def read_stream(client: redis.Redis, key: str, start_id: str, log: StreamLog) -> None:
    """Record the arrival time of every event after ``start_id`` until stopped."""
    last_id = start_id
    while not log.stop.is_set():
        reply = client.xread({key: last_id}, count=1000, block=200)
        seen_at = time.time()
        for _stream, entries in reply or []:
            for entry_id, fields in entries:
                last_id = entry_id
                data = json.loads(fields[b"data"])
                log.add(data["numero"], int(data["version"]), seen_at)


async def admin_token(session: aiohttp.ClientSession, args: argparse.Namespace) -> str:
    form = {
        "grant_type": "password",
        "client_id": "web",
        "username": args.admin_email,
        "password": args.admin_password,
    }
    async with session.post(f"{args.auth_url}/oauth2/token", data=form) as response:
        body = await response.json(content_type=None)
        if response.status != 200:
            raise SystemExit(f"administrator login failed: {response.status} {body}")
        return body["access_token"]


async def create_orders(
    session: aiohttp.ClientSession, args: argparse.Namespace, headers: dict
) -> list[str]:
    numeros = []
    for index in range(args.orders):
        body = {
            "producto": f"Prueba de replicación {index}",
            "direccion_entrega": "Calle de la Medida 1",
            "cliente_id": args.cliente_id,
        }
        url = f"{args.pedido_url}/api/pedidos"
        async with session.post(url, json=body, headers=headers) as response:
            if response.status != 201:
                text = await response.text()
                raise SystemExit(f"creating an order failed: {response.status} {text}")
            numeros.append((await response.json())["numero"])
    return numeros


async def make_changes(
    session: aiohttp.ClientSession,
    args: argparse.Namespace,
    headers: dict,
    numeros: list[str],
    *,
    concurrency: int,
) -> list[Change]:
    jobs: asyncio.Queue[int] = asyncio.Queue()
    for index in range(args.changes):
        jobs.put_nowait(index)
    changes: list[Change] = []

    async def worker() -> None:
        while not jobs.empty():
            index = jobs.get_nowait()
            numero = numeros[index % len(numeros)]
            url = f"{args.pedido_url}/api/pedidos/{numero}"
            body = {"direccion_entrega": f"Calle de la Medida {index}"}
            async with session.patch(url, json=body, headers=headers) as response:
                pedido = await response.json()
                answered_at = time.time()
                if response.status != 200:
                    raise SystemExit(f"PATCH {numero} failed: {pedido}")
            committed = datetime.fromisoformat(pedido["actualizado_en"])
            changes.append(
                Change(numero, pedido["version"], committed.timestamp(), answered_at)
            )

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return changes


async def sincronizacion(
    session: aiohttp.ClientSession, args: argparse.Namespace, headers: dict
) -> dict:
    url = f"{args.pedido_url}/api/pedidos/sincronizacion"
    async with session.get(url, headers=headers) as response:
        return await response.json()


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[min(rank, len(ordered)) - 1]


def mysql_version(url: str) -> str:
    parts = urlsplit(url)
    try:
        connection = pymysql.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=parts.username or "root",
            password=parts.password or "",
        )
    except pymysql.MySQLError as error:
        return f"unknown ({error})"
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT VERSION()")
        return cursor.fetchone()[0]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def lag_cells(lags_ms: list[float]) -> str:
    values = [percentile(lags_ms, q) for q in (0.5, 0.9, 0.99)] + [max(lags_ms)]
    return " | ".join(f"{value:.1f}" for value in values)


def result_lines(phases: list[dict]) -> list[str]:
    lines = [
        "| in flight | changes | changes/s | measured from | p50 | p90 | p99 | max |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for phase in phases:
        lead = (
            f"| {phase['concurrency']} | {phase['changes']} | "
            f"{phase['throughput']:.0f} |"
        )
        lines.append(f"{lead} response | {lag_cells(phase['from_response'])} |")
        lines.append(f"{lead} commit | {lag_cells(phase['from_commit'])} |")
    lines.append("")
    for phase in phases:
        lines.append(
            f"- {phase['concurrency']} in flight: {phase['missing']} changes missing "
            f"after the wait, {phase['superseded']} overtaken by a newer version of "
            f"their order, {phase['sent']} outbox rows sent, "
            f"{phase['duplicates']} of them not applied."
        )
    return lines


def write_report(args, phases: list[dict], servers: dict, path: Path) -> None:
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in PACKAGES
    )
    concurrency = ",".join(str(value) for value in args.concurrency)
    lines = [
        "# Replication lag",
        "",
        "How long an order change takes from its commit in MySQL to its entry in",
        "Redis, measured by `scripts/bench_replication.py` against a running stack.",
        f"Run on {servers['date']}.",
        "",
        "## Result",
        "",
        'Lag in milliseconds. "response" counts from the arrival of the PATCH',
        'response, "commit" from the order\'s `actualizado_en`, which is taken inside',
        'the transaction before the commit. "changes/s" is the rate at which the',
        "server responded to the PATCH requests.",
        "",
        *result_lines(phases),
        "",
        "A change is overtaken when one relay batch contains two versions of its",
        "order. tracking-service then applies only the newer one, and the change",
        "counts as visible when that newer version arrives. A row is not applied",
        "when Redis already had its version or a newer one.",
        "",
        "The relay of a pedido-service worker wakes right after that worker commits",
        "a change, so the lag is one relay pass up to the Redis write: a `BEGIN`, the",
        "`SELECT ... FOR UPDATE SKIP LOCKED` of the due rows, and one batch `PUT` to",
        "tracking-service, which runs one Lua script per change. Under load, changes",
        "that commit during a pass wait for the next one and go in the same batch.",
        "A change committed by another worker or replica waits for the periodic",
        "wake (`RELAY_POLL_INTERVAL`, 1 s by default), which this run does not",
        "measure because the stack runs one worker.",
        "",
        "## Machine and versions",
        "",
        f"- {cpu_model()}, {os.cpu_count()} cores, {platform.platform()}",
        f"- Python {platform.python_version()} with {versions}",
        f"- MySQL server {servers['mysql']}, Redis server {servers['redis']}",
        "- Load average (1 min) of the machine: "
        f"{servers['load_before']:.1f} before the run, "
        f"{servers['load_after']:.1f} after it",
    ]
    if args.stack_note:
        lines.append(f"- Stack: {args.stack_note}")
    if max(servers["load_before"], servers["load_after"]) > (os.cpu_count() or 1):
        lines += [
            "",
            "Other work ran on the machine at the same time (the load average was",
            "above the number of cores), so repeated runs vary, mostly in p99 and max.",
        ]
    lines += [
        "",
        "## Method",
        "",
        "The script creates the orders first. Each phase waits until the outbox is",
        "empty, then sends the edits from a pool of asyncio tasks over one aiohttp",
        "session. A separate thread reads tracking-service's event stream with a",
        "blocking `XREAD` and stamps each event with its arrival time. A change is",
        "visible at the first event of its order with its version or a newer one.",
        "Both ends use this machine's clock, so the figures hold for a stack on one",
        "machine. The load generator, the four services, MySQL and Redis share the",
        "same cores, so the figures describe this setup only.",
        "",
        "Reproduce it against `make run` with",
        "",
        "```sh",
        ".venv/bin/python scripts/bench_replication.py --changes "
        f"{args.changes} --orders {args.orders} --concurrency {concurrency}",
        "```",
        "",
    ]
    path.write_text("\n".join(lines))


async def wait_drained(
    session: aiohttp.ClientSession, args: argparse.Namespace, headers: dict
) -> dict:
    """Wait until the outbox is empty, so that a phase counts only its own rows."""
    deadline = time.monotonic() + args.timeout
    while True:
        state = await sincronizacion(session, args, headers)
        if state["pendientes"] == 0 or time.monotonic() > deadline:
            return state
        await asyncio.sleep(0.1)


async def wait_visible(changes: list[Change], log: StreamLog, seconds: float) -> None:
    """Wait until every change is visible, for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(log.visible_at(change) is not None for change in changes):
            return
        await asyncio.sleep(0.1)


def phase_result(changes: list[Change], log: StreamLog) -> dict:
    from_response, from_commit = [], []
    missing = superseded = 0
    for change in changes:
        visible = log.visible_at(change)
        if visible is None:
            missing += 1
            continue
        if not log.has_event(change):
            superseded += 1
        from_response.append((visible - change.answered_at) * 1000)
        from_commit.append((visible - change.committed_at) * 1000)
    return {
        "changes": len(changes),
        "from_response": from_response,
        "from_commit": from_commit,
        "missing": missing,
        "superseded": superseded,
    }


async def run(args: argparse.Namespace, log: StreamLog) -> list[dict]:
    """Create the orders, then run one phase of edits per concurrency level."""
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=max(args.concurrency))
    phases = []
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        headers = {"Authorization": f"Bearer {await admin_token(session, args)}"}
        numeros = await create_orders(session, args, headers)
        for concurrency in args.concurrency:
            before = await wait_drained(session, args, headers)
            started = time.monotonic()
            changes = await make_changes(
                session, args, headers, numeros, concurrency=concurrency
            )
            elapsed = time.monotonic() - started
            await wait_visible(changes, log, args.timeout)
            after = await wait_drained(session, args, headers)
            result = phase_result(changes, log)
            result["concurrency"] = concurrency
            result["throughput"] = len(changes) / elapsed
            result["sent"] = after["enviados_total"] - before["enviados_total"]
            duplicates = after["duplicados_total"] - before["duplicados_total"]
            result["duplicates"] = duplicates
            phases.append(result)
    return phases


def main() -> int:
    args = parse_args()

    client = redis.Redis.from_url(args.redis_url)
    key = f"{args.redis_prefix}eventos"
    newest = client.xrevrange(key, count=1)
    start_id = newest[0][0] if newest else "0-0"
    log = StreamLog()
    load_before = os.getloadavg()[0]
    reader = threading.Thread(
        target=read_stream, args=(client, key, start_id, log), daemon=True
    )
    reader.start()

    try:
        phases = asyncio.run(run(args, log))
    finally:
        log.stop.set()
        reader.join(timeout=5)
    if not all(phase["from_response"] for phase in phases):
        print(
            "No change reached Redis. Check that the relay of pedido-service runs.",
            file=sys.stderr,
        )
        return 1

    servers = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mysql": mysql_version(args.mysql_url),
        "redis": client.info("server")["redis_version"],
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }
    write_report(args, phases, servers, args.output)
    print(args.output.read_text())
    return 0 if all(phase["missing"] == 0 for phase in phases) else 1


if __name__ == "__main__":
    sys.exit(main())
