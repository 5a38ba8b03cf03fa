"""Liveness and readiness endpoints, served directly by each service."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from common.errors import problem

logger = logging.getLogger(__name__)

ReadyCheck = Callable[[], Awaitable[None]]


def health_blueprint(ready_check: ReadyCheck) -> Blueprint:
    """Build ``/health/live`` (process up) and ``/health/ready`` (store reachable)."""
    blueprint = Blueprint("health", url_prefix="/health")

    @blueprint.get("/live")
    async def live(request: Request) -> HTTPResponse:
        return json({"status": "ok"})

    @blueprint.get("/ready")
    async def ready(request: Request) -> HTTPResponse:
        try:
            await asyncio.wait_for(ready_check(), timeout=2)
        except Exception as error:  # any failure means not ready
            logger.warning("readiness check failed: %r", error)
            return problem(503, "A dependency of this service is not available.")
        return json({"status": "ok"})

    return blueprint
