"""Refresh tokens: opaque random values, stored as SHA-256 hashes, rotated on use.

Each refresh marks the presented token used and issues a new one in the same
family. Presenting a used or revoked token means it was copied, so the whole
family is revoked and the newest token of the family stops working too.
"""

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from auth_service.models import RefreshToken, Usuario

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32


class RefreshTokenRejected(Exception):
    """The refresh token is unknown, expired, revoked, reused or not the client's."""


@dataclass(frozen=True)
class Rotation:
    usuario: Usuario
    scope: str
    token: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def issue_refresh_token(
    *,
    usuario: Usuario,
    client_id: str,
    scope: str,
    ttl: int,
    family_id: uuid.UUID | None = None,
) -> str:
    """Store a new refresh token and return its value."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    await RefreshToken.create(
        token_hash=hash_token(token),
        family_id=family_id or uuid.uuid4(),
        usuario=usuario,
        client_id=client_id,
        scope=scope,
        expires_at=datetime.now(UTC) + timedelta(seconds=ttl),
    )
    return token


async def rotate_refresh_token(*, token: str, client_id: str, ttl: int) -> Rotation:
    """Replace ``token`` by a new token of its family.

    Raises RefreshTokenRejected; a reused token revokes its family first.
    """
    now = datetime.now(UTC)
    reused_family = None
    async with in_transaction():
        # The row lock makes concurrent refreshes with one token run one after the
        # other, so the second one finds the token already used.
        stored = (
            await RefreshToken.filter(token_hash=hash_token(token))
            .select_for_update()
            .first()
        )
        if stored is None or stored.client_id != client_id:
            raise RefreshTokenRejected("unknown refresh token")
        await stored.fetch_related("usuario")
        if stored.used_at is not None or stored.revoked_at is not None:
            reused_family = stored.family_id
            await _revoke_family(stored.family_id, now)
        elif stored.expires_at <= now:
            raise RefreshTokenRejected("expired refresh token")
        elif not stored.usuario.activo:
            raise RefreshTokenRejected("inactive user")
        else:
            stored.used_at = now
            await stored.save(update_fields=["used_at"])
            new_token = await issue_refresh_token(
                usuario=stored.usuario,
                client_id=client_id,
                scope=stored.scope,
                ttl=ttl,
                family_id=stored.family_id,
            )
    if reused_family is not None:
        # Committed above: the revocation must outlive this rejection.
        logger.warning("refresh token reused; revoked token family %s", reused_family)
        raise RefreshTokenRejected("reused refresh token")
    return Rotation(usuario=stored.usuario, scope=stored.scope, token=new_token)


async def revoke_refresh_token(*, token: str, client_id: str) -> bool:
    """Revoke the family of ``token`` if it belongs to ``client_id``."""
    stored = await RefreshToken.filter(token_hash=hash_token(token)).first()
    if stored is None or stored.client_id != client_id:
        return False
    await _revoke_family(stored.family_id, datetime.now(UTC))
    logger.info("revoked token family %s", stored.family_id)
    return True


async def revoke_user_tokens(usuario: Usuario) -> int:
    """Revoke every refresh token of ``usuario``; return how many were live."""
    return await RefreshToken.filter(usuario=usuario, revoked_at__isnull=True).update(
        revoked_at=datetime.now(UTC)
    )


async def _revoke_family(family_id: uuid.UUID, now: datetime) -> None:
    await RefreshToken.filter(family_id=family_id, revoked_at__isnull=True).update(
        revoked_at=now
    )
