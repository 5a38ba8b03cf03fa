"""Run a service: prepare its database in the main process, then serve."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial

from sanic import Sanic
from sanic.worker.loader import AppLoader

from common.logs import configure_logging
from common.settings import BaseSettings

logger = logging.getLogger(__name__)


def serve(
    name: str,
    settings: BaseSettings,
    create_app: Callable[[BaseSettings], Sanic],
    *,
    prepare: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Run ``prepare`` once, then serve ``create_app(settings)`` in the foreground.

    One worker runs in a single process, which stops cleanly on SIGINT or SIGTERM.
    More workers run under Sanic's worker manager, one app per process.
    """
    configure_logging(name, level=settings.log_level, log_format=settings.log_format)
    logger.info("starting %s with %s", name, settings.describe())
    if prepare is not None:
        asyncio.run(prepare())
    loader = AppLoader(factory=partial(create_app, settings))
    app = loader.load()
    single = settings.workers <= 1
    app.prepare(
        host=settings.host,
        port=settings.port,
        workers=max(settings.workers, 1),
        single_process=single,
        access_log=False,
        motd=False,
    )
    if single:
        Sanic.serve_single(primary=app)
    else:
        Sanic.serve(primary=app, app_loader=loader)
