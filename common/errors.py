"""Errors as RFC 9457 problem details, and the handlers that render them."""

import logging
from typing import Any

from sanic import Request, Sanic
from sanic.exceptions import SanicException
from sanic.response import HTTPResponse, json

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class ProblemError(SanicException):
    """An error that reaches the client as problem+json with its own status."""

    status_code = 500
    quiet = True

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail, status_code=self.status_code, headers=headers)
        self.detail = detail
        self.errors = errors


class BadRequestError(ProblemError):
    status_code = 400


class UnauthorizedError(ProblemError):
    status_code = 401

    def __init__(self, detail: str = "The access token is missing or invalid.") -> None:
        super().__init__(
            detail,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


class ForbiddenError(ProblemError):
    status_code = 403


class NotFoundError(ProblemError):
    status_code = 404


class ConflictError(ProblemError):
    status_code = 409


class UnprocessableError(ProblemError):
    status_code = 422


class ServiceUnavailableError(ProblemError):
    status_code = 503


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HTTPResponse:
    """Build a problem+json response."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return json(body, status=status, headers=headers, content_type=PROBLEM_JSON)


def _handle_problem(request: Request, error: ProblemError) -> HTTPResponse:
    return problem(
        error.status_code, error.detail, errors=error.errors, headers=error.headers
    )


def _handle_sanic(request: Request, error: SanicException) -> HTTPResponse:
    status = error.status_code
    if status >= 500:
        logger.error("%s %s failed", request.method, request.path, exc_info=error)
        return problem(status, "The server could not complete the request.")
    detail = str(error) or _TITLES.get(status, "Error")
    if status == 413:
        detail = "The request body is larger than the server accepts."
    return problem(status, detail, headers=getattr(error, "headers", None))


def _handle_unexpected(request: Request, error: Exception) -> HTTPResponse:
    logger.exception(
        "%s %s failed with an unexpected error", request.method, request.path
    )
    return problem(500, "The server could not complete the request.")


def register_error_handlers(app: Sanic) -> None:
    """Render every error as problem+json, hiding tracebacks of unexpected ones."""
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.error_handler.add(ProblemError, _handle_problem)
    app.error_handler.add(SanicException, _handle_sanic)
    app.error_handler.add(Exception, _handle_unexpected)
