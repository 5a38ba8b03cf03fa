"""Access checks of the order endpoints, and the relay notification after a commit."""

from sanic import Request

from common.errors import ForbiddenError
from common.security import ROLE_ADMIN, ROLE_CLIENTE, Principal

USER_ROLES = (ROLE_CLIENTE, ROLE_ADMIN)


def user(request: Request) -> Principal:
    """Return the caller, who must be an administrator or a customer with a profile."""
    principal: Principal = request.ctx.principal
    if not (principal.is_admin or principal.is_cliente):
        raise ForbiddenError("Orders are for customers and administrators.")
    return principal


def wake_relay(request: Request) -> None:
    """Tell this worker's relay that an outbox row was just committed."""
    relay = request.app.ctx.relay
    if relay is not None:
        relay.wake()
