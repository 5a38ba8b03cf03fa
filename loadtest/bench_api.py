"""API calls of the benchmarks, made directly to each service (not through the
gateway): test data set-up, paced order changes for the replication lag and bulk
changes for the outbox drain."""

import asyncio
import random
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

import aiohttp
import httpx

from loadtest.accounts import DIRECCIONES, PRODUCTOS, token_form

FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
NEXT_ESTADO = {
    "CREADO": "CONFIRMADO",
    "CONFIRMADO": "EN_PREPARACION",
    "EN_PREPARACION": "ENVIADO",
    "ENVIADO": "EN_REPARTO",
    "EN_REPARTO": "ENTREGADO",
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def check(response: httpx.Response, expected: int, action: str) -> dict:
    if response.status_code != expected:
        raise RuntimeError(
            f"{action} failed with {response.status_code}: {response.text[:300]}"
        )
    return response.json()


def password_token(auth_url: str, email: str, password: str) -> str:
    response = httpx.post(
        f"{auth_url}/oauth2/token",
        content=token_form(grant_type="password", username=email, password=password),
        headers=FORM_HEADERS,
        timeout=30,
    )
    return check(response, 200, f"login of {email}")["access_token"]


@dataclass
class BenchCustomer:
    cliente_id: str
    email: str
    password: str
    token: str


def register_customer(cliente_url: str, auth_url: str) -> BenchCustomer:
    """Register a customer with cliente-service and log it in."""
    email = f"bench.{uuid.uuid4().hex[:10]}@example.com"
    password = "clave-de-bench-2026"
    response = httpx.post(
        f"{cliente_url}/api/clientes/registro",
        json={
            "nombre": "Cliente de benchmark",
            "email": email,
            "password": password,
            "telefono": "+34 600 123 456",
            "direccion": DIRECCIONES[0],
        },
        timeout=30,
    )
    cliente = check(response, 201, f"registration of {email}")
    token = password_token(auth_url, email, password)
    return BenchCustomer(cliente["id"], email, password, token)


def pedido_body(cliente_id: str | None = None) -> dict:
    body = {
        "producto": random.choice(PRODUCTOS),
        "cantidad": 1,
        "direccion_entrega": random.choice(DIRECCIONES),
    }
    if cliente_id is not None:
        body["cliente_id"] = cliente_id
    return body


def create_pedido(pedido_url: str, token: str) -> dict:
    response = httpx.post(
        f"{pedido_url}/api/pedidos",
        json=pedido_body(),
        headers=bearer(token),
        timeout=30,
    )
    return check(response, 201, "placing an order")


def wait_for_tracking(
    tracking_url: str, token: str, numero: str, *, version: int = 1, timeout: float = 60
) -> dict:
    """Poll tracking-service until it has ``numero`` at ``version`` or newer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = httpx.get(
            f"{tracking_url}/api/tracking/{numero}", headers=bearer(token), timeout=10
        )
        if response.status_code == 200 and response.json()["version"] >= version:
            return response.json()
        time.sleep(0.1)  # polling interval
    raise TimeoutError(f"{numero} version {version} did not reach tracking-service")


def sincronizacion(pedido_url: str, admin_token: str) -> dict:
    response = httpx.get(
        f"{pedido_url}/api/pedidos/sincronizacion",
        headers=bearer(admin_token),
        timeout=30,
    )
    return check(response, 200, "GET /api/pedidos/sincronizacion")


def parse_time(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


async def create_pedidos(
    pedido_url: str,
    admin_token: str,
    cliente_ids: list[str],
    count: int,
    *,
    concurrency: int = 16,
) -> list[dict]:
    """Create ``count`` orders spread over ``cliente_ids`` as the administrator."""
    semaphore = asyncio.Semaphore(concurrency)

    async def create(session: aiohttp.ClientSession, index: int) -> dict:
        body = pedido_body(cliente_ids[index % len(cliente_ids)])
        async with (
            semaphore,
            session.post(f"{pedido_url}/api/pedidos", json=body) as response,
        ):
            if response.status != 201:
                raise RuntimeError(f"creating an order failed with {response.status}")
            return await response.json()

    async with aiohttp.ClientSession(headers=bearer(admin_token)) as session:
        return await asyncio.gather(*(create(session, index) for index in range(count)))


async def advance_pedidos(
    pedido_url: str,
    admin_token: str,
    pedidos: list[dict],
    steps: int,
    *,
    concurrency: int = 16,
) -> int:
    """Move each order ``steps`` states forward, one state change at a time per
    order and up to ``concurrency`` requests at once; return the changes made."""
    semaphore = asyncio.Semaphore(concurrency)

    async def advance(session: aiohttp.ClientSession, pedido: dict) -> int:
        estado = pedido["estado"]
        for _ in range(steps):
            estado = NEXT_ESTADO[estado]
            url = f"{pedido_url}/api/pedidos/{pedido['numero']}/estado"
            async with semaphore, session.put(url, json={"estado": estado}) as response:
                if response.status != 200:
                    raise RuntimeError(f"PUT {url} failed with {response.status}")
        return steps

    async with aiohttp.ClientSession(headers=bearer(admin_token)) as session:
        done = await asyncio.gather(*(advance(session, pedido) for pedido in pedidos))
    return sum(done)


async def paced_state_changes(
    pedido_url: str, admin_token: str, pedidos: list[dict], *, rate: float
) -> list[tuple[str, int]]:
    """Change the state of each order once, starting ``rate`` changes per second
    whether or not earlier ones have finished; return ``(numero, version)`` pairs."""

    async def change(session: aiohttp.ClientSession, pedido: dict, delay: float):
        await asyncio.sleep(delay)
        url = f"{pedido_url}/api/pedidos/{pedido['numero']}/estado"
        body = {"estado": NEXT_ESTADO[pedido["estado"]]}
        async with session.put(url, json=body) as response:
            if response.status != 200:
                raise RuntimeError(f"PUT {url} failed with {response.status}")
            changed = await response.json()
        return changed["numero"], changed["version"]

    async with aiohttp.ClientSession(headers=bearer(admin_token)) as session:
        return await asyncio.gather(
            *(
                change(session, pedido, index / rate)
                for index, pedido in enumerate(pedidos)
            )
        )
