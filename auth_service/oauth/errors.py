"""OAuth 2.0 error responses (RFC 6749 section 5.2)."""

import logging

from sanic import Request
from sanic.response import HTTPResponse, json

logger = logging.getLogger(__name__)

# RFC 6749 section 5.1: token responses, and by extension their errors, must not
# be cached.
NO_STORE_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuthError(Exception):
    """An error of the token or revocation endpoint, rendered as RFC 6749 JSON."""

    def __init__(
        self,
        error: str,
        description: str,
        *,
        status: int = 400,
        basic: bool = False,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status
        # A 401 for a client that used HTTP Basic names the scheme (RFC 6749 5.2).
        self.basic = basic
        self.retry_after = retry_after


def invalid_request(description: str) -> OAuthError:
    return OAuthError("invalid_request", description)


def invalid_grant(description: str) -> OAuthError:
    return OAuthError("invalid_grant", description)


def too_many_failed_logins(retry_after: int) -> OAuthError:
    """Return invalid_grant with 429 and Retry-After (RFC 6585), because RFC 6749
    has no error code for throttling. The gateway's own rate limit uses 429 too."""
    return OAuthError(
        "invalid_grant",
        f"Too many failed logins for this account; try again in {retry_after} s.",
        status=429,
        retry_after=retry_after,
    )


def invalid_scope(description: str) -> OAuthError:
    return OAuthError("invalid_scope", description)


def invalid_client(description: str, *, basic: bool) -> OAuthError:
    return OAuthError(
        "invalid_client", description, status=401 if basic else 400, basic=basic
    )


def render_oauth_error(request: Request, error: OAuthError) -> HTTPResponse:
    """Render ``error`` as ``{"error", "error_description"}`` with no-store headers."""
    logger.info(
        "%s %s rejected: %s: %s",
        request.method,
        request.path,
        error.error,
        error.description,
    )
    headers = dict(NO_STORE_HEADERS)
    if error.basic:
        headers["WWW-Authenticate"] = 'Basic realm="seguimiento", charset="UTF-8"'
    if error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    body = {"error": error.error, "error_description": error.description}
    return json(body, status=error.status, headers=headers)
