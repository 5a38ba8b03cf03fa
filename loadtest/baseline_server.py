"""Baseline Sanic server for the benchmarks: the least a Sanic endpoint can do, to
compare tracking-service against on the same machine.

    HOST=127.0.0.1 PORT=9001 WORKERS=1 REDIS_PREFIX=bench: \\
        .venv/bin/python -m loadtest.baseline_server

Routes:

- ``GET /const``: one constant JSON object, no I/O;
- ``GET /tracking/<numero>``: ``HGETALL {REDIS_PREFIX}tracking:{numero}`` returned
  as JSON (404 when the hash is empty). No token check, no request id, no
  validation: what tracking-service's read costs without its own code.
- ``GET /health/ready``: 200 once Redis replies to PING, so that test helpers can wait
  for the server.

The Redis client is configured like tracking-service's (a blocking pool of
``REDIS_POOL_SIZE`` connections, decoded replies, hiredis when installed) and the
server like the services (orjson, no access log, uvloop when installed).
"""

import os
from functools import partial

import orjson
from redis.asyncio import BlockingConnectionPool, Redis
from sanic import Request, Sanic
from sanic.response import HTTPResponse
from sanic.worker.loader import AppLoader

CONSTANT_BODY = orjson.dumps(
    {
        "numero": "PED-ABCDEFGHJK",
        "cliente_id": "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e01",
        "estado": "EN_REPARTO",
        "version": 5,
        "actualizado_en": "2026-12-04T10:00:00.000000+00:00",
        "sincronizado_en": "2026-12-04T10:00:00.004000+00:00",
    }
)
NOT_FOUND_BODY = orjson.dumps({"status": 404, "title": "Not Found"})


def create_app(redis_url: str, prefix: str, pool_size: int) -> Sanic:
    app = Sanic("baseline", configure_logging=False)
    app.config.update({"ACCESS_LOG": False, "MOTD": False, "KEEP_ALIVE_TIMEOUT": 75})

    @app.before_server_start
    async def open_redis(app: Sanic) -> None:
        pool = BlockingConnectionPool.from_url(
            redis_url, max_connections=pool_size, timeout=2.0, decode_responses=True
        )
        app.ctx.redis = Redis.from_pool(pool)

    @app.after_server_stop
    async def close_redis(app: Sanic) -> None:
        await app.ctx.redis.aclose()

    @app.get("/const")
    async def constant(request: Request) -> HTTPResponse:
        return HTTPResponse(CONSTANT_BODY, content_type="application/json")

    @app.get("/tracking/<numero:str>")
    async def tracking(request: Request, numero: str) -> HTTPResponse:
        entry = await request.app.ctx.redis.hgetall(f"{prefix}tracking:{numero}")
        if not entry:
            return HTTPResponse(NOT_FOUND_BODY, status=404)
        return HTTPResponse(orjson.dumps(entry), content_type="application/json")

    @app.get("/health/ready")
    async def ready(request: Request) -> HTTPResponse:
        await request.app.ctx.redis.ping()
        return HTTPResponse(b'{"status":"ok"}', content_type="application/json")

    return app


def main() -> None:
    workers = int(os.environ.get("WORKERS", "1"))
    factory = partial(
        create_app,
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        os.environ.get("REDIS_PREFIX", "baseline:"),
        int(os.environ.get("REDIS_POOL_SIZE", "50")),
    )
    loader = AppLoader(factory=factory)
    app = loader.load()
    app.prepare(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "9000")),
        workers=max(workers, 1),
        single_process=workers <= 1,
        access_log=False,
        motd=False,
    )
    if workers <= 1:
        Sanic.serve_single(primary=app)
    else:
        Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    main()
