"""The Sanic application factory of pedido-service."""

import asyncio
import contextlib
import logging

from sanic import Sanic
from tortoise import connections
from tortoise.contrib.sanic import register_tortoise

from common.app import create_base_app
from common.http import ServiceTokens
from pedido_service import openapi as docs
from pedido_service.config import Settings, orm_config
from pedido_service.relay import Relay, TrackingClient
from pedido_service.routes import pedidos, sincronizacion
from pedido_service.services.clientes import ClientesClient

RELAY_TASK = "outbox-relay"
SERVICE_SCOPE = "clientes.read tracking.write"


def quiet_sql_logs() -> None:
    """Keep Tortoise's per-query debug lines out of the log, because the relay
    alone would print several every second."""
    logging.getLogger("tortoise.db_client").setLevel(logging.INFO)


async def _database_ready() -> None:
    await connections.get("default").execute_query("SELECT 1")


def create_app(settings: Settings) -> Sanic:
    app = create_base_app("pedido_service", settings, ready_check=_database_ready)
    quiet_sql_logs()
    register_tortoise(app, config=orm_config(settings))
    app.blueprint(sincronizacion.blueprint)
    app.blueprint(pedidos.blueprint)
    docs.setup(app)
    app.ctx.relay = None

    @app.before_server_start
    async def open_service_clients(app: Sanic) -> None:
        app.ctx.tokens = ServiceTokens(
            app.ctx.http,
            auth_url=settings.auth_url,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            scope=SERVICE_SCOPE,
        )
        app.ctx.clientes = ClientesClient(
            app.ctx.http,
            app.ctx.tokens,
            base_url=settings.cliente_url,
            timeout=settings.cliente_timeout,
        )
        if settings.relay_enabled:
            client = TrackingClient(
                app.ctx.http,
                app.ctx.tokens,
                base_url=settings.tracking_url,
                timeout=settings.relay_timeout,
            )
            app.ctx.relay = Relay(settings, client)

    # A plain asyncio task rather than app.add_task: Sanic logs a warning for every
    # app task cancelled at shutdown, and stopping the relay is the normal case.
    @app.after_server_start
    async def start_relay(app: Sanic) -> None:
        app.ctx.relay_task = None
        if app.ctx.relay is not None:
            app.ctx.relay_task = asyncio.create_task(
                app.ctx.relay.run(), name=RELAY_TASK
            )

    @app.before_server_stop
    async def stop_relay(app: Sanic) -> None:
        task = app.ctx.relay_task
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return app
