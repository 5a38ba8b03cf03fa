"""Failed-login throttling per account, against password guessing.

The gateway limits token requests per client address, but bcrypt makes a login so
slow that one client never reaches that limit. This counts failed password logins
per email (known or not, so the response reveals nothing) and rejects further
attempts for that email until the oldest failure leaves the window.
"""

import time
from collections import OrderedDict, deque

# NOTE: the counts live in each process, so with several workers or replicas an
# attacker gets this many attempts per process. A shared store (PostgreSQL or
# Redis) would make the limit global.
MAX_FAILURES = 10
WINDOW_SECONDS = 900.0
MAX_TRACKED_EMAILS = 100_000


class LoginThrottle:
    """Recent failed logins by email, bounded in size."""

    def __init__(
        self,
        *,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        max_entries: int = MAX_TRACKED_EMAILS,
    ) -> None:
        self._max_failures = max_failures
        self._window = window
        self._max_entries = max_entries
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, email: str) -> int | None:
        """Return the seconds until ``email`` may try again, or None if it may now."""
        failures = self._recent(email)
        if failures is None or len(failures) < self._max_failures:
            return None
        return max(int(failures[0] + self._window - time.monotonic()) + 1, 1)

    def record_failure(self, email: str) -> None:
        failures = self._recent(email)
        if failures is None:
            failures = deque(maxlen=self._max_failures)
            self._failures[email] = failures
        failures.append(time.monotonic())
        self._failures.move_to_end(email)
        if len(self._failures) > self._max_entries:
            self._failures.popitem(last=False)

    def reset(self, email: str) -> None:
        self._failures.pop(email, None)

    def _recent(self, email: str) -> deque[float] | None:
        failures = self._failures.get(email)
        if failures is None:
            return None
        horizon = time.monotonic() - self._window
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[email]
            return None
        return failures
