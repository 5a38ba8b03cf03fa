"""Settings of tracking-service, read from the environment."""

from dataclasses import dataclass
from typing import ClassVar

from common.settings import BaseSettings, env

# Sanic closes a response that has sent nothing for RESPONSE_TIMEOUT seconds (30 in
# common/app.py, measured from the last write), so stream heartbeats must come sooner.
MAX_HEARTBEAT_SECONDS = 25.0


@dataclass(frozen=True, repr=False)
class Settings(BaseSettings):
    """Settings of tracking-service."""

    default_port: ClassVar[int] = 8004

    redis_url: str = env("REDIS_URL", "redis://127.0.0.1:6379/0", secret=True)
    redis_prefix: str = env("REDIS_PREFIX", "seguimiento:")
    # Connections per worker. A request waits up to REDIS_POOL_TIMEOUT for a free one.
    redis_pool_size: int = env("REDIS_POOL_SIZE", 50)
    redis_pool_timeout: float = env("REDIS_POOL_TIMEOUT", 2.0)
    redis_socket_timeout: float = env("REDIS_SOCKET_TIMEOUT", 2.0)
    redis_connect_timeout: float = env("REDIS_CONNECT_TIMEOUT", 1.0)
    # Approximate length cap of the event stream that live streams replay from.
    events_maxlen: int = env("EVENTS_MAXLEN", 10_000)
    sse_heartbeat_seconds: float = env("SSE_HEARTBEAT_SECONDS", 15.0)
    sse_max_streams_per_user: int = env("SSE_MAX_STREAMS_PER_USER", 5)
    # Events buffered for one slow stream before it is closed (the client then
    # reconnects with Last-Event-ID and catches up from the Redis stream).
    sse_queue_size: int = env("SSE_QUEUE_SIZE", 1_000)

    def __post_init__(self) -> None:
        if not 0 < self.sse_heartbeat_seconds <= MAX_HEARTBEAT_SECONDS:
            raise ValueError(
                f"SSE_HEARTBEAT_SECONDS={self.sse_heartbeat_seconds} is out of "
                f"range: use more than 0 and at most {MAX_HEARTBEAT_SECONDS}"
            )
        positive = {
            "REDIS_POOL_SIZE": self.redis_pool_size,
            "REDIS_POOL_TIMEOUT": self.redis_pool_timeout,
            "REDIS_SOCKET_TIMEOUT": self.redis_socket_timeout,
            "REDIS_CONNECT_TIMEOUT": self.redis_connect_timeout,
            "EVENTS_MAXLEN": self.events_maxlen,
            "SSE_MAX_STREAMS_PER_USER": self.sse_max_streams_per_user,
            "SSE_QUEUE_SIZE": self.sse_queue_size,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"{name}={value} is invalid: use a positive number")
