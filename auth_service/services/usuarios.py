"""User accounts: log-in checks and the customer logins managed by cliente-service."""

import logging
import uuid

from tortoise.exceptions import IntegrityError

from auth_service.models import Usuario
from auth_service.services.passwords import PasswordHasher
from auth_service.services.refresh_tokens import revoke_user_tokens
from common.errors import ConflictError, NotFoundError
from common.security import ROLE_CLIENTE

logger = logging.getLogger(__name__)


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def authenticate(
    *, email: str, password: str, hasher: PasswordHasher
) -> Usuario | None:
    """Return the active user with this email and password, else None.

    An unknown email costs one bcrypt check like a wrong password does.
    """
    usuario = await Usuario.filter(email=normalize_email(email)).first()
    password_hash = usuario.password_hash if usuario is not None else None
    if not await hasher.verify(password, password_hash):
        return None
    if usuario is None or not usuario.activo:
        return None
    return usuario


async def get_usuario(usuario_id: str) -> Usuario | None:
    try:
        return await Usuario.filter(id=uuid.UUID(usuario_id)).first()
    except ValueError:
        return None


async def create_cliente_usuario(
    *, email: str, password: str, cliente_id: uuid.UUID, hasher: PasswordHasher
) -> Usuario:
    """Create the login of a customer; 409 when the email or cliente is taken."""
    email = normalize_email(email)
    if await Usuario.filter(email=email).exists():
        raise ConflictError("An account with this email already exists.")
    if await Usuario.filter(cliente_id=cliente_id).exists():
        raise ConflictError("This cliente already has an account.")
    password_hash = await hasher.hash(password)
    try:
        usuario = await Usuario.create(
            email=email,
            password_hash=password_hash,
            roles=[ROLE_CLIENTE],
            cliente_id=cliente_id,
        )
    except IntegrityError:
        # A concurrent request took the email or the cliente id first.
        raise ConflictError("An account with this email already exists.") from None
    logger.info("created login %s for cliente %s", usuario.id, cliente_id)
    return usuario


async def set_cliente_activo(*, cliente_id: uuid.UUID, activo: bool) -> Usuario:
    """Activate or deactivate a customer login; deactivating ends its sessions."""
    usuario = await Usuario.filter(cliente_id=cliente_id).first()
    if usuario is None:
        raise NotFoundError("No account exists for this cliente.")
    if usuario.activo != activo:
        usuario.activo = activo
        await usuario.save(update_fields=["activo", "actualizado_en"])
    if not activo:
        revoked = await revoke_user_tokens(usuario)
        logger.info(
            "deactivated login of cliente %s, revoked %d refresh tokens",
            cliente_id,
            revoked,
        )
    else:
        logger.info("activated login of cliente %s", cliente_id)
    return usuario


async def delete_cliente_usuario(*, cliente_id: uuid.UUID) -> None:
    """Delete the login of a customer, if there is one."""
    deleted = await Usuario.filter(cliente_id=cliente_id).delete()
    if deleted:
        logger.info("deleted login of cliente %s", cliente_id)
