"""OpenAPI documentation of the auth-service operations."""

from sanic import Sanic
from sanic_ext.extensions.openapi.definitions import Parameter

from auth_service.oauth.clients import GRANT_TYPES
from auth_service.oauth.form import FORM_CONTENT_TYPE, MAX_VALUE_LENGTH
from auth_service.schemas import MeOut, UsuarioCreate, UsuarioOut, UsuarioUpdate
from common.openapi import (
    CLIENT_BASIC,
    SERVICE_AUTH,
    json_body,
    json_response,
    operation,
    path_parameter,
    schema_ref,
    setup_openapi,
)

OAUTH_TAG = "oauth2"
ACCOUNT_TAG = "account"
INTERNAL_TAG = "internal"

OAUTH_ERRORS = (
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
)

# Form values: at most 4096 characters and no NUL (auth_service/oauth/form.py).
_FORM_TEXT = {"type": "string", "maxLength": MAX_VALUE_LENGTH, "pattern": "^[^\\x00]*$"}

TOKEN_FORM = {
    "type": "object",
    "required": ["grant_type"],
    "properties": {
        "grant_type": {"type": "string", "enum": list(GRANT_TYPES)},
        "client_id": {
            **_FORM_TEXT,
            "description": "`web` for the public client. Confidential clients use "
            "HTTP Basic instead, and if they also send it, it must match.",
        },
        "username": {**_FORM_TEXT, "description": "Email (password grant)."},
        "password": {
            **_FORM_TEXT,
            "format": "password",
            "description": "Password (password grant).",
        },
        "refresh_token": {
            **_FORM_TEXT,
            "description": "Refresh token (refresh_token grant). The client `web` "
            "may leave it out and send the `refresh_token` cookie instead.",
        },
        "scope": {
            **_FORM_TEXT,
            "description": "Space-separated scopes, all the client may have when "
            "absent. A refresh may narrow the scope but not widen it.",
        },
    },
}

REVOKE_FORM = {
    "type": "object",
    "properties": {
        "token": {
            **_FORM_TEXT,
            "description": "The refresh token. The client `web` may send the "
            "`refresh_token` cookie instead.",
        },
        "token_type_hint": {**_FORM_TEXT, "description": "Ignored (RFC 7009)."},
        "client_id": {**_FORM_TEXT, "description": "`web` for the public client."},
    },
}

TOKEN_RESPONSE = {
    "type": "object",
    "required": ["access_token", "token_type", "expires_in", "scope"],
    "properties": {
        "access_token": {"type": "string", "description": "RS256 JWT."},
        "token_type": {"type": "string", "enum": ["Bearer"]},
        "expires_in": {"type": "integer", "description": "Lifetime in seconds."},
        "scope": {"type": "string"},
        "refresh_token": {
            "type": "string",
            "description": "Present for the password and refresh_token grants. "
            "A refresh token works once: using it returns a new one.",
        },
    },
}

OAUTH_ERROR = {
    "type": "object",
    "description": "OAuth 2.0 error (RFC 6749 section 5.2).",
    "required": ["error", "error_description"],
    "properties": {
        "error": {"type": "string", "enum": list(OAUTH_ERRORS)},
        "error_description": {"type": "string"},
    },
}

JWKS = {
    "type": "object",
    "required": ["keys"],
    "properties": {
        "keys": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kty", "kid", "alg", "use", "n", "e"],
                "properties": {
                    "kty": {"type": "string", "enum": ["RSA"]},
                    "kid": {"type": "string"},
                    "alg": {"type": "string", "enum": ["RS256"]},
                    "use": {"type": "string", "enum": ["sig"]},
                    "n": {"type": "string"},
                    "e": {"type": "string"},
                },
            },
        }
    },
}

METADATA = {
    "type": "object",
    "required": ["issuer", "token_endpoint", "jwks_uri", "grant_types_supported"],
    "properties": {
        "issuer": {"type": "string"},
        "token_endpoint": {"type": "string"},
        "jwks_uri": {"type": "string"},
        "revocation_endpoint": {"type": "string"},
        "grant_types_supported": {"type": "array", "items": {"type": "string"}},
        "response_types_supported": {"type": "array", "items": {"type": "string"}},
        "scopes_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint_auth_methods_supported": {
            "type": "array",
            "items": {"type": "string"},
        },
        "revocation_endpoint_auth_methods_supported": {
            "type": "array",
            "items": {"type": "string"},
        },
    },
}

NO_STORE = {
    "Cache-Control": {
        "description": "Always `no-store`.",
        "schema": {"type": "string"},
    }
}
REFRESH_COOKIE = Parameter(
    "refresh_token",
    schema={"type": "string"},
    location="cookie",
    required=False,
    description="HttpOnly cookie that auth-service sets for the client `web`.",
)
_SET_COOKIE = {
    "Set-Cookie": {
        "description": "For the client `web`: the refresh token as an HttpOnly, "
        "SameSite=Strict cookie named `refresh_token` with path `/oauth2`.",
        "schema": {"type": "string"},
    }
}


def _oauth_error(description: str, example: dict) -> dict:
    return json_response(description, OAUTH_ERROR, example=example, headers=NO_STORE)


_BAD_REQUEST = _oauth_error(
    "The request is malformed or the grant is invalid.",
    {
        "error": "invalid_grant",
        "error_description": "The email or password is incorrect.",
    },
)
_BAD_CLIENT = _oauth_error(
    "HTTP Basic client authentication failed, with `WWW-Authenticate: Basic`.",
    {"error": "invalid_client", "error_description": "Client authentication failed."},
)
_RATE_LIMITED = json_response(
    "Sent by the gateway, not by the service: more than 10 token requests per "
    "second from one address.",
    {"$ref": "#/components/schemas/Problem"},
    media_type="application/problem+json",
)

token = operation(
    operation_id="requestToken",
    summary="Request an access token",
    description="RFC 6749 token endpoint. Grants: `password` (client `web`, "
    "`username` is the email), `refresh_token` (rotates: the old token stops "
    "working), `client_credentials` (confidential clients with HTTP Basic). Every "
    "response carries `Cache-Control: no-store`.",
    tag=OAUTH_TAG,
    parameters=[REFRESH_COOKIE],
    body=json_body(
        TOKEN_FORM,
        media_type=FORM_CONTENT_TYPE,
        example={
            "grant_type": "password",
            "client_id": "web",
            "username": "admin@example.com",
            "password": "admin12345",
        },
    ),
    responses={
        200: json_response(
            "The tokens.",
            TOKEN_RESPONSE,
            example={
                "access_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.e30.c2ln",
                "token_type": "Bearer",
                "expires_in": 900,
                "scope": "api",
                "refresh_token": "Zr1mJx0x5b3o2QvJ1lq3mQ",
            },
            headers={**NO_STORE, **_SET_COOKIE},
        ),
        400: _BAD_REQUEST,
        401: _BAD_CLIENT,
        429: _RATE_LIMITED,
    },
    auth=(None, CLIENT_BASIC),
)

revoke = operation(
    operation_id="revokeToken",
    summary="Revoke a refresh token (log out)",
    description="RFC 7009: revokes the refresh token and every token rotated from "
    "it. Unknown tokens and tokens of another client also return 200, so the "
    "response does not reveal whether a token exists.",
    tag=OAUTH_TAG,
    parameters=[REFRESH_COOKIE],
    body=json_body(
        REVOKE_FORM,
        media_type=FORM_CONTENT_TYPE,
        example={"token": "Zr1mJx0x5b3o2QvJ1lq3mQ", "client_id": "web"},
    ),
    responses={
        200: json_response(
            "Revoked, or nothing to revoke. The client `web` also gets the cookie "
            "deleted.",
            headers={**NO_STORE, **_SET_COOKIE},
        ),
        400: _BAD_REQUEST,
        401: _BAD_CLIENT,
    },
    auth=(None, CLIENT_BASIC),
)

jwks = operation(
    operation_id="getJwks",
    summary="Read the token signing keys",
    description="RFC 7517 key set. Services verify access tokens against it.",
    tag=OAUTH_TAG,
    responses={200: json_response("The published public keys.", JWKS)},
    auth=None,
)

_AUTH_METHODS = ["client_secret_basic", "none"]

server_metadata = operation(
    operation_id="getServerMetadata",
    summary="Read the authorization server metadata",
    description="RFC 8414 metadata naming the endpoints above.",
    tag=OAUTH_TAG,
    responses={
        200: json_response(
            "The metadata.",
            METADATA,
            example={
                "issuer": "http://localhost:8080",
                "token_endpoint": "http://localhost:8080/oauth2/token",
                "jwks_uri": "http://localhost:8080/oauth2/jwks",
                "revocation_endpoint": "http://localhost:8080/oauth2/revoke",
                "grant_types_supported": list(GRANT_TYPES),
                "response_types_supported": [],
                "scopes_supported": [
                    "api",
                    "clientes.read",
                    "tracking.write",
                    "usuarios.write",
                ],
                "token_endpoint_auth_methods_supported": _AUTH_METHODS,
                "revocation_endpoint_auth_methods_supported": _AUTH_METHODS,
            },
        )
    },
    auth=None,
)

me = operation(
    operation_id="getMe",
    summary="Read the caller's account",
    description="For user tokens: a service token gets 403. A deleted or "
    "deactivated account gets 401.",
    tag=ACCOUNT_TAG,
    responses={
        200: json_response(
            "The account.",
            schema_ref(MeOut, name="Me", mode="serialization"),
            example={
                "sub": "f3003ec8-11fa-4fe5-934a-df1becb75134",
                "email": "ana.garcia@example.com",
                "roles": ["ROLE_CLIENTE"],
                "cliente_id": "5b0f3c1e-8d2a-4f57-9a51-0c6b1f2d7e44",
            },
        )
    },
)

USUARIO = schema_ref(UsuarioOut, name="Usuario", mode="serialization")
USUARIO_EXAMPLE = {
    "id": "f3003ec8-11fa-4fe5-934a-df1becb75134",
    "email": "ana.garcia@example.com",
    "cliente_id": "5b0f3c1e-8d2a-4f57-9a51-0c6b1f2d7e44",
    "roles": ["ROLE_CLIENTE"],
    "activo": True,
    "creado_en": "2026-12-01T09:30:00+00:00",
    "actualizado_en": "2026-12-01T09:30:00+00:00",
}
CLIENTE_ID = path_parameter(
    "cliente_id", {"type": "string", "format": "uuid"}, "Customer id of the login."
)
_INTERNAL = (
    "Internal: service clients with the scope `usuarios.write` only "
    "(cliente-service). The gateway does not route it."
)

create_usuario = operation(
    operation_id="createUsuario",
    summary="Create a customer login",
    description=f"{_INTERNAL} Called by cliente-service during sign-up.",
    tag=INTERNAL_TAG,
    body=json_body(
        schema_ref(UsuarioCreate),
        example={
            "email": "ana.garcia@example.com",
            "password": "clave-segura-1",
            "cliente_id": "5b0f3c1e-8d2a-4f57-9a51-0c6b1f2d7e44",
        },
    ),
    responses={201: json_response("The login.", USUARIO, example=USUARIO_EXAMPLE)},
    errors=(400, 422, (409, "The email or the customer already has a login.")),
    auth=SERVICE_AUTH,
)

update_usuario = operation(
    operation_id="updateUsuario",
    summary="Activate or deactivate a customer login",
    description=f"{_INTERNAL} Deactivating revokes every refresh token of the login.",
    tag=INTERNAL_TAG,
    parameters=[CLIENTE_ID],
    body=json_body(schema_ref(UsuarioUpdate), example={"activo": False}),
    responses={200: json_response("The login.", USUARIO, example=USUARIO_EXAMPLE)},
    errors=(400, 404, 422),
    auth=SERVICE_AUTH,
)

delete_usuario = operation(
    operation_id="deleteUsuario",
    summary="Delete a customer login",
    description=f"{_INTERNAL} Removes the login of a profile that could not be "
    "saved. Also 204 when there is no such login.",
    tag=INTERNAL_TAG,
    parameters=[CLIENTE_ID],
    responses={204: json_response("Deleted, or there was nothing to delete.")},
    errors=((404, "The path segment is not a UUID."),),
    auth=SERVICE_AUTH,
)


def setup(app: Sanic) -> None:
    """Describe the auth-service document."""
    setup_openapi(
        app,
        title="auth-service",
        description="OAuth 2.0 authorization server of Seguimiento de Pedidos: "
        "token and revocation endpoints, signing keys, server metadata, the "
        "caller's account, and the internal login endpoints that cliente-service "
        "uses. Errors of `/oauth2/` follow RFC 6749 section 5.2, and every other error "
        "is problem+json.",
        tags={
            OAUTH_TAG: "Tokens, keys and metadata (RFC 6749, 7009, 7517, 8414).",
            ACCOUNT_TAG: "The logged-in user's account.",
            INTERNAL_TAG: "Service-to-service endpoints, not routed by the gateway.",
        },
    )
