"""Entrypoint: ``python -m tracking_service``.

There is no database to migrate. Redis keys are created by the first change that
the outbox relay of pedido-service sends, and ``/health/ready`` sends Redis a PING.
"""

from common.server import serve
from tracking_service.app import create_app
from tracking_service.config import Settings


def main() -> None:
    serve("tracking_service", Settings.from_env(), create_app)


if __name__ == "__main__":
    main()
