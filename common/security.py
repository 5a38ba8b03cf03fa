"""Access token verification against auth-service's JWKS.

Keys are fetched with aiohttp (PyJWT's PyJWKClient would block the event loop with
urllib), cached by ``kid``, and fetched again when a token names an unknown ``kid``,
at most once per cooldown. Verified tokens are cached until they expire, so repeated
requests with one token skip the signature check but never the expiry check.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import aiohttp
import jwt

from common.errors import UnauthorizedError

logger = logging.getLogger(__name__)

ALGORITHM = "RS256"
ACCESS_TOKEN_TYPE = "at+jwt"
ROLE_ADMIN = "ROLE_ADMIN"
ROLE_CLIENTE = "ROLE_CLIENTE"


@dataclass(frozen=True)
class Principal:
    """The caller named by a verified access token."""

    subject: str
    roles: frozenset[str]
    scopes: frozenset[str]
    client_id: str
    cliente_id: str | None
    expires_at: float
    claims: dict = field(repr=False, compare=False, default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return ROLE_ADMIN in self.roles

    @property
    def is_cliente(self) -> bool:
        return ROLE_CLIENTE in self.roles and self.cliente_id is not None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class JwksCache:
    """Signing keys of auth-service by ``kid``, fetched without blocking."""

    def __init__(
        self,
        jwks_url: str,
        session: aiohttp.ClientSession,
        *,
        refetch_cooldown: float = 30.0,
    ) -> None:
        self._url = jwks_url
        self._session = session
        self._cooldown = refetch_cooldown
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> jwt.PyJWK | None:
        """Return the key for ``kid``, fetching the set again if it is unknown."""
        key = self._keys.get(kid)
        if key is not None:
            return key
        async with self._lock:
            if kid not in self._keys and self._may_refetch():
                await self._fetch()
        return self._keys.get(kid)

    def _may_refetch(self) -> bool:
        return time.monotonic() - self._fetched_at >= self._cooldown

    async def _fetch(self) -> None:
        self._fetched_at = time.monotonic()
        try:
            timeout = aiohttp.ClientTimeout(total=5)
            async with self._session.get(self._url, timeout=timeout) as response:
                response.raise_for_status()
                document = await response.json()
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            logger.warning("fetching JWKS from %s failed: %s", self._url, error)
            # Allow a retry soon: the cooldown protects auth-service from floods,
            # not from one failed start.
            self._fetched_at -= self._cooldown * 0.9
            return
        keys = {}
        for entry in document.get("keys", []):
            if entry.get("alg") != ALGORITHM or entry.get("use", "sig") != "sig":
                continue
            try:
                keys[entry["kid"]] = jwt.PyJWK.from_dict(entry, algorithm=ALGORITHM)
            except (KeyError, jwt.PyJWKError) as error:
                logger.warning("ignoring unusable JWKS entry: %s", error)
        self._keys = keys
        logger.info("loaded %d signing keys from %s", len(keys), self._url)


class TokenVerifier:
    """Verify RS256 access tokens: signature, ``iss``, ``aud``, ``exp``, type."""

    def __init__(
        self,
        jwks: JwksCache,
        *,
        issuer: str,
        audience: str,
        cache_size: int = 10_000,
    ) -> None:
        self._jwks = jwks
        self._issuer = issuer
        self._audience = audience
        self._cache: OrderedDict[str, Principal] = OrderedDict()
        self._cache_size = cache_size

    async def verify(self, token: str) -> Principal:
        """Return the token's principal, or raise 401."""
        cached = self._cache.get(token)
        if cached is not None:
            if cached.expires_at > time.time():
                self._cache.move_to_end(token)
                return cached
            del self._cache[token]
            raise UnauthorizedError("The access token has expired.")
        principal = await self._verify_signed(token)
        self._remember(token, principal)
        return principal

    async def _verify_signed(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise UnauthorizedError("The access token is malformed.") from None
        if header.get("alg") != ALGORITHM:
            raise UnauthorizedError("The access token uses an unaccepted algorithm.")
        if header.get("typ", "").lower() != ACCESS_TOKEN_TYPE:
            raise UnauthorizedError("The token is not an access token.")
        kid = header.get("kid")
        key = await self._jwks.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise UnauthorizedError("The access token is signed with an unknown key.")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]},
            )
        except jwt.ExpiredSignatureError:
            raise UnauthorizedError("The access token has expired.") from None
        except jwt.InvalidTokenError as error:
            raise UnauthorizedError(f"The access token is invalid: {error}.") from None
        return _principal_from(claims)

    def _remember(self, token: str, principal: Principal) -> None:
        self._cache[token] = principal
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def _principal_from(claims: dict) -> Principal:
    roles = claims.get("roles", [])
    scope = claims.get("scope", "")
    if not isinstance(roles, list) or not isinstance(scope, str):
        raise UnauthorizedError("The access token has malformed claims.")
    cliente_id = claims.get("cliente_id")
    return Principal(
        subject=str(claims["sub"]),
        roles=frozenset(str(role) for role in roles),
        scopes=frozenset(scope.split()),
        client_id=str(claims.get("client_id", "")),
        cliente_id=str(cliente_id) if cliente_id is not None else None,
        expires_at=float(claims["exp"]),
        claims=claims,
    )
