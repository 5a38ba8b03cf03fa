"""The outbox relay: sends committed order changes to tracking-service.

Every worker runs one relay. It wakes when its own worker commits a change and at
least every ``RELAY_POLL_INTERVAL`` seconds, for retries that fall due and rows
written by other workers or replicas. Each pass locks a batch of due rows with
``SELECT ... FOR UPDATE SKIP LOCKED``, so relays that run at once never send the
same row, sends the batch in one request, and deletes the rows and updates the
counters in the same transaction. A failed batch stays in the outbox with a later
``next_attempt_at`` (capped exponential backoff with full jitter). tracking-service
applies a change only when its version is newer, so a row that is delivered again
after a crash, or after a newer one, changes nothing.
"""

import asyncio
import contextlib
import logging
import random
from dataclasses import dataclass

import aiohttp
from tortoise.transactions import in_transaction

from common.http import ServiceTokens, TokenError
from pedido_service.config import Settings
from pedido_service.models import OutboxEntry
from pedido_service.services import outbox

logger = logging.getLogger(__name__)

# Client errors that are not about the rows' content: retry them like an outage.
RETRYABLE_CLIENT_ERRORS = frozenset({401, 403, 408, 429})

# tracking-service accepts at most this many changes in one batch request.
MAX_BATCH_SIZE = 500


class DeliveryError(Exception):
    """A batch was not applied. ``rejected`` means tracking-service rejected its
    content (a 4xx other than 401, 403, 408 and 429), which retrying cannot fix."""

    def __init__(self, message: str, *, rejected: bool = False) -> None:
        super().__init__(message)
        self.rejected = rejected


@dataclass(frozen=True)
class PassResult:
    claimed: int
    failed: bool


class TrackingClient:
    """Client of tracking-service's batch endpoint ``PUT /internal/tracking``."""

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
        self._url = f"{base_url.rstrip('/')}/internal/tracking"
        self._timeout = timeout

    async def send(self, payloads: list[dict]) -> int:
        """Send the payloads in order and return how many were not applied because
        tracking-service already had that version or a newer one.

        The whole call, token requests and the retry after a 401 included, ends
        within the timeout, because the caller holds the rows' locks meanwhile.
        """
        try:
            async with asyncio.timeout(self._timeout):
                return await self._send(payloads)
        except TimeoutError:
            raise DeliveryError(
                f"PUT {self._url} timed out after {self._timeout:.1f} s"
            ) from None

    async def _send(self, payloads: list[dict]) -> int:
        status, body = await self._put(payloads)
        if status == 401:
            # The token may have been issued before a key rotation: fetch a new one.
            self._tokens.forget()
            status, body = await self._put(payloads)
        if status == 200:
            return _count_duplicates(body, len(payloads))
        rejected = 400 <= status < 500 and status not in RETRYABLE_CLIENT_ERRORS
        detail = body if isinstance(body, str) else str(body)[:200]
        raise DeliveryError(
            f"PUT {self._url} returned {status}: {detail}", rejected=rejected
        )

    async def _put(self, payloads: list[dict]) -> tuple[int, object]:
        try:
            token = await self._tokens.get()
            async with self._http.put(
                self._url,
                json={"items": payloads},
                headers={"Authorization": f"Bearer {token}"},
                timeout=aiohttp.ClientTimeout(total=self._timeout),
            ) as response:
                if response.status == 200:
                    return 200, await response.json(content_type=None)
                return response.status, (await response.text())[:200]
        except TokenError as error:
            raise DeliveryError(f"no service token: {error}") from None
        except (aiohttp.ClientError, ValueError) as error:
            raise DeliveryError(f"PUT {self._url} failed: {error!r}") from None


def _count_duplicates(body: object, expected: int) -> int:
    items = body.get("items") if isinstance(body, dict) else None
    well_formed = isinstance(items, list) and len(items) == expected
    if not well_formed or not all(isinstance(item, dict) for item in items):
        raise DeliveryError(
            f"tracking-service returned an unexpected body for {expected} changes"
        )
    return sum(1 for item in items if not item.get("aplicado"))


class Relay:
    """Moves outbox rows to tracking-service until the outbox is empty."""

    def __init__(self, settings: Settings, client: TrackingClient) -> None:
        self._client = client
        self._batch_size = max(1, min(settings.relay_batch_size, MAX_BATCH_SIZE))
        self._poll_interval = settings.relay_poll_interval
        self._backoff_base = settings.relay_backoff_base
        self._backoff_cap = settings.relay_backoff_cap
        self._wakeup = asyncio.Event()
        self._failed_passes = 0
        self._retries_released = False

    def wake(self) -> None:
        """Start a pass soon. Call it right after committing an outbox row."""
        self._wakeup.set()

    async def run(self) -> None:
        """Run passes until cancelled."""
        logger.info("relay started (batch %d)", self._batch_size)
        errors = 0
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self._poll_interval)
            self._wakeup.clear()
            try:
                await self.drain()
            except Exception as error:  # the database may be down: retry later
                errors += 1
                # Log the first failure and every 60th, not one line per pass.
                if errors == 1 or errors % 60 == 0:
                    logger.warning("relay pass failed (%d in a row): %r", errors, error)
                continue
            if errors:
                logger.info("relay passes succeed again after %d failures", errors)
                errors = 0

    async def drain(self) -> None:
        """Run passes while full batches of due rows are found."""
        while True:
            result = await self.run_pass()
            if result.failed:
                self._failed_passes += 1
                self._retries_released = False
                return
            if result.claimed and self._failed_passes and not self._retries_released:
                # tracking-service accepts changes again, so the rows still waiting
                # out their backoff go now rather than up to the cap later.
                self._retries_released = True
                released = await outbox.release_retries()
                logger.info(
                    "tracking-service is back; %d retries are due now", released
                )
                continue
            if result.claimed < self._batch_size:
                break
        if self._failed_passes and await outbox.pending_count() == 0:
            logger.info(
                "relay caught up: the outbox is empty after %d failed passes",
                self._failed_passes,
            )
            self._failed_passes = 0
            self._retries_released = False

    async def run_pass(self) -> PassResult:
        """Claim one batch of due rows and deliver it, all in one transaction."""
        async with in_transaction() as connection:
            rows = await outbox.claim_due(connection, limit=self._batch_size)
            if not rows:
                return PassResult(claimed=0, failed=False)
            try:
                duplicados = await self._client.send([row.payload for row in rows])
            except DeliveryError as error:
                if error.rejected and len(rows) > 1:
                    failed = await self._send_one_by_one(connection, rows)
                    return PassResult(claimed=len(rows), failed=failed)
                await self._retry_later(connection, rows, error)
                return PassResult(claimed=len(rows), failed=True)
            await outbox.complete(connection, rows, duplicados=duplicados)
        logger.debug("relay sent %d changes (%d duplicates)", len(rows), duplicados)
        return PassResult(claimed=len(rows), failed=False)

    async def _send_one_by_one(self, connection, rows: list[OutboxEntry]) -> bool:
        """Find the rows tracking-service rejects by sending each on its own."""
        failed = False
        for index, row in enumerate(rows):
            try:
                duplicados = await self._client.send([row.payload])
            except DeliveryError as error:
                failed = True
                if not error.rejected:
                    await self._retry_later(connection, rows[index:], error)
                    break
                await self._retry_later(connection, [row], error)
                continue
            await outbox.complete(connection, [row], duplicados=duplicados)
        return failed

    async def _retry_later(
        self, connection, rows: list[OutboxEntry], error: DeliveryError
    ) -> None:
        attempt = max(row.attempts for row in rows) + 1
        if error.rejected:
            delay = self._backoff_cap
            logger.error(
                "tracking-service rejected the change %s version %d (attempt %d), "
                "retrying in %.0f s: %s",
                rows[0].numero,
                rows[0].version,
                attempt,
                delay,
                error,
            )
        else:
            delay = self.backoff(attempt)
            logger.warning(
                "sending %d changes to tracking-service failed (attempt %d), "
                "retrying in %.1f s: %s",
                len(rows),
                attempt,
                delay,
                error,
            )
        await outbox.reschedule(connection, rows, delay=delay, error=str(error))

    def backoff(self, attempt: int) -> float:
        """Return a random delay in [0, min(cap, base * 2 ** (attempt - 1))]."""
        ceiling = min(self._backoff_cap, self._backoff_base * 2 ** min(attempt - 1, 32))
        return random.uniform(0, ceiling)  # noqa: S311 - jitter, not a secret
