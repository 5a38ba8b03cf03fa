"""Fan-out of the Redis event stream to the live streams of one worker.

One reader task per worker runs ``XREAD BLOCK`` on a dedicated connection while at
least one live stream is open, and copies each entry to every subscription. Each
subscription has a bounded buffer: a stream that cannot keep up is closed, and its
client reconnects with ``Last-Event-ID`` and catches up from the Redis stream.
When the Redis connection fails, every subscription is closed the same way.
"""

import asyncio
import logging
from collections import deque
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long one XREAD waits for new entries, so the reader notices when the last
# subscription has gone.
BLOCK_SECONDS = 5.0
READ_COUNT = 500


@dataclass(frozen=True)
class Evento:
    """One entry of the event stream."""

    id: str
    cliente_id: str
    data: str


def stream_id_key(entry_id: str) -> tuple[int, int]:
    """Return a Redis stream id such as ``1700000000000-3`` as a sortable pair."""
    milliseconds, _, sequence = entry_id.partition("-")
    return int(milliseconds), int(sequence or 0)


def to_evento(entry_id: str, fields: dict[str, str]) -> Evento:
    return Evento(entry_id, fields.get("cliente_id", ""), fields.get("data", "{}"))


def stream_entries(reply: list | dict | None) -> list:
    """Return the ``(id, fields)`` entries of an XREAD reply for one stream.

    The reply is a list of ``[stream, entries]`` pairs with RESP2 and a dict keyed
    by stream with RESP3.
    """
    if not reply:
        return []
    if isinstance(reply, dict):
        return [entry for entries in reply.values() for entry in entries]
    return [entry for _, entries in reply for entry in entries]


class Subscription:
    """Events for one live stream, in stream order."""

    def __init__(self, limit: int) -> None:
        self._events: deque[Evento] = deque()
        self._limit = limit
        self._ready = asyncio.Event()
        self.closed = False
        self.reason = ""

    def push(self, evento: Evento) -> None:
        if self.closed:
            return
        if len(self._events) >= self._limit:
            self.close("the client reads events too slowly")
            return
        self._events.append(evento)
        self._ready.set()

    def close(self, reason: str) -> None:
        self.closed = True
        self.reason = reason
        self._ready.set()

    async def get(self) -> Evento | None:
        """Wait for the next event. Return ``None`` once the subscription is closed."""
        while not self._events and not self.closed:
            self._ready.clear()
            await self._ready.wait()
        if self.closed:
            return None
        return self._events.popleft()


class EventHub:
    """The reader of one worker and the subscriptions it feeds."""

    def __init__(self, redis: Redis, stream_key: str, *, queue_size: int) -> None:
        self._redis = redis
        self._stream_key = stream_key
        self._queue_size = queue_size
        self._subscriptions: set[Subscription] = set()
        self._task: asyncio.Task | None = None
        self._closing = False

    def subscribe(self) -> Subscription:
        subscription = Subscription(self._queue_size)
        if self._closing:
            subscription.close("the server is stopping")
            return subscription
        self._subscriptions.add(subscription)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._read(), name="event-hub-reader")
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    async def close(self) -> None:
        """Close every subscription, stop the reader and close its connection."""
        self._closing = True
        self._close_all("the server is stopping")
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._redis.aclose()

    def _close_all(self, reason: str) -> None:
        for subscription in self._subscriptions:
            subscription.close(reason)
        self._subscriptions.clear()

    async def _read(self) -> None:
        try:
            last_id = await self._tail_id()
            while self._subscriptions:
                reply = await self._redis.xread(
                    {self._stream_key: last_id},
                    count=READ_COUNT,
                    block=int(BLOCK_SECONDS * 1000),
                )
                for entry_id, fields in stream_entries(reply):
                    self._dispatch(to_evento(entry_id, fields))
                    last_id = entry_id
        except (RedisError, OSError) as error:
            logger.warning(
                "event stream reader failed, closing %d live streams: %r",
                len(self._subscriptions),
                error,
            )
            self._close_all("the connection to Redis failed")
        except Exception:
            logger.exception(
                "event stream reader stopped unexpectedly, closing %d live streams",
                len(self._subscriptions),
            )
            self._close_all("the event stream reader failed")

    async def _tail_id(self) -> str:
        # The newest entry's id, so that the reader starts after it. An empty
        # stream gives "0-0", which reads from the start.
        newest = await self._redis.xrevrange(self._stream_key, count=1)
        return newest[0][0] if newest else "0-0"

    def _dispatch(self, evento: Evento) -> None:
        for subscription in list(self._subscriptions):
            subscription.push(evento)
            if subscription.closed:
                self._subscriptions.discard(subscription)
