"""Look-ups of customers in cliente-service, with the service's own token."""

import logging
from urllib.parse import quote

import aiohttp

from common.errors import ServiceUnavailableError, UnprocessableError
from common.http import ServiceTokens, TokenError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "5"


def _unavailable(reason: str) -> ServiceUnavailableError:
    logger.warning("cliente-service look-up failed: %s", reason)
    return ServiceUnavailableError(
        "The customer service is not available, so no order was created. "
        "Try again in a few seconds.",
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def _rejected(message: str) -> UnprocessableError:
    return UnprocessableError(
        message, errors=[{"field": "cliente_id", "message": message}]
    )


class ClientesClient:
    """Client of ``GET /api/clientes/{id}`` with a bounded total time per call."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        tokens: ServiceTokens,
        *,
        base_url: str,
        timeout: float,
    ) -> None:
        self._http = http
        self._tokens = tokens
        self._base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def get_active(self, cliente_id: str) -> dict:
        """Return the customer's profile.

        Raises 422 when the customer does not exist or is inactive, and 503 when
        cliente-service (or auth-service, for the token) does not respond in time.
        """
        url = f"{self._base_url}/api/clientes/{quote(cliente_id, safe='')}"
        for attempt in (1, 2):
            status, body = await self._fetch(url)
            if status == 401 and attempt == 1:
                self._tokens.forget()
                continue
            if status == 404:
                raise _rejected(f"Customer {cliente_id} does not exist.")
            if status != 200 or not isinstance(body, dict):
                raise _unavailable(f"GET {url} returned {status}")
            if body.get("activo") is not True:
                raise _rejected(f"Customer {cliente_id} is inactive.")
            return body
        raise _unavailable(f"GET {url} rejected a fresh service token")

    async def _fetch(self, url: str) -> tuple[int, object]:
        try:
            token = await self._tokens.get()
            async with self._http.get(
                url,
                headers={"Authorization": f"Bearer {token}"},
                timeout=self._timeout,
            ) as response:
                if response.status != 200:
                    return response.status, None
                return 200, await response.json(content_type=None)
        except TokenError as error:
            raise _unavailable(f"no service token: {error}") from None
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise _unavailable(f"GET {url} failed: {error!r}") from None
