"""Access tokens: RS256 JWTs with a ``kid`` and the ``at+jwt`` type (RFC 9068)."""

import time
import uuid
from dataclasses import dataclass

import jwt

from auth_service.services.keys import KeyRing
from common.security import ACCESS_TOKEN_TYPE, ALGORITHM


@dataclass(frozen=True)
class TokenSettings:
    issuer: str
    audience: str
    ttl: int


@dataclass(frozen=True)
class Subject:
    """Whom an access token names: a user or a service client."""

    sub: str
    client_id: str
    scopes: frozenset[str]
    roles: tuple[str, ...] = ()
    cliente_id: str | None = None


async def issue_access_token(
    *, keyring: KeyRing, settings: TokenSettings, subject: Subject
) -> str:
    """Sign an access token for ``subject`` with the newest active key."""
    key = await keyring.signing_key()
    now = int(time.time())
    claims = {
        "iss": settings.issuer,
        "sub": subject.sub,
        "aud": settings.audience,
        "iat": now,
        "exp": now + settings.ttl,
        "jti": uuid.uuid4().hex,
        "client_id": subject.client_id,
        "scope": " ".join(sorted(subject.scopes)),
        "roles": list(subject.roles),
    }
    if subject.cliente_id is not None:
        claims["cliente_id"] = subject.cliente_id
    headers = {"kid": key.kid, "typ": ACCESS_TOKEN_TYPE}
    return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers=headers)
