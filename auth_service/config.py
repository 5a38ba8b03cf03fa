"""Settings of auth-service, read from the environment."""

from dataclasses import dataclass
from typing import ClassVar

from common.db import tortoise_config
from common.settings import BaseSettings, env

# bcrypt accepts cost factors from 4 to 31.
MIN_BCRYPT_ROUNDS = 4
MAX_BCRYPT_ROUNDS = 31


@dataclass(frozen=True, repr=False)
class Settings(BaseSettings):
    """Settings of auth-service."""

    default_port: ClassVar[int] = 8001

    database_url: str = env(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/auth", secret=True
    )
    demo_admin_email: str = env("DEMO_ADMIN_EMAIL", "admin@example.com")
    demo_admin_password: str = env("DEMO_ADMIN_PASSWORD", "admin12345", secret=True)
    cliente_service_secret: str = env(
        "CLIENTE_SERVICE_SECRET", "dev-cliente-secret", secret=True
    )
    pedido_service_secret: str = env(
        "PEDIDO_SERVICE_SECRET", "dev-pedido-secret", secret=True
    )
    access_token_ttl: int = env("ACCESS_TOKEN_TTL", 900)
    refresh_token_ttl: int = env("REFRESH_TOKEN_TTL", 1_209_600)
    cookie_secure: bool = env("COOKIE_SECURE", False)
    bcrypt_rounds: int = env("BCRYPT_ROUNDS", 12)

    def __post_init__(self) -> None:
        if not MIN_BCRYPT_ROUNDS <= self.bcrypt_rounds <= MAX_BCRYPT_ROUNDS:
            raise ValueError(
                f"BCRYPT_ROUNDS={self.bcrypt_rounds} is out of range: use "
                f"{MIN_BCRYPT_ROUNDS} to {MAX_BCRYPT_ROUNDS}"
            )
        if self.access_token_ttl < 1 or self.refresh_token_ttl < 1:
            raise ValueError("ACCESS_TOKEN_TTL and REFRESH_TOKEN_TTL must be positive")


TORTOISE_ORM = tortoise_config(Settings.from_env().database_url, "auth_service")
