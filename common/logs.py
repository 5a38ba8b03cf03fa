"""Logging setup: request id on every record, text on a terminal, JSON in containers."""

import logging
import re
import sys
import uuid
from contextvars import ContextVar

import orjson
from sanic import Request, Sanic
from sanic.response import HTTPResponse

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Copy the current request id onto every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


def configure_logging(service: str, *, level: str, log_format: str) -> None:
    """Send every logger's records to stderr in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                f"%(asctime)s {service} %(levelname)s [%(request_id)s] "
                "%(name)s: %(message)s"
            )
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Tortoise logs query parameters at DEBUG, and those include password and
    # token hashes, so its SQL logger stays at INFO whatever the service level.
    logging.getLogger("tortoise.db_client").setLevel(max(logging.INFO, root.level))
    for name in ("sanic.root", "sanic.error", "sanic.access", "sanic.server"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True


def _take_request_id(request: Request) -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    request.ctx.request_id = request_id
    request_id_var.set(request_id)


def _echo_request_id(request: Request, response: HTTPResponse) -> None:
    request_id = getattr(request.ctx, "request_id", None)
    if request_id is not None and response is not None:
        response.headers[REQUEST_ID_HEADER] = request_id


def install_request_id(app: Sanic) -> None:
    """Take ``X-Request-ID`` from the request or make one, and echo it back."""
    app.on_request(_take_request_id, priority=100)
    app.on_response(_echo_request_id, priority=100)
