"""Live streams of order changes (server-sent events) for one caller each."""

import asyncio
import contextlib
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from redis.exceptions import RedisError

from common.errors import BadRequestError, ProblemError
from common.security import Principal
from tracking_service.services.events import (
    READ_COUNT,
    EventHub,
    Evento,
    stream_id_key,
    to_evento,
)
from tracking_service.services.store import Store
from tracking_service.services.tracking import can_see

logger = logging.getLogger(__name__)

STREAM_ID_RE = re.compile(r"^[0-9]{1,20}-[0-9]{1,20}$")
HEARTBEAT = b": keepalive\n\n"
# Reconnection delay that EventSource clients use after the stream ends, in ms.
RETRY_MILLISECONDS = 3000
# A lease outlives a few missed heartbeats before another stream may take its slot.
LEASE_HEARTBEATS = 3

Send = Callable[[bytes], Awaitable[None]]


class TooManyStreamsError(ProblemError):
    status_code = 429


@dataclass(frozen=True)
class Lease:
    """One of a user's live stream slots, held in Redis until released or expired."""

    key: str
    id: str
    milliseconds: int


def parse_last_event_id(value: str | None) -> str | None:
    """Return the ``Last-Event-ID`` header as a stream id, or raise 400."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not STREAM_ID_RE.match(value):
        raise BadRequestError(
            "Last-Event-ID must be an event id sent by this stream, "
            "such as 1700000000000-0."
        )
    return value


def format_event(evento: Evento) -> bytes:
    return f"id: {evento.id}\nevent: estado\ndata: {evento.data}\n\n".encode()


@contextlib.asynccontextmanager
async def stream_lease(
    *, store: Store, subject: str, limit: int, heartbeat: float
) -> AsyncIterator[Lease]:
    """Hold one of ``subject``'s ``limit`` stream slots, or raise 429."""
    lease = Lease(
        key=store.keys.streams(subject),
        id=uuid.uuid4().hex,
        milliseconds=int(heartbeat * LEASE_HEARTBEATS * 1000),
    )
    acquired = await store.acquire_lease(
        keys=[lease.key], args=[lease.id, limit, lease.milliseconds]
    )
    if not acquired:
        raise TooManyStreamsError(
            f"This user already has {limit} live streams open. Close one first."
        )
    try:
        yield lease
    finally:
        try:
            await store.redis.zrem(lease.key, lease.id)
        except RedisError as error:
            # The lease expires by itself after a few heartbeats.
            logger.warning("could not release live stream lease: %r", error)


async def _entries_after(
    store: Store, after: str, before: str | None = None
) -> AsyncIterator[Evento]:
    """Yield the stream entries after ``after`` (and before ``before``), in order."""
    start = f"({after}"
    end = f"({before}" if before is not None else "+"
    while True:
        page = await store.redis.xrange(
            store.keys.eventos, start, end, count=READ_COUNT
        )
        for entry_id, fields in page:
            yield to_evento(entry_id, fields)
        if len(page) < READ_COUNT:
            return
        start = f"({page[-1][0]}"


async def _tail_id(store: Store) -> str:
    newest = await store.redis.xrevrange(store.keys.eventos, count=1)
    return newest[0][0] if newest else "0-0"


class LiveStream:
    """One caller's stream: replay after an id, then live events and heartbeats."""

    def __init__(
        self,
        *,
        store: Store,
        hub: EventHub,
        principal: Principal,
        lease: Lease,
        heartbeat: float,
        send: Send,
    ) -> None:
        self._store = store
        self._hub = hub
        self._principal = principal
        self._lease = lease
        self._heartbeat = heartbeat
        self._send = send
        self._position = "0-0"

    async def run(self, last_event_id: str | None) -> str:
        """Send events until the token expires or the stream ends, and return why.

        NOTE: entries older than the stream's MAXLEN cap are trimmed, so a client
        that was away for longer than the cap covers misses them without notice.
        It should read the current state with ``GET /api/tracking`` on reconnect.
        """
        subscription = self._hub.subscribe()
        try:
            # Subscribing before reading the replay position means no entry added
            # from here on can fall between the replay and the live events.
            self._position = last_event_id or await _tail_id(self._store)
            await self._send(f"retry: {RETRY_MILLISECONDS}\n\n".encode())
            await self._send_entries(_entries_after(self._store, self._position))
            return await self._follow(subscription)
        finally:
            self._hub.unsubscribe(subscription)

    async def _follow(self, subscription) -> str:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self._principal.expires_at - time.time())
        next_heartbeat = loop.time() + self._heartbeat
        first = True
        while True:
            if loop.time() >= deadline:
                return "the access token expired"
            if loop.time() >= next_heartbeat:
                if not await self._beat():
                    return "the stream lease expired"
                next_heartbeat = loop.time() + self._heartbeat
                continue
            try:
                async with asyncio.timeout_at(min(deadline, next_heartbeat)):
                    evento = await subscription.get()
            except TimeoutError:
                continue
            if evento is None:
                return subscription.reason
            if stream_id_key(evento.id) <= stream_id_key(self._position):
                continue
            if first:
                # The hub's reader may have started after this stream's replay
                # read the stream, so send any entries between the two first.
                gap = _entries_after(self._store, self._position, before=evento.id)
                await self._send_entries(gap)
                first = False
            await self._deliver(evento)

    async def _send_entries(self, entries: AsyncIterator[Evento]) -> None:
        async for evento in entries:
            await self._deliver(evento)

    async def _deliver(self, evento: Evento) -> None:
        self._position = evento.id
        if can_see(self._principal, evento.cliente_id):
            await self._send(format_event(evento))

    async def _beat(self) -> bool:
        await self._send(HEARTBEAT)
        refreshed = await self._store.refresh_lease(
            keys=[self._lease.key], args=[self._lease.id, self._lease.milliseconds]
        )
        return bool(refreshed)
