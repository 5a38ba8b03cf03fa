"""Entrypoint: ``python -m cliente_service``."""

from cliente_service.app import create_app
from cliente_service.config import Settings
from cliente_service.services.clientes import seed_demo_clientes
from common.db import prepare_database
from common.server import serve


async def prepare(settings: Settings) -> None:
    """Create and migrate the database, then load the demo profiles if enabled."""
    seed = seed_demo_clientes if settings.demo_data else None
    await prepare_database(settings.database_url, "cliente_service", seed=seed)


def main() -> None:
    settings = Settings.from_env()
    serve("cliente-service", settings, create_app, prepare=lambda: prepare(settings))


if __name__ == "__main__":
    main()
