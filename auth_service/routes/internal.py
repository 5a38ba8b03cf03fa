"""Customer logins managed by cliente-service (scope ``usuarios.write``)."""

import uuid

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, empty, json

from auth_service import openapi as docs
from auth_service.schemas import UsuarioCreate, UsuarioOut, UsuarioUpdate
from auth_service.services import usuarios
from common.auth import requires_auth
from common.validation import parse_json

blueprint = Blueprint("internal_usuarios", url_prefix="/internal/usuarios")

SCOPE = "usuarios.write"


@blueprint.post("")
@docs.create_usuario
@requires_auth(scope=SCOPE)
async def create_usuario(request: Request) -> HTTPResponse:
    body = parse_json(request, UsuarioCreate)
    usuario = await usuarios.create_cliente_usuario(
        email=str(body.email),
        password=body.password,
        cliente_id=body.cliente_id,
        hasher=request.app.ctx.hasher,
    )
    return json(UsuarioOut.of(usuario).model_dump(), status=201)


@blueprint.patch("/cliente/<cliente_id:uuid>")
@docs.update_usuario
@requires_auth(scope=SCOPE)
async def update_usuario(request: Request, cliente_id: uuid.UUID) -> HTTPResponse:
    body = parse_json(request, UsuarioUpdate)
    usuario = await usuarios.set_cliente_activo(
        cliente_id=cliente_id, activo=body.activo
    )
    return json(UsuarioOut.of(usuario).model_dump())


@blueprint.delete("/cliente/<cliente_id:uuid>")
@docs.delete_usuario
@requires_auth(scope=SCOPE)
async def delete_usuario(request: Request, cliente_id: uuid.UUID) -> HTTPResponse:
    await usuarios.delete_cliente_usuario(cliente_id=cliente_id)
    return empty(status=204)
