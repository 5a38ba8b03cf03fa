"""Run pedido-service: ``python -m pedido_service``."""

from functools import partial

from common.db import prepare_database
from common.server import serve
from pedido_service.app import create_app, quiet_sql_logs
from pedido_service.config import APP, Settings
from pedido_service.services.seed import seed


def main() -> None:
    settings = Settings.from_env()
    quiet_sql_logs()
    prepare = partial(
        prepare_database,
        settings.database_url,
        APP,
        seed=partial(seed, demo_data=settings.demo_data),
    )
    serve(APP, settings, create_app, prepare=prepare)


if __name__ == "__main__":
    main()
