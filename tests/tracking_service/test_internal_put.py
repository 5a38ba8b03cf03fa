"""The internal PUT that pedido-service's outbox relay uses to replicate changes."""

import json

import httpx
import pytest
import redis

from tests.conftest import REDIS_URL, bearer, service_token
from tests.tracking_service.tracking_helpers import (
    cambio,
    put_cambio,
    random_numero,
    wait_until,
)

CLIENTE_ID = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4eff"


def historial(url: str, headers: dict, numero: str) -> list[dict]:
    response = httpx.get(f"{url}/api/tracking/{numero}/historial", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_put_new_order_applied(tracking_service, writer_headers, admin_headers):
    body = cambio(
        random_numero(), CLIENTE_ID, actualizado_en="2026-03-01T10:00:00+02:00"
    )

    response = put_cambio(tracking_service.url, writer_headers, body)

    assert response.status_code == 200, response.text
    assert response.json() == {"aplicado": True, "version": 1}
    read = httpx.get(
        f"{tracking_service.url}/api/tracking/{body['numero']}", headers=admin_headers
    )
    assert read.status_code == 200
    tracking = read.json()
    assert tracking["numero"] == body["numero"]
    assert tracking["cliente_id"] == CLIENTE_ID
    assert tracking["estado"] == "CREADO"
    assert tracking["version"] == 1
    assert tracking["actualizado_en"] == "2026-03-01T08:00:00.000000+00:00"
    assert tracking["sincronizado_en"].endswith("+00:00")


def test_put_newer_version_applied(tracking_service, apply, admin_headers):
    numero = random_numero()
    apply(numero, CLIENTE_ID, version=1)

    result = apply(numero, CLIENTE_ID, estado="CONFIRMADO", version=2)

    assert result == {"aplicado": True, "version": 2}
    read = httpx.get(
        f"{tracking_service.url}/api/tracking/{numero}", headers=admin_headers
    )
    assert read.json()["estado"] == "CONFIRMADO"
    assert read.json()["version"] == 2


def test_put_same_version_twice_ignored(tracking_service, apply, admin_headers):
    numero = random_numero()
    apply(numero, CLIENTE_ID, estado="CONFIRMADO", version=2)

    result = apply(numero, CLIENTE_ID, estado="CANCELADO", version=2)

    assert result == {"aplicado": False, "version": 2}
    read = httpx.get(
        f"{tracking_service.url}/api/tracking/{numero}", headers=admin_headers
    )
    assert read.json()["estado"] == "CONFIRMADO"
    entries = historial(tracking_service.url, admin_headers, numero)
    assert entries == [
        {"estado": "CONFIRMADO", "version": 2, "en": entries[0]["en"]},
    ]


def test_put_older_after_newer_ignored(tracking_service, apply, admin_headers):
    numero = random_numero()
    apply(numero, CLIENTE_ID, estado="ENVIADO", version=4)

    result = apply(numero, CLIENTE_ID, estado="CONFIRMADO", version=2)

    assert result == {"aplicado": False, "version": 4}
    read = httpx.get(
        f"{tracking_service.url}/api/tracking/{numero}", headers=admin_headers
    )
    assert read.json()["estado"] == "ENVIADO"
    assert read.json()["version"] == 4


def test_history_complete_out_of_order(tracking_service, apply, admin_headers):
    numero = random_numero()
    estados = {
        1: "CREADO",
        2: "CONFIRMADO",
        3: "EN_PREPARACION",
        4: "ENVIADO",
        5: "EN_REPARTO",
    }
    arrival = [3, 1, 5, 5, 2, 4, 1]
    results = []
    for version in arrival:
        moment = f"2026-03-01T10:0{version}:00+00:00"
        results.append(
            apply(
                numero,
                CLIENTE_ID,
                estado=estados[version],
                version=version,
                actualizado_en=moment,
            )
        )

    assert [result["aplicado"] for result in results] == [
        True,
        False,
        True,
        False,
        False,
        False,
        False,
    ]
    assert [result["version"] for result in results] == [3, 3, 5, 5, 5, 5, 5]
    entries = historial(tracking_service.url, admin_headers, numero)
    assert [entry["version"] for entry in entries] == [1, 2, 3, 4, 5]
    assert [entry["estado"] for entry in entries] == list(estados.values())
    assert entries[0]["en"] == "2026-03-01T10:01:00.000000+00:00"
    read = httpx.get(
        f"{tracking_service.url}/api/tracking/{numero}", headers=admin_headers
    )
    assert read.json()["estado"] == "EN_REPARTO"


def test_put_batch_applies_in_order(tracking_service, writer_headers, admin_headers):
    first, second = random_numero(), random_numero()
    items = [
        cambio(first, CLIENTE_ID, version=1),
        cambio(first, CLIENTE_ID, estado="EN_PREPARACION", version=3),
        cambio(first, CLIENTE_ID, estado="CONFIRMADO", version=2),
        cambio(first, CLIENTE_ID, estado="EN_PREPARACION", version=3),
        cambio(second, CLIENTE_ID, version=1),
    ]

    response = httpx.put(
        f"{tracking_service.url}/internal/tracking",
        json={"items": items},
        headers=writer_headers,
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "items": [
            {"numero": first, "aplicado": True, "version": 1},
            {"numero": first, "aplicado": True, "version": 3},
            {"numero": first, "aplicado": False, "version": 3},
            {"numero": first, "aplicado": False, "version": 3},
            {"numero": second, "aplicado": True, "version": 1},
        ]
    }
    entries = historial(tracking_service.url, admin_headers, first)
    assert [entry["version"] for entry in entries] == [1, 2, 3]


@pytest.mark.parametrize(
    ("count", "status"), [(0, 422), (500, 200), (501, 422)], ids=str
)
def test_put_batch_size_limits(tracking_service, writer_headers, count, status):
    items = [cambio(random_numero(), CLIENTE_ID) for _ in range(count)]

    response = httpx.put(
        f"{tracking_service.url}/internal/tracking",
        json={"items": items},
        headers=writer_headers,
    )

    assert response.status_code == status, response.text
    if status == 200:
        assert len(response.json()["items"]) == count
        assert all(item["aplicado"] for item in response.json()["items"])


def test_put_without_token_401(tracking_service):
    body = cambio(random_numero(), CLIENTE_ID)

    response = put_cambio(tracking_service.url, {}, body)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


@pytest.mark.parametrize("caller", ["admin", "cliente", "cliente-service"])
@pytest.mark.parametrize("batch", [False, True], ids=["one", "batch"])
def test_put_without_write_scope_403(
    tracking_service, auth_service, admin_headers, new_cliente, caller, batch
):
    headers = {
        "admin": lambda: admin_headers,
        "cliente": lambda: new_cliente().headers,
        "cliente-service": lambda: bearer(
            service_token(auth_service.url, "cliente-service")
        ),
    }[caller]()
    body = cambio(random_numero(), CLIENTE_ID)

    if batch:
        response = httpx.put(
            f"{tracking_service.url}/internal/tracking",
            json={"items": [body]},
            headers=headers,
        )
    else:
        response = put_cambio(tracking_service.url, headers, body)

    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_put_numero_mismatch_422(tracking_service, writer_headers):
    body = cambio(random_numero(), CLIENTE_ID)

    response = httpx.put(
        f"{tracking_service.url}/internal/tracking/{random_numero()}",
        json=body,
        headers=writer_headers,
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "numero"


VALID = cambio("PED-ABCDEFGHIJ", CLIENTE_ID)


def body_with(**changes) -> dict:
    return {**VALID, **changes}


def body_without(name: str) -> dict:
    return {key: value for key, value in VALID.items() if key != name}


@pytest.mark.parametrize(
    ("content", "status"),
    [
        pytest.param(b"", 400, id="empty"),
        pytest.param(b"{not json", 400, id="malformed"),
        pytest.param(b"[]", 400, id="array"),
        pytest.param(b'"text"', 400, id="string"),
        pytest.param(body_without("version"), 422, id="missing-version"),
        pytest.param(body_without("estado"), 422, id="missing-estado"),
        pytest.param(body_without("cliente_id"), 422, id="missing-cliente"),
        pytest.param(body_without("actualizado_en"), 422, id="missing-fecha"),
        pytest.param(body_with(version="3"), 422, id="version-text"),
        pytest.param(body_with(version=0), 422, id="version-zero"),
        pytest.param(body_with(version=-1), 422, id="version-negative"),
        pytest.param(body_with(version=1.5), 422, id="version-fraction"),
        pytest.param(body_with(version=True), 422, id="version-bool"),
        pytest.param(body_with(version=2**53), 422, id="version-huge"),
        pytest.param(body_with(version=None), 422, id="version-null"),
        pytest.param(body_with(estado="PERDIDO"), 422, id="estado-unknown"),
        pytest.param(body_with(estado="creado"), 422, id="estado-lowercase"),
        pytest.param(body_with(estado=1), 422, id="estado-number"),
        pytest.param(body_with(actualizado_en="ayer"), 422, id="fecha-text"),
        pytest.param(
            body_with(actualizado_en="2026-03-01T10:00:00"), 422, id="fecha-naive"
        ),
        pytest.param(body_with(actualizado_en=1767000000), 422, id="fecha-number"),
        pytest.param(body_with(actualizado_en="9" * 5000), 422, id="fecha-huge"),
        pytest.param(body_with(cliente_id=""), 422, id="cliente-empty"),
        pytest.param(body_with(cliente_id="c" * 65), 422, id="cliente-long"),
        pytest.param(body_with(cliente_id="año 1"), 422, id="cliente-unicode"),
        pytest.param(body_with(cliente_id=7), 422, id="cliente-number"),
        pytest.param(body_with(numero="PED-abcdefghij"), 422, id="numero-lowercase"),
        pytest.param(body_with(extra="x"), 422, id="unknown-field"),
    ],
)
def test_put_bad_body_rejected(tracking_service, writer_headers, content, status):
    url = f"{tracking_service.url}/internal/tracking/{VALID['numero']}"
    if isinstance(content, bytes):
        response = httpx.put(url, content=content, headers=writer_headers)
    else:
        response = httpx.put(url, json=content, headers=writer_headers)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_put_invalid_numero_path_422(tracking_service, writer_headers):
    body = body_with(numero="PED-1")

    response = httpx.put(
        f"{tracking_service.url}/internal/tracking/PED-1",
        json=body,
        headers=writer_headers,
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "numero"


def test_put_oversized_body_413(tracking_service, writer_headers):
    content = b'{"numero": "' + b"A" * 2_000_000 + b'"}'

    response = httpx.put(
        f"{tracking_service.url}/internal/tracking/{VALID['numero']}",
        content=content,
        headers=writer_headers,
    )

    assert response.status_code == 413


def test_put_batch_bad_item_422(tracking_service, writer_headers):
    items = [cambio(random_numero(), CLIENTE_ID), body_with(version="2")]

    response = httpx.put(
        f"{tracking_service.url}/internal/tracking",
        json={"items": items},
        headers=writer_headers,
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items.1.version"


def test_put_publishes_applied_changes(stack, apply):
    numero = random_numero()
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(f"{stack.redis_prefix}canal:eventos")
    try:
        apply(numero, CLIENTE_ID, version=2)
        apply(numero, CLIENTE_ID, version=1)
        apply(numero, CLIENTE_ID, estado="CONFIRMADO", version=3)
        published = []
        wait_until(
            lambda: collect(pubsub, published, numero) >= 2,
            message="two published changes",
        )
    finally:
        pubsub.close()
        client.close()

    assert [message["version"] for message in published] == [2, 3]
    assert published[1]["estado"] == "CONFIRMADO"


def collect(pubsub, published: list, numero: str) -> int:
    message = pubsub.get_message(timeout=0.1)
    if message is not None:
        tracking = json.loads(message["data"])
        if tracking["numero"] == numero:
            published.append(tracking)
    return len(published)
