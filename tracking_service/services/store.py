"""Redis clients and key names of tracking-service."""

from dataclasses import dataclass

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.commands.core import AsyncScript

from tracking_service.config import Settings
from tracking_service.services import scripts


@dataclass(frozen=True)
class Keys:
    """Names of the Redis keys and channel, all under one prefix."""

    prefix: str

    def tracking(self, numero: str) -> str:
        return f"{self.prefix}tracking:{numero}"

    def historial(self, numero: str) -> str:
        return f"{self.prefix}historial:{numero}"

    @property
    def eventos(self) -> str:
        return f"{self.prefix}eventos"

    @property
    def canal(self) -> str:
        """Pub/sub channel that receives every applied change, like the stream."""
        return f"{self.prefix}canal:eventos"

    def streams(self, subject: str) -> str:
        """Sorted set of the open live streams of one user, scored by lease expiry."""
        return f"{self.prefix}sse:{subject}"


def create_redis(settings: Settings) -> Redis:
    """Create the worker's Redis client on a blocking pool.

    When every connection is busy, a command waits up to ``redis_pool_timeout`` for
    one instead of failing at once. A command cancelled while it waits for its reply
    (for example because the HTTP client went away) would leave that reply unread on
    the connection. redis-py 8.1 disconnects the connection in that case, because
    ``Connection.read_response`` and ``send_packed_command`` catch
    ``BaseException``, so the next command never reads another command's reply.
    tests/tracking_service/test_redis_faults.py checks this against a real server.
    """
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=settings.redis_pool_size,
        timeout=settings.redis_pool_timeout,
        socket_timeout=settings.redis_socket_timeout,
        socket_connect_timeout=settings.redis_connect_timeout,
        decode_responses=True,
        # No CLIENT SETINFO: redis-py 8.1 reads its package metadata again for every
        # new connection to fill it in, about 7 ms while the pool grows under load.
        driver_info=None,
        # One retry on a fresh connection covers pooled connections that a Redis
        # restart closed. Applying a change twice is harmless (versions decide).
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=1),
    )
    return Redis.from_pool(pool)


def create_blocking_reader(settings: Settings, *, block_seconds: float) -> Redis:
    """Create a one-connection client for ``XREAD BLOCK`` calls of the event hub.

    It does not retry: a lost connection must surface at once so that open streams
    are closed and their clients reconnect and catch up by event id.
    """
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=1,
        timeout=settings.redis_pool_timeout,
        socket_timeout=block_seconds + settings.redis_socket_timeout,
        socket_connect_timeout=settings.redis_connect_timeout,
        decode_responses=True,
        # No CLIENT SETINFO: redis-py 8.1 reads its package metadata again for every
        # new connection to fill it in, about 7 ms while the pool grows under load.
        driver_info=None,
        retry=Retry(NoBackoff(), retries=0),
    )
    return Redis.from_pool(pool)


@dataclass(frozen=True)
class Store:
    """The worker's Redis client, key names and registered scripts."""

    redis: Redis
    keys: Keys
    events_maxlen: int
    apply_change: AsyncScript
    acquire_lease: AsyncScript
    refresh_lease: AsyncScript


def create_store(settings: Settings) -> Store:
    """Create the worker's Redis client and register the Lua scripts on it."""
    redis = create_redis(settings)
    return Store(
        redis=redis,
        keys=Keys(settings.redis_prefix),
        events_maxlen=settings.events_maxlen,
        apply_change=redis.register_script(scripts.APPLY_CHANGE),
        acquire_lease=redis.register_script(scripts.ACQUIRE_LEASE),
        refresh_lease=redis.register_script(scripts.REFRESH_LEASE),
    )
