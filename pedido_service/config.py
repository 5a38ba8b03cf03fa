"""Settings of pedido-service, read from the environment."""

from dataclasses import dataclass
from typing import ClassVar

from tortoise.backends.base.config_generator import expand_db_url

from common.db import tortoise_config
from common.settings import BaseSettings, env

APP = "pedido_service"

# READ COMMITTED keeps the relay's locking reads from taking gap locks, which would
# otherwise block the inserts of new outbox rows until the relay's batch commits.
ISOLATION_COMMAND = "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"


@dataclass(frozen=True)
class Settings(BaseSettings):
    default_port: ClassVar[int] = 8003

    database_url: str = env(
        "DATABASE_URL", "mysql://root@127.0.0.1:3306/pedidos", secret=True
    )
    database_pool_size: int = env("DATABASE_POOL_SIZE", 10)
    cliente_url: str = env("CLIENTE_URL", "http://127.0.0.1:8002")
    tracking_url: str = env("TRACKING_URL", "http://127.0.0.1:8004")
    client_id: str = env("CLIENT_ID", "pedido-service")
    client_secret: str = env("CLIENT_SECRET", "dev-pedido-secret", secret=True)
    cliente_timeout: float = env("CLIENTE_TIMEOUT", 3.0)
    relay_enabled: bool = env("RELAY_ENABLED", True)
    relay_batch_size: int = env("RELAY_BATCH_SIZE", 100)
    relay_poll_interval: float = env("RELAY_POLL_INTERVAL", 1.0)
    relay_timeout: float = env("RELAY_TIMEOUT", 5.0)
    relay_backoff_base: float = env("RELAY_BACKOFF_BASE", 0.5)
    # Small enough that the outbox catches up within seconds of tracking-service
    # returning, large enough that a down service gets one request per worker
    # every few seconds.
    relay_backoff_cap: float = env("RELAY_BACKOFF_CAP", 10.0)


def orm_config(settings: Settings) -> dict:
    """Tortoise configuration for the request-serving workers and the relay."""
    config = tortoise_config(settings.database_url, APP)
    connection = expand_db_url(settings.database_url)
    connection["credentials"].setdefault("maxsize", settings.database_pool_size)
    connection["credentials"].setdefault("init_command", ISOLATION_COMMAND)
    config["connections"]["default"] = connection
    return config


# Read by the tortoise CLI: `.venv/bin/tortoise -c pedido_service.config.TORTOISE_ORM`.
TORTOISE_ORM = tortoise_config(Settings.from_env().database_url, APP)
