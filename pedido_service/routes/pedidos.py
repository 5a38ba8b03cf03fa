"""Orders: ``/api/pedidos``."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from common.auth import requires_auth
from common.errors import UnprocessableError
from common.security import ROLE_ADMIN
from common.validation import parse_json, parse_query
from pedido_service import openapi as docs
from pedido_service.models import Estado
from pedido_service.routes.access import USER_ROLES, user, wake_relay
from pedido_service.schemas import (
    MAX_DIRECCION,
    CancelRequest,
    EstadoChange,
    HistorialOut,
    PedidoCreate,
    PedidoListQuery,
    PedidoOut,
    PedidoUpdate,
)
from pedido_service.services import pedidos

blueprint = Blueprint("pedidos", url_prefix="/api/pedidos")


def _pedido(pedido, status: int = 200, headers: dict | None = None) -> HTTPResponse:
    body = PedidoOut.model_validate(pedido).model_dump(mode="json")
    return json(body, status=status, headers=headers)


def _cliente_id_for(principal, body: PedidoCreate) -> str:
    """Return whose order this is: the token's customer, or the admin's choice."""
    if principal.is_admin:
        if body.cliente_id is None:
            raise UnprocessableError(
                "An administrator must name the customer.",
                errors=[{"field": "cliente_id", "message": "Field required"}],
            )
        return body.cliente_id
    if body.cliente_id is not None:
        message = "Leave cliente_id out: your orders belong to your own account."
        raise UnprocessableError(
            message, errors=[{"field": "cliente_id", "message": message}]
        )
    return principal.cliente_id


def _direccion_for(body: PedidoCreate, cliente: dict) -> str:
    """Return the delivery address: the body's, else the customer's profile address."""
    if body.direccion_entrega is not None:
        return body.direccion_entrega
    direccion = cliente.get("direccion")
    if (
        not isinstance(direccion, str)
        or not 1 <= len(direccion.strip()) <= MAX_DIRECCION
    ):
        message = (
            "Send direccion_entrega: the customer's profile has no usable address."
        )
        raise UnprocessableError(
            message, errors=[{"field": "direccion_entrega", "message": message}]
        )
    return direccion.strip()


@blueprint.post("")
@docs.create
@requires_auth(roles=USER_ROLES)
async def create(request: Request) -> HTTPResponse:
    """Create an order after checking the customer with cliente-service.

    A customer's order is always their own: sending ``cliente_id`` gives 422. An
    administrator must send ``cliente_id``. An unknown or inactive customer gives
    422, and an unreachable cliente-service gives 503 without writing anything.
    """
    principal = user(request)
    body = parse_json(request, PedidoCreate)
    cliente_id = _cliente_id_for(principal, body)
    cliente = await request.app.ctx.clientes.get_active(cliente_id)
    pedido = await pedidos.create_pedido(
        cliente_id=cliente_id,
        producto=body.producto,
        cantidad=body.cantidad,
        direccion_entrega=_direccion_for(body, cliente),
        por=pedidos.actor(principal),
    )
    wake_relay(request)
    location = f"/api/pedidos/{pedido.numero}"
    return _pedido(pedido, status=201, headers={"Location": location})


@blueprint.get("")
@docs.list_all
@requires_auth(roles=USER_ROLES)
async def list_all(request: Request) -> HTTPResponse:
    """List orders newest first. A customer gets only their own, whatever the
    ``cliente_id`` filter."""
    principal = user(request)
    query = parse_query(request, PedidoListQuery)
    items, total = await pedidos.list_pedidos(principal=principal, query=query)
    page = [PedidoOut.model_validate(item).model_dump(mode="json") for item in items]
    return json({"items": page, "page": query.page, "size": query.size, "total": total})


@blueprint.get("/<numero:str>")
@docs.get_one
@requires_auth(roles=USER_ROLES)
async def get_one(request: Request, numero: str) -> HTTPResponse:
    pedido = await pedidos.get_pedido(numero=numero, principal=user(request))
    return _pedido(pedido)


@blueprint.patch("/<numero:str>")
@docs.update
@requires_auth(roles=USER_ROLES)
async def update(request: Request, numero: str) -> HTTPResponse:
    principal = user(request)
    body = parse_json(request, PedidoUpdate)
    pedido = await pedidos.change_pedido(
        numero=numero,
        edit=pedidos.set_fields(body.cambios()),
        por=pedidos.actor(principal),
        principal=principal,
        expected_version=body.version,
    )
    wake_relay(request)
    return _pedido(pedido)


@blueprint.put("/<numero:str>/estado")
@docs.change_estado
@requires_auth(roles=[ROLE_ADMIN])
async def change_estado(request: Request, numero: str) -> HTTPResponse:
    body = parse_json(request, EstadoChange)
    pedido = await pedidos.change_pedido(
        numero=numero,
        edit=pedidos.set_estado(body.estado),
        por=pedidos.actor(request.ctx.principal),
        principal=request.ctx.principal,
        expected_version=body.version,
    )
    wake_relay(request)
    return _pedido(pedido)


@blueprint.post("/<numero:str>/cancelar")
@docs.cancel
@requires_auth(roles=USER_ROLES)
async def cancel(request: Request, numero: str) -> HTTPResponse:
    principal = user(request)
    body = parse_json(request, CancelRequest) if request.body else CancelRequest()
    pedido = await pedidos.change_pedido(
        numero=numero,
        edit=pedidos.set_estado(Estado.CANCELADO),
        por=pedidos.actor(principal),
        principal=principal,
        expected_version=body.version,
    )
    wake_relay(request)
    return _pedido(pedido)


@blueprint.get("/<numero:str>/historial")
@docs.historial
@requires_auth(roles=USER_ROLES)
async def historial(request: Request, numero: str) -> HTTPResponse:
    entries = await pedidos.list_historial(numero=numero, principal=user(request))
    body = [
        HistorialOut.model_validate(entry).model_dump(mode="json") for entry in entries
    ]
    return json(body)
