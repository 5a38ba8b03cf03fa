"""RS256 signing keys: creation, rotation, and the per-worker cache that signs
access tokens and publishes the JWKS."""

import asyncio
import json
import logging
import secrets
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from tortoise.expressions import Q

from auth_service.models import SigningKey
from common.security import ALGORITHM

logger = logging.getLogger(__name__)

KEY_SIZE = 2048
# Reload keys from the database at most this often, so that a rotation made by
# another worker or replica is picked up without a restart.
RELOAD_INTERVAL = 60.0
# An unknown kid triggers a reload, but at most this often, so that forged kids
# cannot turn every request into a database query.
UNKNOWN_KID_COOLDOWN = 5.0
# A retired key stays published this long after the access token lifetime, to
# cover clock differences between services.
PUBLISH_MARGIN = timedelta(seconds=60)


def _new_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


async def create_signing_key() -> SigningKey:
    """Generate and store a new RS256 key with a random ``kid``."""
    pem = await asyncio.get_running_loop().run_in_executor(None, _new_private_pem)
    key = await SigningKey.create(kid=secrets.token_urlsafe(16), private_pem=pem)
    logger.info("created signing key %s", key.kid)
    return key


async def ensure_signing_key() -> None:
    """Create a signing key when none is active (first start of a database)."""
    if not await SigningKey.filter(retired_at__isnull=True).exists():
        await create_signing_key()


async def rotate_signing_key() -> SigningKey:
    """Create a new signing key and retire the older ones.

    Retired keys stay in the JWKS until tokens they signed have expired.
    """
    key = await create_signing_key()
    retired = await SigningKey.filter(retired_at__isnull=True).exclude(kid=key.kid)
    now = datetime.now(UTC)
    for old in retired:
        old.retired_at = now
        await old.save(update_fields=["retired_at"])
        logger.info("retired signing key %s", old.kid)
    return key


@dataclass(frozen=True)
class LoadedKey:
    kid: str
    private_key: rsa.RSAPrivateKey
    public_jwk: dict
    verify_key: jwt.PyJWK
    created_at: datetime
    active: bool


def _load(row: SigningKey) -> LoadedKey:
    private_key = serialization.load_pem_private_key(
        row.private_pem.encode("ascii"), password=None
    )
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise ValueError(f"signing key {row.kid} is not an RSA key")
    public_jwk = json.loads(RSAAlgorithm.to_jwk(private_key.public_key()))
    # RFC 7517 4.3: "use" and "key_ops" should not appear together; "use" is the
    # member verifiers read.
    public_jwk.pop("key_ops", None)
    public_jwk.update({"kid": row.kid, "alg": ALGORITHM, "use": "sig"})
    return LoadedKey(
        kid=row.kid,
        private_key=private_key,
        public_jwk=public_jwk,
        verify_key=jwt.PyJWK.from_dict(public_jwk, algorithm=ALGORITHM),
        created_at=row.created_at,
        active=row.retired_at is None,
    )


class KeyRing:
    """The published signing keys of this worker, reloaded from the database.

    ``get(kid)`` has the shape of ``common.security.JwksCache.get``, so the shared
    ``TokenVerifier`` can check tokens against these keys without an HTTP call.
    """

    def __init__(self, *, access_token_ttl: int) -> None:
        self._publish_window = timedelta(seconds=access_token_ttl) + PUBLISH_MARGIN
        self._keys: dict[str, LoadedKey] = {}
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    async def load(self) -> None:
        """Read every published key from the database."""
        async with self._lock:
            since = datetime.now(UTC) - self._publish_window
            rows = await SigningKey.filter(
                Q(retired_at__isnull=True) | Q(retired_at__gt=since)
            )
            loaded = {}
            for row in rows:
                if row.kid not in self._keys:
                    loaded[row.kid] = _load(row)
                else:
                    loaded[row.kid] = self._replace_state(self._keys[row.kid], row)
            self._keys = loaded
            self._loaded_at = time.monotonic()

    @staticmethod
    def _replace_state(key: LoadedKey, row: SigningKey) -> LoadedKey:
        if key.active == (row.retired_at is None):
            return key
        return replace(key, active=row.retired_at is None)

    async def _refresh_if_due(self, interval: float) -> None:
        if time.monotonic() - self._loaded_at >= interval:
            await self.load()

    async def signing_key(self) -> LoadedKey:
        """Return the newest active key."""
        await self._refresh_if_due(RELOAD_INTERVAL)
        active = [key for key in self._keys.values() if key.active]
        if not active:
            await self.load()
            active = [key for key in self._keys.values() if key.active]
        if not active:
            raise RuntimeError("no active signing key in the database")
        return max(active, key=lambda key: key.created_at)

    async def jwks(self) -> dict:
        """Return the JWKS document of every published key."""
        await self._refresh_if_due(RELOAD_INTERVAL)
        return {"keys": [key.public_jwk for key in self._keys.values()]}

    async def get(self, kid: str) -> jwt.PyJWK | None:
        """Return the verification key for ``kid``, or None if it is not published."""
        await self._refresh_if_due(RELOAD_INTERVAL)
        if kid not in self._keys:
            await self._refresh_if_due(UNKNOWN_KID_COOLDOWN)
        key = self._keys.get(kid)
        return key.verify_key if key is not None else None
