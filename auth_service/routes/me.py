"""The logged-in user's own account."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from auth_service import openapi as docs
from auth_service.schemas import MeOut
from auth_service.services.usuarios import get_usuario
from common.auth import requires_auth
from common.errors import ForbiddenError, UnauthorizedError

blueprint = Blueprint("me", url_prefix="/api/auth")


@blueprint.get("/me")
@docs.me
@requires_auth()
async def me(request: Request) -> HTTPResponse:
    """Return the account of a user token; service tokens get 403 (no user)."""
    principal = request.ctx.principal
    if not principal.roles:
        raise ForbiddenError("This endpoint is for user tokens; a service has no user.")
    usuario = await get_usuario(principal.subject)
    if usuario is None or not usuario.activo:
        raise UnauthorizedError("The account of this token is deleted or deactivated.")
    body = MeOut(
        sub=str(usuario.id),
        email=usuario.email,
        roles=list(usuario.roles),
        cliente_id=str(usuario.cliente_id) if usuario.cliente_id else None,
    )
    return json(body.model_dump())
