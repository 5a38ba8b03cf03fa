"""The live stream of order changes (server-sent events)."""

import json
import re

import httpx
import pytest

from tests.tracking_service.tracking_helpers import (
    SseReader,
    random_numero,
    signed_token,
    wait_until,
)

STREAM_ID = re.compile(r"^[0-9]+-[0-9]+$")


def open_stream(url: str, headers: dict, last_event_id: str | None = None):
    headers = dict(headers)
    if last_event_id is not None:
        headers["Last-Event-ID"] = last_event_id
    return SseReader(f"{url}/api/tracking/stream", headers).start().wait_open()


def numero_of(evento) -> str:
    return json.loads(evento.data)["numero"]


def stream_id(value: str) -> tuple[int, int]:
    milliseconds, sequence = value.split("-")
    return int(milliseconds), int(sequence)


@pytest.fixture
def streams():
    """Close every stream a test opened, also when it fails."""
    opened: list[SseReader] = []
    yield opened
    for reader in opened:
        reader.close()


def test_stream_routes_events_by_owner(
    live_tracking, new_cliente, apply, admin_headers, streams
):
    ana, luis = new_cliente(), new_cliente()
    ana_stream = open_stream(live_tracking.url, ana.headers)
    luis_stream = open_stream(live_tracking.url, luis.headers)
    admin_stream = open_stream(live_tracking.url, admin_headers)
    streams.extend([ana_stream, luis_stream, admin_stream])
    ana_order, ana_marker, luis_marker = (random_numero() for _ in range(3))

    apply(ana_order, ana.cliente_id, estado="CONFIRMADO", version=2)
    apply(luis_marker, luis.cliente_id, version=1)
    apply(ana_marker, ana.cliente_id, version=1)

    assert ana_stream.status == 200
    first = ana_stream.next_event()
    assert first.event == "estado"
    assert STREAM_ID.match(first.id)
    tracking = json.loads(first.data)
    assert tracking["numero"] == ana_order
    assert tracking["cliente_id"] == ana.cliente_id
    assert tracking["estado"] == "CONFIRMADO"
    assert tracking["version"] == 2
    assert numero_of(ana_stream.next_event()) == ana_marker
    assert numero_of(luis_stream.next_event()) == luis_marker
    admin_numeros = [numero_of(admin_stream.next_event()) for _ in range(3)]
    assert admin_numeros == [ana_order, luis_marker, ana_marker]
    ana_stream.drain()
    luis_stream.drain()
    assert [numero_of(evento) for evento in ana_stream.received] == [
        ana_order,
        ana_marker,
    ]
    assert [numero_of(evento) for evento in luis_stream.received] == [luis_marker]


def test_stream_headers_and_heartbeat(live_tracking, new_cliente, streams):
    reader = open_stream(live_tracking.url, new_cliente().headers)
    streams.append(reader)

    wait_until(lambda: reader.comments >= 2, message="two heartbeat comments")

    assert reader.status == 200
    assert reader.error is None


def test_stream_content_type_event_stream(live_tracking, new_cliente):
    headers = new_cliente().headers
    with (
        httpx.Client(timeout=10) as client,
        client.stream(
            "GET", f"{live_tracking.url}/api/tracking/stream", headers=headers
        ) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"].startswith("no-cache")
        assert next(response.iter_lines()) == "retry: 3000"


def test_stream_replays_after_last_event_id(live_tracking, new_cliente, apply, streams):
    ana, luis = new_cliente(), new_cliente()
    numero = random_numero()
    first_stream = open_stream(live_tracking.url, ana.headers)
    apply(numero, ana.cliente_id, version=1)
    seen = first_stream.next_event()
    first_stream.close()

    apply(numero, ana.cliente_id, estado="CONFIRMADO", version=2)
    apply(random_numero(), luis.cliente_id, version=1)
    apply(numero, ana.cliente_id, estado="EN_PREPARACION", version=3)
    second_stream = open_stream(live_tracking.url, ana.headers, seen.id)
    streams.append(second_stream)
    apply(numero, ana.cliente_id, estado="ENVIADO", version=4)

    replayed = [second_stream.next_event() for _ in range(3)]
    versions = [json.loads(evento.data)["version"] for evento in replayed]
    assert versions == [2, 3, 4]
    ids = [stream_id(evento.id) for evento in replayed]
    assert ids == sorted(ids)
    assert ids[0] > stream_id(seen.id)
    assert {numero_of(evento) for evento in replayed} == {numero}


def test_stream_replay_then_live_no_duplicates(
    live_tracking, new_cliente, apply, streams
):
    ana = new_cliente()
    numero = random_numero()
    apply(numero, ana.cliente_id, version=1)
    reader = open_stream(live_tracking.url, ana.headers, "0-0")
    streams.append(reader)
    apply(numero, ana.cliente_id, estado="CONFIRMADO", version=2)

    versions = [json.loads(reader.next_event().data)["version"] for _ in range(2)]
    apply(random_numero(), ana.cliente_id, version=1)
    marker = reader.next_event()

    assert versions == [1, 2]
    assert json.loads(marker.data)["numero"] != numero


def test_stream_without_token_401(live_tracking):
    response = httpx.get(f"{live_tracking.url}/api/tracking/stream")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_stream_expired_token_401(live_tracking, stack, new_cliente):
    expired = signed_token(stack.databases["auth"], new_cliente().token, expires_in=-30)

    response = httpx.get(
        f"{live_tracking.url}/api/tracking/stream",
        headers={"Authorization": f"Bearer {expired}"},
    )

    assert response.status_code == 401


def test_stream_service_token_403(live_tracking, writer_headers):
    response = httpx.get(
        f"{live_tracking.url}/api/tracking/stream", headers=writer_headers
    )

    assert response.status_code == 403


@pytest.mark.parametrize("value", ["abc", "1-2-3", "-1", "1" * 30 + "-0"])
def test_stream_bad_last_event_id_400(live_tracking, new_cliente, value):
    headers = {**new_cliente().headers, "Last-Event-ID": value}

    response = httpx.get(f"{live_tracking.url}/api/tracking/stream", headers=headers)

    assert response.status_code == 400


def test_stream_ends_when_token_expires(live_tracking, stack, new_cliente):
    short = signed_token(stack.databases["auth"], new_cliente().token, expires_in=3)

    reader = open_stream(live_tracking.url, {"Authorization": f"Bearer {short}"})

    assert reader.status == 200
    assert reader.ended.wait(20), "the stream outlived its access token"
    assert reader.error is None


def test_stream_limit_per_user_429(live_tracking, new_cliente, streams):
    cliente = new_cliente()
    for _ in range(5):
        streams.append(open_stream(live_tracking.url, cliente.headers))
    assert [reader.status for reader in streams] == [200] * 5

    extra = open_stream(live_tracking.url, cliente.headers)
    other_user = open_stream(live_tracking.url, new_cliente().headers)
    streams.append(other_user)

    assert extra.status == 429
    assert json.loads(extra.body)["status"] == 429
    assert other_user.status == 200
    streams.pop(0).close()

    def reopen():
        reader = open_stream(live_tracking.url, cliente.headers)
        if reader.status == 200:
            return reader
        return None

    streams.append(wait_until(reopen, message="a freed stream slot"))
