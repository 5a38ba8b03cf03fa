"""Replication state and rebuild: ``/api/pedidos/sincronizacion``."""

import logging

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from common.auth import requires_auth
from common.security import ROLE_ADMIN
from pedido_service import openapi as docs
from pedido_service.routes.access import wake_relay
from pedido_service.services import outbox

logger = logging.getLogger(__name__)

blueprint = Blueprint("sincronizacion", url_prefix="/api/pedidos/sincronizacion")


@blueprint.get("")
@docs.sincronizacion
@requires_auth(roles=[ROLE_ADMIN])
async def estado(request: Request) -> HTTPResponse:
    stats = await outbox.get_stats()
    return json(stats.model_dump(mode="json"))


@blueprint.post("/reconstruir")
@docs.reconstruir
@requires_auth(roles=[ROLE_ADMIN])
async def reconstruir(request: Request) -> HTTPResponse:
    """Enqueue every order's current state. tracking-service ignores versions it
    already has, so calling this twice only sends duplicates."""
    encolados = await outbox.enqueue_all(on_batch=lambda: wake_relay(request))
    logger.info(
        "rebuild of the tracking store requested by %s: %d orders enqueued",
        request.ctx.principal.subject,
        encolados,
    )
    return json({"encolados": encolados}, status=202)
