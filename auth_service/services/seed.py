"""Start-up data: the demo administrator, the signing key and the demo customers."""

import logging
import uuid

from auth_service.config import Settings
from auth_service.models import Usuario
from auth_service.services.keys import ensure_signing_key
from auth_service.services.passwords import PasswordHasher
from auth_service.services.usuarios import normalize_email
from common.demo import DEMO_CLIENTES
from common.security import ROLE_ADMIN, ROLE_CLIENTE

logger = logging.getLogger(__name__)


async def seed(settings: Settings) -> None:
    """Ensure the signing key and the administrator; add demo customers when due.

    Runs under the migration lock, so concurrent starts never create two keys.
    """
    await ensure_signing_key()
    hasher = PasswordHasher(settings.bcrypt_rounds)
    await _ensure_admin(settings, hasher)
    if settings.demo_data:
        await _create_demo_clientes(hasher)


async def _ensure_admin(settings: Settings, hasher: PasswordHasher) -> None:
    email = normalize_email(settings.demo_admin_email)
    if await Usuario.filter(email=email).exists():
        return
    await Usuario.create(
        email=email,
        password_hash=hasher.hash_now(settings.demo_admin_password),
        roles=[ROLE_ADMIN],
    )
    logger.info("created administrator %s", email)


async def _create_demo_clientes(hasher: PasswordHasher) -> None:
    if await Usuario.filter(cliente_id__isnull=False).exists():
        return
    for demo in DEMO_CLIENTES:
        email = normalize_email(demo.email)
        if await Usuario.filter(email=email).exists():
            continue
        await Usuario.create(
            email=email,
            password_hash=hasher.hash_now(demo.password),
            roles=[ROLE_CLIENTE],
            cliente_id=uuid.UUID(demo.id),
        )
        logger.info("created demo customer login %s", email)
