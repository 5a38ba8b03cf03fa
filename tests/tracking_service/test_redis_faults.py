"""Redis faults on a private Redis server: requests cancelled mid-command, and a
Redis restart while live streams are open."""

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from common.testing import ServiceProcess
from tests.tracking_service.test_stream import open_stream
from tests.tracking_service.tracking_helpers import (
    cambio,
    put_cambio,
    random_numero,
)

POOL_SIZE = 8
ORDERS = 30


@pytest.fixture(scope="module")
def private_tracking(stack, auth_service, private_redis) -> Iterator[ServiceProcess]:
    """A tracking instance on the private Redis with a small connection pool."""
    process = stack.spawn(
        "tracking_service",
        REDIS_URL=private_redis.url,
        REDIS_POOL_SIZE=str(POOL_SIZE),
        # Longer than the pauses below, so only the HTTP clients give up.
        REDIS_SOCKET_TIMEOUT="10",
        REDIS_POOL_TIMEOUT="10",
        SSE_HEARTBEAT_SECONDS="0.5",
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def orders(private_tracking, writer_headers) -> dict[str, str]:
    """Orders in the private Redis, each with a customer id of its own."""
    owners = {random_numero(): f"cliente-{index}" for index in range(ORDERS)}
    items = [cambio(numero, owner) for numero, owner in owners.items()]
    response = httpx.put(
        f"{private_tracking.url}/internal/tracking",
        json={"items": items},
        headers=writer_headers,
    )
    assert response.status_code == 200, response.text
    return owners


def abandon_request(client: httpx.Client, request: httpx.Request) -> None:
    """Send ``request`` and give up on it after 0.3 s, closing the connection."""
    try:
        response = client.send(request)
    except httpx.TimeoutException:
        return
    finally:
        client.close()
    raise AssertionError(
        f"{request.url.path} answered {response.status_code} while Redis was paused"
    )


def check_reads(url: str, headers: dict, owners: dict[str, str]) -> None:
    """Read every order, many at once, and check each reply is its own."""

    client = httpx.Client(base_url=url, headers=headers)

    def read(numero: str) -> None:
        response = client.get(f"/api/tracking/{numero}")
        assert response.status_code == 200, response.text
        assert response.json()["numero"] == numero
        assert response.json()["cliente_id"] == owners[numero]
        assert response.json()["version"] in (1, 2)
        history = client.get(f"/api/tracking/{numero}/historial")
        assert history.status_code == 200
        assert history.json()[0]["version"] == 1

    with client, ThreadPoolExecutor(max_workers=16) as executor:
        list(executor.map(read, list(owners) * 3))
        numeros = list(owners)
        batch = client.get("/api/tracking", params={"numeros": ",".join(numeros)})
    assert batch.status_code == 200
    assert [item["numero"] for item in batch.json()["items"]] == numeros


def test_cancelled_requests_leave_pool_in_step(
    private_tracking, private_redis, orders, admin_headers, writer_headers
):
    url = private_tracking.url
    numeros = list(orders)
    check_reads(url, admin_headers, orders)
    requests = []
    for index, numero in enumerate(numeros):
        requests.append(("GET", f"/api/tracking/{numero}", None))
        if index % 5 == 0:
            requests.append(("GET", f"/api/tracking/{numero}/historial", None))
        if index % 10 == 0:
            path = f"/api/tracking?numeros={numero},{numeros[0]}"
            requests.append(("GET", path, None))
            body = cambio(numero, orders[numero], estado="CONFIRMADO", version=2)
            requests.append(("PUT", f"/internal/tracking/{numero}", body))

    with private_redis.client() as redis_client, ThreadPoolExecutor(48) as executor:
        for _ in range(3):
            # One client per request, so each has a connection of its own to close.
            # They are built before the pause, and without loading CA certificates
            # (plain HTTP), so that every request is sent early in the pause.
            clients = [
                httpx.Client(base_url=url, timeout=0.3, verify=False) for _ in requests
            ]
            prepared = [
                client.build_request(
                    method,
                    path,
                    json=body,
                    headers=writer_headers if body else admin_headers,
                )
                for client, (method, path, body) in zip(clients, requests, strict=True)
            ]
            # Redis delays every command and its reply by 2 s, so each request
            # is still waiting for Redis when its HTTP client gives up.
            redis_client.client_pause(2000, all=True)
            futures = [
                executor.submit(abandon_request, client, request)
                for client, request in zip(clients, prepared, strict=True)
            ]
            for future in futures:
                future.result()
            assert redis_client.ping()  # returns when the pause is over

    # A connection whose command was cancelled must not go back to the pool with
    # its reply unread, or a later read would get another order's reply. The
    # concurrent reads below use every pooled connection and check each reply.
    # Counting the service's Redis connections would not do: on a loaded machine
    # a request may reach Redis only after the pause, finish normally and keep
    # its healthy connection in the pool.
    check_reads(url, admin_headers, orders)


def test_redis_restart_closes_streams(
    private_tracking, private_redis, new_cliente, writer_headers, admin_headers
):
    url = private_tracking.url
    cliente = new_cliente()
    numero = random_numero()
    reader = open_stream(url, cliente.headers)
    put_cambio(url, writer_headers, cambio(numero, cliente.cliente_id))
    seen = reader.next_event()

    private_redis.stop()
    try:
        assert reader.ended.wait(15), "the stream stayed open without Redis"
        assert reader.error is None
        ready = httpx.get(f"{url}/health/ready")
        read = httpx.get(f"{url}/api/tracking/{numero}", headers=admin_headers)
        stream = httpx.get(f"{url}/api/tracking/stream", headers=cliente.headers)
        put = put_cambio(url, writer_headers, cambio(numero, cliente.cliente_id))
    finally:
        private_redis.start()

    assert ready.status_code == 503
    assert read.status_code == 503
    assert read.headers["content-type"] == "application/problem+json"
    assert stream.status_code == 503
    assert put.status_code == 503
    private_tracking.wait_ready(timeout=15)
    again = open_stream(url, cliente.headers, last_event_id=seen.id)
    try:
        assert again.status == 200
        put = put_cambio(
            url, writer_headers, cambio(numero, cliente.cliente_id, version=2)
        )
        assert put.status_code == 200
        assert json.loads(again.next_event().data)["version"] == 2
    finally:
        again.close()
