"""Published key set (RFC 7517) and server metadata (RFC 8414)."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from auth_service import openapi as docs
from auth_service.oauth.clients import GRANT_TYPES

blueprint = Blueprint("metadata")

SCOPES = ("api", "clientes.read", "tracking.write", "usuarios.write")
AUTH_METHODS = ["client_secret_basic", "none"]


@blueprint.get("/oauth2/jwks")
@docs.jwks
async def jwks(request: Request) -> HTTPResponse:
    document = await request.app.ctx.keyring.jwks()
    # Short caching lets verifiers share one copy while still seeing a new key soon.
    return json(document, headers={"Cache-Control": "public, max-age=60"})


@blueprint.get("/.well-known/oauth-authorization-server")
@docs.server_metadata
async def server_metadata(request: Request) -> HTTPResponse:
    issuer = request.app.ctx.settings.jwt_issuer
    base = issuer.rstrip("/")
    return json(
        {
            "issuer": issuer,
            "token_endpoint": f"{base}/oauth2/token",
            "jwks_uri": f"{base}/oauth2/jwks",
            "revocation_endpoint": f"{base}/oauth2/revoke",
            "grant_types_supported": list(GRANT_TYPES),
            "response_types_supported": [],
            "scopes_supported": list(SCOPES),
            "token_endpoint_auth_methods_supported": AUTH_METHODS,
            "revocation_endpoint_auth_methods_supported": AUTH_METHODS,
        },
        headers={"Cache-Control": "public, max-age=300"},
    )
