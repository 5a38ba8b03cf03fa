"""The Sanic application of cliente-service."""

from sanic import Sanic
from tortoise import connections
from tortoise.contrib.sanic import register_tortoise

from cliente_service import openapi as docs
from cliente_service.config import Settings
from cliente_service.routes.clientes import bp as clientes_bp
from cliente_service.services.usuarios import SCOPE, UsuariosClient
from common.app import create_base_app
from common.db import tortoise_config
from common.http import ServiceTokens


async def check_database() -> None:
    """Run a trivial query, which fails while PostgreSQL is unreachable."""
    await connections.get("default").execute_query("SELECT 1")


def create_app(settings: Settings) -> Sanic:
    """Build the app: base kit, database, the clientes blueprint, auth client."""
    app = create_base_app("cliente-service", settings, ready_check=check_database)
    register_tortoise(
        app, config=tortoise_config(settings.database_url, "cliente_service")
    )
    app.blueprint(clientes_bp)
    docs.setup(app)

    @app.before_server_start
    async def open_usuarios_client(app: Sanic) -> None:
        # Runs after the base kit opened app.ctx.http (its listener has priority).
        tokens = ServiceTokens(
            app.ctx.http,
            auth_url=settings.auth_url,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            scope=SCOPE,
        )
        app.ctx.usuarios = UsuariosClient(app.ctx.http, tokens, settings.auth_url)

    return app
