"""The live stream of order changes, as server-sent events."""

import logging

from redis.exceptions import RedisError
from sanic import Blueprint, Request

from common.auth import requires_auth
from common.security import ROLE_ADMIN, ROLE_CLIENTE
from tracking_service import openapi as docs
from tracking_service.services.live import (
    LiveStream,
    parse_last_event_id,
    stream_lease,
)

logger = logging.getLogger(__name__)

stream_bp = Blueprint("tracking_stream", url_prefix="/api/tracking")


@stream_bp.get("/stream")
@docs.stream
@requires_auth(roles=(ROLE_ADMIN, ROLE_CLIENTE))
async def stream(request: Request) -> None:
    principal = request.ctx.principal
    settings = request.app.ctx.settings
    store = request.app.ctx.store
    last_event_id = parse_last_event_id(request.headers.get("Last-Event-ID"))
    async with stream_lease(
        store=store,
        subject=principal.subject,
        limit=settings.sse_max_streams_per_user,
        heartbeat=settings.sse_heartbeat_seconds,
    ) as lease:
        response = await request.respond(
            content_type="text/event-stream; charset=utf-8",
            # no-transform and X-Accel-Buffering keep proxies from buffering events.
            headers={
                "Cache-Control": "no-cache, no-transform",
                "X-Accel-Buffering": "no",
            },
        )
        live = LiveStream(
            store=store,
            hub=request.app.ctx.hub,
            principal=principal,
            lease=lease,
            heartbeat=settings.sse_heartbeat_seconds,
            send=response.send,
        )
        try:
            reason = await live.run(last_event_id)
        except RedisError as error:
            # The response has started, so the client sees the stream end and
            # reconnects with Last-Event-ID instead of getting a 503.
            logger.warning("live stream of %s failed: %r", principal.subject, error)
        else:
            logger.info("live stream of %s ended: %s", principal.subject, reason)
        await response.eof()
