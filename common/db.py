"""Database start-up: create the database when missing, then apply Tortoise
migrations and load seed data while holding a database lock, so that several
replicas starting at once do not race each other."""

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from urllib.parse import unquote, urlsplit

import aiomysql
import asyncpg
from tortoise.context import TortoiseContext
from tortoise.migrations.api.migrate import migrate

logger = logging.getLogger(__name__)

Seeder = Callable[[], Awaitable[None]]


def tortoise_config(database_url: str, app: str) -> dict:
    """Tortoise configuration for the service package ``app``."""
    return {
        "connections": {"default": database_url},
        "apps": {
            app: {
                "models": [f"{app}.models"],
                "default_connection": "default",
                "migrations": f"{app}.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _parts(database_url: str) -> dict:
    url = urlsplit(database_url)
    return {
        "scheme": url.scheme,
        "host": url.hostname or "127.0.0.1",
        "port": url.port,
        "user": unquote(url.username or ""),
        "password": unquote(url.password or ""),
        "database": url.path.lstrip("/"),
    }


@contextlib.asynccontextmanager
async def _postgres_lock(parts: dict, name: str) -> AsyncIterator[None]:
    admin = await asyncpg.connect(
        host=parts["host"],
        port=parts["port"] or 5432,
        user=parts["user"] or None,
        password=parts["password"] or None,
        database="postgres",
    )
    try:
        exists = await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", parts["database"]
        )
        if not exists:
            # Two replicas creating the database at once: the loser gets either
            # error, depending on when it reaches the pg_database catalog.
            with contextlib.suppress(
                asyncpg.DuplicateDatabaseError, asyncpg.UniqueViolationError
            ):
                await admin.execute(f'CREATE DATABASE "{parts["database"]}"')
                logger.info("created database %s", parts["database"])
    finally:
        await admin.close()
    connection = await asyncpg.connect(
        host=parts["host"],
        port=parts["port"] or 5432,
        user=parts["user"] or None,
        password=parts["password"] or None,
        database=parts["database"],
    )
    try:
        await connection.execute("SELECT pg_advisory_lock(hashtext($1))", name)
        yield
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def _mysql_lock(parts: dict, name: str) -> AsyncIterator[None]:
    connection = await aiomysql.connect(
        host=parts["host"],
        port=parts["port"] or 3306,
        user=parts["user"] or "root",
        password=parts["password"],
        autocommit=True,
    )
    try:
        async with connection.cursor() as cursor:
            await cursor.execute(
                f"CREATE DATABASE IF NOT EXISTS `{parts['database']}` "
                "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
            await cursor.execute("SELECT GET_LOCK(%s, 120)", (name,))
            (acquired,) = await cursor.fetchone()
            if acquired != 1:
                raise RuntimeError(f"timed out waiting for the database lock {name}")
        yield
    finally:
        connection.close()


def _lock_for(parts: dict, name: str):
    if parts["scheme"].startswith("postgres"):
        return _postgres_lock(parts, name)
    if parts["scheme"].startswith("mysql"):
        return _mysql_lock(parts, name)
    raise ValueError(f"unsupported database URL scheme {parts['scheme']!r}")


async def prepare_database(
    database_url: str,
    app: str,
    *,
    seed: Seeder | None = None,
    wait_seconds: float = 60.0,
) -> None:
    """Create the database if needed, migrate it and run ``seed``, under a lock.

    A database server that does not accept connections yet is retried for up to
    ``wait_seconds``, because containers and Swarm tasks may start before it.
    """
    parts = _parts(database_url)
    await _wait_for_server(parts, wait_seconds)
    config = tortoise_config(database_url, app)
    async with _lock_for(parts, f"migrate:{app}"), TortoiseContext() as context:
        await context.init(config=config)
        await migrate(config=config)
        logger.info("database %s is migrated", parts["database"])
        if seed is not None:
            await seed()


async def _wait_for_server(parts: dict, wait_seconds: float) -> None:
    port = parts["port"] or (5432 if parts["scheme"].startswith("postgres") else 3306)
    deadline = time.monotonic() + wait_seconds
    delay = 0.5
    while True:
        try:
            _, writer = await asyncio.open_connection(parts["host"], port)
        except OSError as error:
            if time.monotonic() >= deadline:
                raise
            logger.warning(
                "database server %s:%s is not reachable (%s); retrying in %.1f s",
                parts["host"],
                port,
                error,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
            continue
        writer.close()
        await writer.wait_closed()
        return
