"""Internal writes from pedido-service's outbox relay (never routed by the gateway)."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from common.auth import requires_auth
from common.errors import UnprocessableError
from common.validation import parse_json
from tracking_service import openapi as docs
from tracking_service.schemas import CambioTracking, LoteCambios
from tracking_service.services import tracking

WRITE_SCOPE = "tracking.write"

internal = Blueprint("internal_tracking", url_prefix="/internal/tracking")


@internal.put("/<numero:str>")
@docs.put_one
@requires_auth(scope=WRITE_SCOPE)
async def put_one(request: Request, numero: str) -> HTTPResponse:
    cambio = parse_json(request, CambioTracking)
    if cambio.numero != numero:
        raise UnprocessableError(
            "The body's numero differs from the order number in the path.",
            errors=[{"field": "numero", "message": f"must equal {numero!r}"[:80]}],
        )
    result = await tracking.apply_change(store=request.app.ctx.store, cambio=cambio)
    return json(result)


@internal.put("/")
@docs.put_batch
@requires_auth(scope=WRITE_SCOPE)
async def put_batch(request: Request) -> HTTPResponse:
    lote = parse_json(request, LoteCambios)
    results = await tracking.apply_changes(
        store=request.app.ctx.store, cambios=lote.items
    )
    return json({"items": results})
