"""The part of every service's ``create_app()`` that is the same everywhere."""

import orjson
from sanic import Sanic
from sanic_ext import Extend
from sanic_ext.extensions.openapi.extension import OpenAPIExtension

from common.errors import register_error_handlers
from common.health import ReadyCheck, health_blueprint
from common.http import create_session
from common.logs import configure_logging, install_request_id
from common.security import JwksCache, TokenVerifier
from common.settings import BaseSettings


def _dumps(value: object) -> str:
    return orjson.dumps(value).decode()


def create_base_app(
    name: str, settings: BaseSettings, *, ready_check: ReadyCheck
) -> Sanic:
    """Create a Sanic app with limits, logging, errors, health and token checks.

    The token verifier and an aiohttp session for calls to other services are
    opened per worker and stored on ``app.ctx.verifier`` and ``app.ctx.http``.
    """
    configure_logging(name, level=settings.log_level, log_format=settings.log_format)
    app = Sanic(name, dumps=_dumps, configure_logging=False)
    app.config.update(
        {
            "REQUEST_MAX_SIZE": settings.request_max_size,
            "REQUEST_MAX_HEADER_SIZE": 8192,
            "REQUEST_TIMEOUT": 15,
            "RESPONSE_TIMEOUT": 30,
            # Longer than nginx's upstream keepalive timeout (60 s), so that nginx
            # closes an idle connection before Sanic does and never reuses a dead one.
            "KEEP_ALIVE_TIMEOUT": 75,
            "ACCESS_LOG": False,
            "MOTD": False,
            "OAS_UI_DEFAULT": "swagger",
        }
    )
    app.ctx.settings = settings
    # Only the OpenAPI extension: the others that sanic-ext loads by default add
    # a CORS middleware and a dependency-injection signal to every request, which
    # the services do not use and which cost measurable time on the read path.
    Extend(app, extensions=[OpenAPIExtension], built_in_extensions=False)
    register_error_handlers(app)
    install_request_id(app)
    app.blueprint(health_blueprint(ready_check))

    @app.before_server_start(priority=100)
    async def open_clients(app: Sanic) -> None:
        app.ctx.http = create_session()
        jwks = JwksCache(f"{settings.auth_url.rstrip('/')}/oauth2/jwks", app.ctx.http)
        app.ctx.verifier = TokenVerifier(
            jwks, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )

    @app.after_server_stop
    async def close_clients(app: Sanic) -> None:
        await app.ctx.http.close()

    return app
