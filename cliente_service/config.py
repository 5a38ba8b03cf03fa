"""Settings of cliente-service, read from the environment."""

from dataclasses import dataclass
from typing import ClassVar

from common.db import tortoise_config
from common.settings import BaseSettings, env


@dataclass(frozen=True)
class Settings(BaseSettings):
    """Settings of cliente-service. ``env_names()`` lists the variables it reads."""

    default_port: ClassVar[int] = 8002

    database_url: str = env(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clientes", secret=True
    )
    client_id: str = env("CLIENT_ID", "cliente-service")
    client_secret: str = env("CLIENT_SECRET", "dev-cliente-secret", secret=True)


# Read by the Tortoise CLI: `tortoise -c cliente_service.config.TORTOISE_ORM ...`.
TORTOISE_ORM = tortoise_config(Settings.from_env().database_url, "cliente_service")
