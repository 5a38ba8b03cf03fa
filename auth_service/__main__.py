"""Run auth-service: ``python -m auth_service``.

``python -m auth_service rotate-key`` instead creates a new signing key and
retires the current one, then exits. Running services pick the new key up within
a minute; tokens signed by the retired key stay valid until they expire.
"""

import argparse
import asyncio
from functools import partial

from auth_service.app import create_app
from auth_service.config import Settings
from auth_service.services.keys import rotate_signing_key
from auth_service.services.seed import seed
from common.db import prepare_database
from common.logs import configure_logging
from common.server import serve


def rotate_key(settings: Settings) -> None:
    """Rotate the signing key under the migration lock, then exit."""
    configure_logging(
        "auth_service", level=settings.log_level, log_format=settings.log_format
    )
    asyncio.run(
        prepare_database(settings.database_url, "auth_service", seed=rotate_signing_key)
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m auth_service")
    parser.add_argument(
        "command",
        nargs="?",
        choices=["serve", "rotate-key"],
        default="serve",
        help="serve (default) or rotate-key",
    )
    command = parser.parse_args().command
    settings = Settings.from_env()
    if command == "rotate-key":
        rotate_key(settings)
        return
    prepare = partial(
        prepare_database,
        settings.database_url,
        "auth_service",
        seed=partial(seed, settings),
    )
    serve("auth_service", settings, create_app, prepare=prepare)


if __name__ == "__main__":
    main()
