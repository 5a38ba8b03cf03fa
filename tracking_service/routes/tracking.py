"""Tracking reads for customers and administrators."""

import orjson
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from common.auth import requires_auth
from common.errors import NotFoundError, UnprocessableError
from common.security import ROLE_ADMIN, ROLE_CLIENTE
from common.validation import parse_query
from tracking_service import openapi as docs
from tracking_service.schemas import (
    MAX_QUERY_NUMEROS,
    NUMERO_RE,
    NumerosQuery,
    split_numeros,
)
from tracking_service.services import tracking
from tracking_service.services.tracking import can_see, to_tracking

READ_ROLES = (ROLE_ADMIN, ROLE_CLIENTE)
NOT_FOUND = "No tracking entry exists for this order number."

tracking_bp = Blueprint("tracking", url_prefix="/api/tracking")


def json_bytes(body: object) -> HTTPResponse:
    return HTTPResponse(orjson.dumps(body), content_type="application/json")


@tracking_bp.get("/<numero:str>")
@docs.get_one
@requires_auth(roles=READ_ROLES)
async def get_one(request: Request, numero: str) -> HTTPResponse:
    """Return one ``Tracking``. A malformed number gets 404, like a missing one."""
    if NUMERO_RE.fullmatch(numero) is None:
        raise NotFoundError(NOT_FOUND)
    entry = await tracking.get_tracking(store=request.app.ctx.store, numero=numero)
    if not entry or not can_see(request.ctx.principal, entry.get("cliente_id")):
        raise NotFoundError(NOT_FOUND)
    return json_bytes(to_tracking(entry))


@tracking_bp.get("/")
@docs.get_many
@requires_auth(roles=READ_ROLES)
async def get_many(request: Request) -> HTTPResponse:
    """Return the ``Tracking`` of up to 100 numbers and list the ones not found.

    A malformed number in ``numeros`` rejects the whole query with 422, because it
    is a client error rather than an order that may exist.
    """
    numeros = _parse_numeros(request)
    entries = await tracking.get_many(store=request.app.ctx.store, numeros=numeros)
    principal = request.ctx.principal
    items, faltantes = [], []
    for numero, entry in zip(numeros, entries, strict=True):
        if entry and can_see(principal, entry.get("cliente_id")):
            items.append(to_tracking(entry))
        else:
            faltantes.append(numero)
    return json_bytes({"items": items, "faltantes": faltantes})


@tracking_bp.get("/<numero:str>/historial")
@docs.get_historial
@requires_auth(roles=READ_ROLES)
async def get_historial(request: Request, numero: str) -> HTTPResponse:
    if NUMERO_RE.fullmatch(numero) is None:
        raise NotFoundError(NOT_FOUND)
    cliente_id, entries = await tracking.get_historial(
        store=request.app.ctx.store, numero=numero
    )
    if cliente_id is None or not can_see(request.ctx.principal, cliente_id):
        raise NotFoundError(NOT_FOUND)
    # The entries are JSON objects that this service wrote, so they are joined as
    # they are, without parsing.
    body = "[" + ",".join(entries) + "]"
    return HTTPResponse(body, content_type="application/json")


def _parse_numeros(request: Request) -> list[str]:
    """Parse ``numeros``, raising 422 when it is empty, too long or invalid."""
    query = parse_query(request, NumerosQuery)
    numeros = split_numeros(query.numeros)
    if not numeros:
        raise UnprocessableError(
            "numeros is empty.",
            errors=[{"field": "numeros", "message": "list at least one number"}],
        )
    if len(numeros) > MAX_QUERY_NUMEROS:
        raise UnprocessableError(
            f"numeros lists {len(numeros)} numbers; the maximum is "
            f"{MAX_QUERY_NUMEROS}.",
            errors=[{"field": "numeros", "message": "too many numbers"}],
        )
    invalid = [numero for numero in numeros if NUMERO_RE.fullmatch(numero) is None]
    if invalid:
        raise UnprocessableError(
            "numeros contains values that are not order numbers.",
            errors=[
                {"field": "numeros", "message": f"invalid order number: {value[:20]}"}
                for value in invalid[:10]
            ],
        )
    return numeros
