"""``/api/clientes``: sign-up, the customer's own profile, and customer management."""

from uuid import UUID

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from cliente_service import openapi as docs
from cliente_service.models import Cliente
from cliente_service.schemas import (
    ClienteCreate,
    ClienteListQuery,
    ClienteOut,
    ClienteUpdate,
    ProfileUpdate,
)
from cliente_service.services import clientes
from common.auth import requires_auth
from common.errors import ForbiddenError, NotFoundError
from common.security import ROLE_ADMIN, ROLE_CLIENTE, Principal
from common.validation import parse_json, parse_query

SCOPE_READ = "clientes.read"
NOT_FOUND = "No customer exists with this id."

bp = Blueprint("clientes", url_prefix="/api/clientes")


@bp.post("/registro")
@docs.sign_up
async def sign_up(request: Request) -> HTTPResponse:
    """Sign up: create a profile and its login, open to anyone."""
    data = parse_json(request, ClienteCreate)
    cliente = await clientes.create_cliente(
        data=data, usuarios=request.app.ctx.usuarios
    )
    return _created(cliente)


@bp.post("")
@docs.create
@requires_auth(roles=[ROLE_ADMIN])
async def create(request: Request) -> HTTPResponse:
    """Create a customer with a login on behalf of an administrator."""
    data = parse_json(request, ClienteCreate)
    cliente = await clientes.create_cliente(
        data=data, usuarios=request.app.ctx.usuarios
    )
    return _created(cliente)


@bp.get("")
@docs.list_all
@requires_auth(roles=[ROLE_ADMIN])
async def list_all(request: Request) -> HTTPResponse:
    query = parse_query(request, ClienteListQuery)
    items, total = await clientes.list_clientes(query=query)
    return json(
        {
            "items": [ClienteOut.from_model(cliente) for cliente in items],
            "page": query.page,
            "size": query.size,
            "total": total,
        }
    )


@bp.get("/me")
@docs.get_own
@requires_auth(roles=[ROLE_CLIENTE])
async def get_own(request: Request) -> HTTPResponse:
    cliente_id = _own_id(request.ctx.principal)
    cliente = await clientes.get_cliente(cliente_id=cliente_id)
    return json(ClienteOut.from_model(cliente))


@bp.put("/me")
@docs.update_own
@requires_auth(roles=[ROLE_CLIENTE])
async def update_own(request: Request) -> HTTPResponse:
    changes = parse_json(request, ProfileUpdate).model_dump(exclude_unset=True)
    cliente = await clientes.update_cliente(
        cliente_id=_own_id(request.ctx.principal),
        changes=changes,
        usuarios=request.app.ctx.usuarios,
    )
    return json(ClienteOut.from_model(cliente))


@bp.get("/<raw_id:str>")
@docs.get_one
@requires_auth(roles=[ROLE_ADMIN, ROLE_CLIENTE], scope=SCOPE_READ)
async def get_one(request: Request, raw_id: str) -> HTTPResponse:
    """Return one customer to an admin, to that customer, or to a service client."""
    principal = request.ctx.principal
    cliente_id = _parse_id(raw_id)
    allowed = principal.is_admin or principal.has_scope(SCOPE_READ)
    if not (allowed or _is_own(principal, cliente_id)):
        raise NotFoundError(NOT_FOUND)
    cliente = await clientes.get_cliente(cliente_id=cliente_id)
    return json(ClienteOut.from_model(cliente))


@bp.put("/<raw_id:str>")
@docs.update
@requires_auth(roles=[ROLE_ADMIN, ROLE_CLIENTE])
async def update(request: Request, raw_id: str) -> HTTPResponse:
    cliente_id = _admin_target(request.ctx.principal, raw_id)
    changes = parse_json(request, ClienteUpdate).model_dump(exclude_unset=True)
    cliente = await clientes.update_cliente(
        cliente_id=cliente_id, changes=changes, usuarios=request.app.ctx.usuarios
    )
    return json(ClienteOut.from_model(cliente))


@bp.delete("/<raw_id:str>")
@docs.deactivate
@requires_auth(roles=[ROLE_ADMIN, ROLE_CLIENTE])
async def deactivate(request: Request, raw_id: str) -> HTTPResponse:
    """Deactivate a customer: 200 with the ``Cliente``, now ``activo: false``.

    The profile and its orders stay; the login stops working and its refresh
    tokens are revoked. Deactivating an inactive customer returns the same response.
    """
    cliente_id = _admin_target(request.ctx.principal, raw_id)
    cliente = await clientes.update_cliente(
        cliente_id=cliente_id,
        changes={"activo": False},
        usuarios=request.app.ctx.usuarios,
    )
    return json(ClienteOut.from_model(cliente))


def _created(cliente: Cliente) -> HTTPResponse:
    return json(
        ClienteOut.from_model(cliente),
        status=201,
        headers={"Location": f"/api/clientes/{cliente.id}"},
    )


def _parse_id(raw_id: str) -> UUID:
    try:
        return UUID(raw_id)
    except ValueError:
        raise NotFoundError(NOT_FOUND) from None


def _is_own(principal: Principal, cliente_id: UUID) -> bool:
    return principal.is_cliente and principal.cliente_id.lower() == str(cliente_id)


def _own_id(principal: Principal) -> UUID:
    """Return the customer id of a customer's token."""
    if principal.cliente_id is None:
        raise ForbiddenError("This token does not belong to a customer.")
    return _parse_id(principal.cliente_id)


def _admin_target(principal: Principal, raw_id: str) -> UUID:
    """Parse the id of an administrator-only route.

    A customer gets 404 for another customer's id, as on every route, so that
    existence does not leak, and 403 for their own id.
    """
    cliente_id = _parse_id(raw_id)
    if principal.is_admin:
        return cliente_id
    if not _is_own(principal, cliente_id):
        raise NotFoundError(NOT_FOUND)
    raise ForbiddenError("Only an administrator can change or deactivate a customer.")
