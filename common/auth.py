"""Handler decorators that authenticate the bearer token and check roles or scopes."""

from collections.abc import Callable, Iterable
from functools import wraps

from sanic import Request

from common.errors import ForbiddenError, UnauthorizedError
from common.security import Principal


def bearer_token(request: Request) -> str:
    """Return the bearer token of the Authorization header, or raise 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError("A bearer access token is required.")
    return token.strip()


async def authenticate(request: Request) -> Principal:
    """Verify the request's bearer token and store the principal on ``request.ctx``."""
    principal = await request.app.ctx.verifier.verify(bearer_token(request))
    request.ctx.principal = principal
    return principal


def requires_auth(*, roles: Iterable[str] = (), scope: str | None = None) -> Callable:
    """Require a valid token; with ``roles`` or ``scope``, require one of them.

    A caller passes when it has any of ``roles``, or when ``scope`` is given and the
    token carries it. With neither, any valid token passes.
    """
    allowed_roles = frozenset(roles)

    def decorator(handler: Callable) -> Callable:
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            principal = await authenticate(request)
            if allowed_roles or scope:
                has_role = bool(allowed_roles & principal.roles)
                has_scope = scope is not None and principal.has_scope(scope)
                if not (has_role or has_scope):
                    raise ForbiddenError("You are not allowed to use this endpoint.")
            return await handler(request, *args, **kwargs)

        return wrapper

    return decorator
