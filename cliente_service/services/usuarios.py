"""Calls to the internal login endpoints of auth-service (scope ``usuarios.write``)."""

import logging
from typing import Any
from uuid import UUID

import aiohttp

from common.errors import ConflictError, ServiceUnavailableError
from common.http import ServiceTokens, TokenError

logger = logging.getLogger(__name__)

SCOPE = "usuarios.write"


class LoginServiceError(ServiceUnavailableError):
    """auth-service did not complete a call about a login.

    ``maybe_applied`` is false only when the call never reached auth-service: no
    token could be had, or the connection was refused.
    """

    def __init__(self, *, maybe_applied: bool) -> None:
        super().__init__("The login service is not available. Try again in a moment.")
        self.maybe_applied = maybe_applied


class UsuariosClient:
    """Create, enable, disable and remove customer logins in auth-service."""

    def __init__(
        self, session: aiohttp.ClientSession, tokens: ServiceTokens, auth_url: str
    ) -> None:
        self._session = session
        self._tokens = tokens
        self._base = f"{auth_url.rstrip('/')}/internal/usuarios"

    async def create_login(
        self, *, cliente_id: UUID, email: str, password: str
    ) -> None:
        """Create the login of ``cliente_id``, or raise 409 if the email is taken."""
        body = {"email": email, "password": password, "cliente_id": str(cliente_id)}
        status = await self._send("POST", self._base, body)
        if status == 409:
            raise ConflictError("A customer with this email already exists.")
        self._expect(status, {201}, "create", cliente_id)

    async def set_activo(self, *, cliente_id: UUID, activo: bool) -> None:
        """Enable or disable the login of ``cliente_id``.

        A missing login (404) is logged and accepted, because no login exists that
        could be enabled or disabled.
        """
        url = f"{self._base}/cliente/{cliente_id}"
        status = await self._send("PATCH", url, {"activo": activo})
        if status == 404:
            logger.warning("cliente %s has no login in auth-service", cliente_id)
            return
        self._expect(status, {200, 204}, "update", cliente_id)

    async def delete_login(self, *, cliente_id: UUID) -> None:
        """Remove the login of ``cliente_id`` (a no-op when it does not exist)."""
        url = f"{self._base}/cliente/{cliente_id}"
        status = await self._send("DELETE", url, None)
        self._expect(status, {200, 204, 404}, "delete", cliente_id)

    async def _send(self, method: str, url: str, body: dict[str, Any] | None) -> int:
        status = await self._request(method, url, body)
        if status == 401:
            # auth-service may reject a cached token before it expires, for example
            # after a key rotation, so retry once with a new token.
            self._tokens.forget()
            status = await self._request(method, url, body)
        return status

    async def _request(self, method: str, url: str, body: dict[str, Any] | None) -> int:
        try:
            token = await self._tokens.get()
            async with self._session.request(
                method, url, json=body, headers={"Authorization": f"Bearer {token}"}
            ) as response:
                await response.read()
                return response.status
        except (TokenError, aiohttp.ClientConnectorError) as error:
            logger.warning("%s %s failed: %r", method, url, error)
            raise LoginServiceError(maybe_applied=False) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.warning("%s %s failed: %r", method, url, error)
            raise LoginServiceError(maybe_applied=True) from error

    @staticmethod
    def _expect(status: int, expected: set[int], action: str, cliente_id: UUID) -> None:
        if status not in expected:
            logger.error(
                "auth-service returned HTTP %s for the %s of the login of cliente %s",
                status,
                action,
                cliente_id,
            )
            raise LoginServiceError(maybe_applied=True)
