"""bcrypt hashing in a worker thread, so that a login does not block the event loop."""

import asyncio

import bcrypt

# bcrypt only reads the first 72 bytes of a password; bcrypt 5 raises ValueError
# for longer input, so callers reject such passwords before hashing.
MAX_PASSWORD_BYTES = 72
MIN_PASSWORD_BYTES = 8


def password_fits(password: str) -> bool:
    """Return whether bcrypt can hash ``password`` without truncating it."""
    return len(password.encode("utf-8")) <= MAX_PASSWORD_BYTES


class PasswordHasher:
    """Hash and check passwords with bcrypt at a fixed cost, off the event loop."""

    def __init__(self, rounds: int) -> None:
        self._rounds = rounds
        self._dummy_hash: bytes | None = None

    def hash_now(self, password: str) -> str:
        """Hash ``password`` in the calling thread (for start-up code)."""
        salt = bcrypt.gensalt(rounds=self._rounds)
        return bcrypt.hashpw(password.encode("utf-8"), salt).decode("ascii")

    async def hash(self, password: str) -> str:
        """Hash ``password`` in the event loop's default thread pool."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.hash_now, password)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """Check ``password`` against ``password_hash``.

        Without a hash (unknown user) or with a password bcrypt cannot take, the
        password is checked against a dummy hash of the same cost, so the request
        takes about as long as a real check and does not reveal which case it was.
        """
        loop = asyncio.get_running_loop()
        if password_hash is None or not password_fits(password):
            expected = await self._dummy()
            candidate = password.encode("utf-8")[:MAX_PASSWORD_BYTES]
            await loop.run_in_executor(None, bcrypt.checkpw, candidate, expected)
            return False
        return await loop.run_in_executor(
            None, bcrypt.checkpw, password.encode("utf-8"), password_hash.encode()
        )

    async def _dummy(self) -> bytes:
        if self._dummy_hash is None:
            hashed = await self.hash("dummy password for unknown accounts")
            self._dummy_hash = hashed.encode("ascii")
        return self._dummy_hash
