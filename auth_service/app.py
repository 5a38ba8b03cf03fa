"""The Sanic application factory of auth-service."""

from sanic import Request, Sanic
from sanic.response import HTTPResponse
from tortoise import connections
from tortoise.contrib.sanic import register_tortoise

from auth_service import openapi as docs
from auth_service.config import Settings
from auth_service.oauth.clients import build_clients
from auth_service.oauth.errors import NO_STORE_HEADERS, OAuthError, render_oauth_error
from auth_service.routes import internal, me, metadata, oauth
from auth_service.services.grants import GrantContext
from auth_service.services.keys import KeyRing
from auth_service.services.passwords import PasswordHasher
from auth_service.services.tokens import TokenSettings
from common.app import create_base_app
from common.db import tortoise_config
from common.security import TokenVerifier

NO_STORE_PATHS = ("/oauth2/token", "/oauth2/revoke")


async def _database_ready() -> None:
    await connections.get("default").execute_query("SELECT 1")


def _no_store(request: Request, response: HTTPResponse) -> None:
    if request.path.rstrip("/") in NO_STORE_PATHS and response is not None:
        response.headers.update(NO_STORE_HEADERS)


def create_app(settings: Settings) -> Sanic:
    app = create_base_app("auth_service", settings, ready_check=_database_ready)
    register_tortoise(
        app, config=tortoise_config(settings.database_url, "auth_service")
    )
    app.error_handler.add(OAuthError, render_oauth_error)
    app.on_response(_no_store)
    for module in (oauth, metadata, me, internal):
        app.blueprint(module.blueprint)
    docs.setup(app)

    @app.before_server_start
    async def open_signing(app: Sanic) -> None:
        # Registered after register_tortoise, so the ORM is ready here.
        keyring = KeyRing(access_token_ttl=settings.access_token_ttl)
        await keyring.load()
        hasher = PasswordHasher(settings.bcrypt_rounds)
        app.ctx.keyring = keyring
        app.ctx.hasher = hasher
        app.ctx.clients = build_clients(settings)
        app.ctx.grants = GrantContext(
            keyring=keyring,
            hasher=hasher,
            tokens=TokenSettings(
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                ttl=settings.access_token_ttl,
            ),
            refresh_ttl=settings.refresh_token_ttl,
        )
        # Tokens are checked against the keys in the database, not over HTTP.
        app.ctx.verifier = TokenVerifier(
            keyring, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )

    return app
