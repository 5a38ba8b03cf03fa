"""Service-to-service HTTP: one aiohttp session, request-id propagation, and
client-credentials tokens that are cached and renewed before they expire."""

import asyncio
import logging
import time

import aiohttp

from common.logs import REQUEST_ID_HEADER, request_id_var

logger = logging.getLogger(__name__)

# Renew a service token this many seconds before its expiry, so that a token never
# expires between being read here and being checked by the receiving service.
TOKEN_RENEW_MARGIN = 60.0


async def _send_request_id(
    session: aiohttp.ClientSession,
    context: object,
    params: aiohttp.TraceRequestStartParams,
) -> None:
    request_id = request_id_var.get()
    if request_id != "-" and REQUEST_ID_HEADER not in params.headers:
        params.headers[REQUEST_ID_HEADER] = request_id


def create_session(*, timeout: float = 5.0, limit: int = 100) -> aiohttp.ClientSession:
    """Create a session that forwards the current request id on every call."""
    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(_send_request_id)
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=timeout),
        connector=aiohttp.TCPConnector(limit=limit),
        trace_configs=[trace],
    )


class TokenError(Exception):
    """auth-service did not issue a service token."""


class ServiceTokens:
    """Access tokens for this service from the client-credentials grant."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        auth_url: str,
        client_id: str,
        client_secret: str,
        scope: str | None = None,
    ) -> None:
        self._session = session
        self._url = f"{auth_url.rstrip('/')}/oauth2/token"
        self._credentials = aiohttp.BasicAuth(client_id, client_secret)
        self._scope = scope
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        """Return a valid access token, requesting a new one when due."""
        if self._token is not None and time.monotonic() < self._renew_at:
            return self._token
        async with self._lock:
            if self._token is None or time.monotonic() >= self._renew_at:
                await self._request()
        assert self._token is not None
        return self._token

    def forget(self) -> None:
        """Drop the cached token, for example after a 401 from the receiver."""
        self._token = None

    async def _request(self) -> None:
        form = {"grant_type": "client_credentials"}
        if self._scope:
            form["scope"] = self._scope
        try:
            async with self._session.post(
                self._url, data=form, auth=self._credentials
            ) as response:
                body = await response.json(content_type=None)
                if response.status != 200:
                    raise TokenError(
                        f"token request failed with {response.status}: "
                        f"{body.get('error', 'unknown error')}"
                    )
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise TokenError(f"token request to {self._url} failed: {error}") from error
        lifetime = float(body["expires_in"])
        self._token = body["access_token"]
        self._renew_at = time.monotonic() + max(lifetime - TOKEN_RENEW_MARGIN, 1.0)
