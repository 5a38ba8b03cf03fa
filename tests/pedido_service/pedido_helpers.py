"""Helpers of the pedido-service tests: HTTP calls, polling and Redis reads."""

import subprocess
import time
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import httpx
import redis

from tests.conftest import bearer

REDIS_URL = "redis://127.0.0.1:6379/0"

T = TypeVar("T")


def wait_for(
    condition: Callable[[], T], *, timeout: float = 30.0, message: str = ""
) -> T:
    """Poll ``condition`` until it returns a truthy value, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s: {message}")
        time.sleep(0.05)  # polling interval, not synchronisation


def create_pedido(base_url: str, token: str, **fields) -> dict:
    body = {"producto": "Caja de prueba", "direccion_entrega": "Calle 1", **fields}
    response = httpx.post(f"{base_url}/api/pedidos", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    return response.json()


def set_estado(base_url: str, token: str, numero: str, estado: str) -> dict:
    response = httpx.put(
        f"{base_url}/api/pedidos/{numero}/estado",
        json={"estado": estado},
        headers=bearer(token),
    )
    assert response.status_code == 200, response.text
    return response.json()


def list_all_pedidos(base_url: str, token: str) -> list[dict]:
    """Return every order visible to the token, following the pages."""
    items: list[dict] = []
    page = 1
    while True:
        response = httpx.get(
            f"{base_url}/api/pedidos",
            params={"page": page, "size": 100},
            headers=bearer(token),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        if page * body["size"] >= body["total"]:
            return items
        page += 1


def sincronizacion(base_url: str, token: str) -> dict:
    response = httpx.get(
        f"{base_url}/api/pedidos/sincronizacion", headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    return response.json()


def tracking_version(tracking_url: str, token: str, numero: str) -> int | None:
    """Return the version tracking-service serves for ``numero``, None if absent."""
    response = httpx.get(f"{tracking_url}/api/tracking/{numero}", headers=bearer(token))
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    return response.json()["version"]


def redis_entries(prefix: str, numeros: list[str]) -> dict[str, dict[str, str]]:
    """Read the tracking hashes of ``numeros`` straight from Redis."""
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        pipeline = client.pipeline()
        for numero in numeros:
            pipeline.hgetall(f"{prefix}tracking:{numero}")
        return dict(zip(numeros, pipeline.execute(), strict=True))
    finally:
        client.close()


def redis_differences(prefix: str, pedidos: list[dict]) -> list[str]:
    """List every order whose Redis entry differs from its MySQL row."""
    entries = redis_entries(prefix, [pedido["numero"] for pedido in pedidos])
    differences = []
    for pedido in pedidos:
        entry = entries[pedido["numero"]]
        expected = (pedido["estado"], pedido["version"], pedido["cliente_id"])
        found = (
            entry.get("estado"),
            int(entry.get("version", 0)),
            entry.get("cliente_id"),
        )
        same_time = entry.get("actualizado_en") is not None and datetime.fromisoformat(
            entry["actualizado_en"]
        ) == datetime.fromisoformat(pedido["actualizado_en"])
        if found != expected or not same_time:
            differences.append(f"{pedido['numero']}: MySQL {expected}, Redis {entry}")
    return differences


def delete_redis_keys(pattern: str) -> int:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=pattern, count=1000))
        return client.delete(*keys) if keys else 0
    finally:
        client.close()


def run_mysql(database: str, statement: str) -> str:
    result = subprocess.run(
        ["mariadb", "-h", "127.0.0.1", "-u", "root", "-N", "-D", database],
        input=statement,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def count_mysql_rows(database: str, table: str) -> int:
    return int(run_mysql(database, f"SELECT COUNT(*) FROM `{table}`"))
