"""The token endpoint (RFC 6749) and the revocation endpoint (RFC 7009)."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, empty, json

from auth_service import openapi as docs
from auth_service.oauth.clients import GRANT_TYPES, OAuthClient, authenticate_client
from auth_service.oauth.errors import NO_STORE_HEADERS, OAuthError, invalid_request
from auth_service.oauth.form import parse_form
from auth_service.services.grants import GRANTS, TokenResult
from auth_service.services.refresh_tokens import revoke_refresh_token

blueprint = Blueprint("oauth", url_prefix="/oauth2")

REFRESH_COOKIE = "refresh_token"
REFRESH_COOKIE_PATH = "/oauth2"


@blueprint.post("/token")
@docs.token
async def token(request: Request) -> HTTPResponse:
    form = parse_form(request)
    grant_type = form.get("grant_type")
    if grant_type is None:
        raise invalid_request("The grant_type parameter is missing.")
    if grant_type not in GRANT_TYPES:
        raise OAuthError("unsupported_grant_type", f"Unsupported grant {grant_type!r}.")
    client = authenticate_client(request, form, request.app.ctx.clients)
    if grant_type not in client.grant_types:
        raise OAuthError(
            "unauthorized_client", f"This client may not use the {grant_type} grant."
        )
    result = await GRANTS[grant_type](
        context=request.app.ctx.grants,
        client=client,
        form=form,
        cookie_token=_cookie_token(request, client),
    )
    return _token_response(request, client, result)


@blueprint.post("/revoke")
@docs.revoke
async def revoke(request: Request) -> HTTPResponse:
    """Revoke a refresh token and its family (RFC 7009).

    Returns 200 for unknown tokens and for tokens of another client, which are
    left untouched, so the response does not reveal whether a token exists.
    """
    form = parse_form(request)
    client = authenticate_client(request, form, request.app.ctx.clients)
    value = form.get("token", _cookie_token(request, client))
    if value is None:
        raise invalid_request("The token parameter is missing.")
    await revoke_refresh_token(token=value, client_id=client.client_id)
    response = empty(status=200, headers=NO_STORE_HEADERS)
    if client.uses_cookie:
        # An empty value with Max-Age 0 deletes the cookie. Sanic's delete_cookie()
        # always marks it Secure, which browsers ignore on plain HTTP.
        _set_refresh_cookie(request, response, "", max_age=0)
    return response


def _cookie_token(request: Request, client: OAuthClient) -> str | None:
    if not client.uses_cookie:
        return None
    return request.cookies.get(REFRESH_COOKIE) or None


def _token_response(
    request: Request, client: OAuthClient, result: TokenResult
) -> HTTPResponse:
    response = json(result.body, headers=NO_STORE_HEADERS)
    if client.uses_cookie and result.refresh_token is not None:
        max_age = request.app.ctx.settings.refresh_token_ttl
        _set_refresh_cookie(request, response, result.refresh_token, max_age=max_age)
    return response


def _set_refresh_cookie(
    request: Request, response: HTTPResponse, value: str, *, max_age: int
) -> None:
    response.add_cookie(
        REFRESH_COOKIE,
        value,
        path=REFRESH_COOKIE_PATH,
        max_age=max_age,
        httponly=True,
        samesite="Strict",
        secure=request.app.ctx.settings.cookie_secure,
    )
