"""The tracking-service application factory."""

import logging

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sanic import Request, Sanic
from sanic.response import HTTPResponse

from common.app import create_base_app
from common.errors import problem
from tracking_service import openapi as docs
from tracking_service.config import Settings
from tracking_service.routes.internal import internal
from tracking_service.routes.stream import stream_bp
from tracking_service.routes.tracking import tracking_bp
from tracking_service.services.events import BLOCK_SECONDS, EventHub
from tracking_service.services.store import create_blocking_reader, create_store

logger = logging.getLogger(__name__)


def _redis_unavailable(request: Request, error: Exception) -> HTTPResponse:
    logger.warning(
        "%s %s failed: Redis is unavailable: %r", request.method, request.path, error
    )
    return problem(503, "The tracking store is unavailable; retry shortly.")


def create_app(settings: Settings) -> Sanic:
    """Create the tracking-service app with its Redis pool per worker."""

    async def redis_ready() -> None:
        await app.ctx.store.redis.ping()

    app = create_base_app("tracking_service", settings, ready_check=redis_ready)
    app.error_handler.add(RedisConnectionError, _redis_unavailable)
    app.error_handler.add(RedisTimeoutError, _redis_unavailable)
    app.blueprint(internal)
    app.blueprint(stream_bp)
    app.blueprint(tracking_bp)
    docs.setup(app)

    @app.before_server_start
    async def open_redis(app: Sanic) -> None:
        app.ctx.store = create_store(settings)
        reader = create_blocking_reader(settings, block_seconds=BLOCK_SECONDS)
        app.ctx.hub = EventHub(
            reader, app.ctx.store.keys.eventos, queue_size=settings.sse_queue_size
        )

    @app.before_server_stop
    async def close_streams(app: Sanic) -> None:
        # End open live streams now, instead of letting them delay the shutdown
        # until Sanic's graceful shutdown timeout.
        await app.ctx.hub.close()

    @app.after_server_stop
    async def close_redis(app: Sanic) -> None:
        await app.ctx.store.redis.aclose()

    return app
