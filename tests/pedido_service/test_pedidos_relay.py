"""Replication to tracking-service through the outbox: outages, crashes, duplicate
and late deliveries, concurrent relays and rebuilds."""

import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import httpx

from tests.conftest import bearer, service_token
from tests.pedido_service.pedido_helpers import (
    create_pedido,
    delete_redis_keys,
    list_all_pedidos,
    redis_differences,
    run_mysql,
    set_estado,
    sincronizacion,
    tracking_version,
    wait_for,
)


def in_sync(url: str, token: str, prefix: str) -> bool:
    pedidos = list_all_pedidos(url, token)
    return bool(pedidos) and not redis_differences(prefix, pedidos)


def test_relay_tracking_outage_recovers(isolated, admin_token, create_cliente):
    cliente = create_cliente()
    tracking = isolated.tracking()
    pedido = isolated.pedido(tracking.url)
    first = create_pedido(pedido.url, cliente.token)["numero"]
    wait_for(
        lambda: tracking_version(tracking.url, admin_token, first) == 1,
        message="first order replicated",
    )

    tracking.stop()
    changed = [
        httpx.patch(
            f"{pedido.url}/api/pedidos/{first}",
            json={"direccion_entrega": "Calle Nueva 9"},
            headers=cliente.headers,
        ),
        httpx.put(
            f"{pedido.url}/api/pedidos/{first}/estado",
            json={"estado": "CONFIRMADO"},
            headers=bearer(admin_token),
        ),
        httpx.post(
            f"{pedido.url}/api/pedidos",
            json={"producto": "Reloj", "direccion_entrega": "Calle 2"},
            headers=cliente.headers,
        ),
    ]
    assert [response.status_code for response in changed] == [200, 200, 201]
    stats = wait_for(
        lambda: (s := sincronizacion(pedido.url, admin_token))["ultimo_error"] and s,
        message="sincronizacion reports the failure",
    )
    assert stats["pendientes"] == 3
    assert stats["reintentos_total"] >= 3
    assert stats["mas_antiguo_segundos"] >= 0

    tracking.start()
    wait_for(
        lambda: in_sync(pedido.url, admin_token, isolated.redis_prefix),
        message="Redis equals MySQL after the outage",
    )
    drained = wait_for(
        lambda: (s := sincronizacion(pedido.url, admin_token))["pendientes"] == 0 and s,
        message="outbox drained",
    )
    assert drained["enviados_total"] == 4
    assert "failed (attempt 1)" in pedido.log_text()
    wait_for(
        lambda: "relay caught up" in pedido.log_text(),
        message="relay logs that it caught up",
    )


def test_relay_tracking_timeout_recorded(
    isolated, silent_server, admin_token, create_cliente
):
    cliente = create_cliente()
    pedido = isolated.pedido(silent_server, RELAY_TIMEOUT="1")

    response = httpx.post(
        f"{pedido.url}/api/pedidos",
        json={"producto": "Lámpara", "direccion_entrega": "Calle 3"},
        headers=cliente.headers,
    )

    assert response.status_code == 201, response.text
    stats = wait_for(
        lambda: (s := sincronizacion(pedido.url, admin_token))["ultimo_error"] and s,
        message="the timed-out delivery is recorded",
    )
    assert "timed out" in stats["ultimo_error"]
    assert stats["pendientes"] == 1


def test_relay_crash_before_send_delivers(
    isolated, tracking_url, admin_token, create_cliente
):
    cliente = create_cliente()
    silent = isolated.pedido(tracking_url, RELAY_ENABLED="false")
    numero = create_pedido(silent.url, cliente.token)["numero"]
    set_estado(silent.url, admin_token, numero, "CONFIRMADO")
    assert sincronizacion(silent.url, admin_token)["pendientes"] == 2
    assert tracking_version(tracking_url, admin_token, numero) is None

    silent.kill()
    isolated.pedido(tracking_url)

    wait_for(
        lambda: tracking_version(tracking_url, admin_token, numero) == 2,
        message=f"{numero} delivered by the restarted service",
    )


def test_relay_two_workers_deliver(isolated, tracking_url, admin_token, create_cliente):
    cliente = create_cliente()
    pedido = isolated.pedido(tracking_url, WORKERS="2")
    numeros = [create_pedido(pedido.url, cliente.token)["numero"] for _ in range(6)]
    for numero in numeros:
        set_estado(pedido.url, admin_token, numero, "CONFIRMADO")

    for numero in numeros:
        wait_for(
            lambda numero=numero: (
                tracking_version(tracking_url, admin_token, numero) == 2
            ),
            message=f"{numero} delivered by a two-worker service",
        )
    assert pedido.log_text().count("relay started") == 2


def test_relay_rejected_row_kept_and_isolated(
    isolated, tracking_url, admin_token, create_cliente
):
    cliente = create_cliente()
    pedido = isolated.pedido(tracking_url, RELAY_BACKOFF_CAP="30")
    payload = (
        '{"numero": "PED-AAAAAAAAAA", "cliente_id": "x", "estado": "PERDIDO", '
        '"version": 1, "actualizado_en": "2026-01-01T00:00:00+00:00"}'
    )
    run_mysql(
        isolated.database,
        "INSERT INTO outbox (numero, version, payload, attempts, next_attempt_at, "
        f"created_at) VALUES ('PED-AAAAAAAAAA', 1, '{payload}', 0, "
        "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
    )
    numero = create_pedido(pedido.url, cliente.token)["numero"]

    wait_for(
        lambda: tracking_version(tracking_url, admin_token, numero) == 1,
        message="the valid change is delivered despite the rejected one",
    )
    stats = wait_for(
        lambda: (
            (s := sincronizacion(pedido.url, admin_token))["pendientes"] == 1
            and s["ultimo_error"]
            and s
        ),
        message="the rejected row stays in the outbox",
    )
    assert stats["reintentando"] == 1
    assert "422" in stats["ultimo_error"]
    retry_at = datetime.fromisoformat(stats["proximo_intento_en"])
    failed_at = datetime.fromisoformat(stats["ultimo_error_en"])
    assert (retry_at - failed_at).total_seconds() == 30
    assert "ERROR" in pedido.log_text()
    assert "rejected the change PED-AAAAAAAAAA" in pedido.log_text()


def test_tracking_ignores_repeated_and_older(
    pedidos_url, tracking_url, auth_service, admin_token, create_cliente
):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    pedido = set_estado(pedidos_url, admin_token, numero, "CONFIRMADO")
    wait_for(
        lambda: tracking_version(tracking_url, admin_token, numero) == 2,
        message="order replicated at version 2",
    )
    token = service_token(auth_service.url, "pedido-service", "tracking.write")
    current = {
        key: pedido[key]
        for key in ("numero", "cliente_id", "estado", "version", "actualizado_en")
    }
    older = {**current, "estado": "CREADO", "version": 1}

    repeated = httpx.put(
        f"{tracking_url}/internal/tracking/{numero}",
        json=current,
        headers=bearer(token),
    )
    late = httpx.put(
        f"{tracking_url}/internal/tracking/{numero}", json=older, headers=bearer(token)
    )
    batch = httpx.put(
        f"{tracking_url}/internal/tracking",
        json={"items": [older, current]},
        headers=bearer(token),
    )

    assert repeated.status_code == 200, repeated.text
    assert repeated.json() == {"aplicado": False, "version": 2}
    assert late.status_code == 200, late.text
    assert late.json() == {"aplicado": False, "version": 2}
    assert batch.status_code == 200, batch.text
    assert [item["aplicado"] for item in batch.json()["items"]] == [False, False]
    tracking = httpx.get(
        f"{tracking_url}/api/tracking/{numero}", headers=bearer(admin_token)
    ).json()
    assert tracking["version"] == 2
    assert tracking["estado"] == "CONFIRMADO"


def test_two_relays_thousand_changes_converge(isolated, admin_token, create_cliente):
    cliente = create_cliente()
    tracking = isolated.tracking()
    relays = [isolated.pedido(tracking.url), isolated.pedido(tracking.url)]
    tracking.stop()
    instances = itertools.cycle(relays)
    numeros = [
        create_pedido(next(instances).url, cliente.token)["numero"] for _ in range(50)
    ]
    edits = [(numero, index) for index in range(20) for numero in numeros]

    def edit(job: tuple[str, int]) -> int:
        numero, index = job
        instance = relays[index % 2]
        response = httpx.patch(
            f"{instance.url}/api/pedidos/{numero}",
            json={"direccion_entrega": f"Calle {index}"},
            headers=cliente.headers,
            timeout=30,
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(edit, edits))
    assert statuses == [200] * 1000
    assert sincronizacion(relays[0].url, admin_token)["pendientes"] == 1050

    tracking.start()
    wait_for(
        lambda: in_sync(relays[0].url, admin_token, isolated.redis_prefix),
        timeout=120,
        message="both relays deliver every order at its latest version",
    )
    pedidos = list_all_pedidos(relays[1].url, admin_token)
    assert {pedido["version"] for pedido in pedidos} == {21}
    before = wait_for(
        lambda: (
            (s := sincronizacion(relays[1].url, admin_token))["pendientes"] == 0 and s
        ),
        message="outbox drained",
    )
    assert before["enviados_total"] == 1050

    rebuilt = httpx.post(
        f"{relays[0].url}/api/pedidos/sincronizacion/reconstruir",
        headers=bearer(admin_token),
    )
    assert rebuilt.status_code == 202
    after = wait_for(
        lambda: (
            (s := sincronizacion(relays[0].url, admin_token))["pendientes"] == 0
            and s["enviados_total"] == 1100
            and s
        ),
        message="rebuild rows delivered",
    )
    assert after["duplicados_total"] - before["duplicados_total"] == 50


def test_reconstruir_refills_deleted_redis(isolated, admin_token, create_cliente):
    cliente = create_cliente()
    tracking = isolated.tracking()
    pedido = isolated.pedido(tracking.url)
    numeros = [create_pedido(pedido.url, cliente.token)["numero"] for _ in range(6)]
    set_estado(pedido.url, admin_token, numeros[0], "CONFIRMADO")
    set_estado(pedido.url, admin_token, numeros[1], "CANCELADO")
    wait_for(
        lambda: in_sync(pedido.url, admin_token, isolated.redis_prefix),
        message="orders replicated",
    )

    deleted = delete_redis_keys(f"{isolated.redis_prefix}*")
    assert deleted >= 6
    assert tracking_version(tracking.url, admin_token, numeros[0]) is None
    first = httpx.post(
        f"{pedido.url}/api/pedidos/sincronizacion/reconstruir",
        headers=bearer(admin_token),
    )
    second = httpx.post(
        f"{pedido.url}/api/pedidos/sincronizacion/reconstruir",
        headers=bearer(admin_token),
    )

    assert first.status_code == 202, first.text
    assert first.json()["encolados"] == 6
    assert second.status_code == 202
    wait_for(
        lambda: in_sync(pedido.url, admin_token, isolated.redis_prefix),
        message="Redis rebuilt from MySQL",
    )
    stats = wait_for(
        lambda: (s := sincronizacion(pedido.url, admin_token))["pendientes"] == 0 and s,
        message="rebuild rows delivered",
    )
    assert stats["duplicados_total"] >= 6


def test_relay_recovery_releases_backoff(isolated, admin_token, create_cliente):
    # With a backoff of up to 1,000 s, the rows that failed during the outage would
    # wait minutes. The first successful send after it makes them due at once.
    cliente = create_cliente()
    tracking = isolated.tracking()
    pedido = isolated.pedido(
        tracking.url, RELAY_BACKOFF_BASE="1000", RELAY_BACKOFF_CAP="1000"
    )
    tracking.stop()
    waiting = [create_pedido(pedido.url, cliente.token)["numero"] for _ in range(3)]
    wait_for(
        lambda: sincronizacion(pedido.url, admin_token)["ultimo_error"],
        message="the outage is recorded",
    )

    tracking.start()
    fresh = create_pedido(pedido.url, cliente.token)["numero"]

    for numero in [fresh, *waiting]:
        wait_for(
            lambda numero=numero: (
                tracking_version(tracking.url, admin_token, numero) == 1
            ),
            message=f"{numero} delivered soon after tracking-service returned",
        )
    assert "retries are due now" in pedido.log_text()
