"""Customer profiles: sign-up, reads, updates and deactivation.

A profile here and a login in auth-service belong together. A change that touches
both keeps the profile's database transaction open while auth-service is called,
and commits only after auth-service succeeded. When the commit then fails, a
compensating call undoes the change in auth-service.
"""

import logging
from uuid import UUID, uuid4

import asyncpg
from tortoise.exceptions import BaseORMException, IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from cliente_service.models import Cliente
from cliente_service.schemas import ClienteCreate, ClienteListQuery
from cliente_service.services.usuarios import LoginServiceError, UsuariosClient
from common.demo import DEMO_CLIENTES
from common.errors import ConflictError, NotFoundError, ServiceUnavailableError

logger = logging.getLogger(__name__)

EMAIL_TAKEN = "A customer with this email already exists."

# Errors that a failed COMMIT raises. Tortoise does not translate asyncpg's errors
# there, so both families are listed.
_COMMIT_ERRORS = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    BaseORMException,
    OSError,
)
_UNIQUE_ERRORS = (asyncpg.UniqueViolationError, IntegrityError)


class DatabaseUnavailableError(ServiceUnavailableError):
    def __init__(self) -> None:
        super().__init__("The customer database is not available. Try again later.")


async def create_cliente(*, data: ClienteCreate, usuarios: UsuariosClient) -> Cliente:
    """Create a profile and its login in auth-service: both, or neither.

    Raises 409 when either service has the email and 503 when auth-service or the
    database fails. After such a failure, a login created for this sign-up is
    removed again.
    """
    cliente_id = uuid4()
    login_created = False
    try:
        async with in_transaction():
            if await Cliente.filter(email=data.email).exists():
                raise ConflictError(EMAIL_TAKEN)
            cliente = await Cliente.create(
                id=cliente_id,
                **data.model_dump(include={"nombre", "email", "telefono", "direccion"}),
            )
            await usuarios.create_login(
                cliente_id=cliente_id, email=data.email, password=data.password
            )
            login_created = True
            # NOTE: if this process dies between here and the end of the COMMIT,
            # PostgreSQL rolls the profile back and no compensation runs, so the
            # login stays without a profile. Closing that gap needs a durable record
            # of sign-ups in progress and a job that reconciles them.
    except LoginServiceError as error:
        if error.maybe_applied:
            # auth-service may have created the login before the response was
            # lost, so remove whatever exists under this new id.
            await _discard_login(usuarios, cliente_id)
        raise
    except _COMMIT_ERRORS as error:
        if not login_created:
            raise
        return await _resolve_failed_commit(cliente, error, usuarios)
    logger.info("cliente %s created", cliente_id)
    return cliente


async def _resolve_failed_commit(
    cliente: Cliente, error: Exception, usuarios: UsuariosClient
) -> Cliente:
    """Finish a sign-up whose COMMIT failed after auth-service created the login."""
    logger.warning("commit of cliente %s failed: %r", cliente.id, error)
    if not isinstance(error, _UNIQUE_ERRORS) and await _profile_exists(cliente.id):
        # The server applied the COMMIT but the connection broke before it
        # acknowledged it: the sign-up is complete.
        logger.info("cliente %s created (commit confirmed after an error)", cliente.id)
        return cliente
    await _discard_login(usuarios, cliente.id)
    if isinstance(error, _UNIQUE_ERRORS):
        raise ConflictError(EMAIL_TAKEN) from None
    raise DatabaseUnavailableError() from error


async def _profile_exists(cliente_id: UUID) -> bool:
    try:
        return await Cliente.filter(id=cliente_id).exists()
    except _COMMIT_ERRORS as error:
        # Most failed commits were not applied, so an unknown outcome counts as
        # not saved. If it was saved, the profile is left without a login.
        logger.error(
            "could not check whether cliente %s was saved (%r). If it was, it now "
            "has no login and cannot log in",
            cliente_id,
            error,
        )
        return False


async def _discard_login(usuarios: UsuariosClient, cliente_id: UUID) -> None:
    try:
        await usuarios.delete_login(cliente_id=cliente_id)
    except LoginServiceError:
        # NOTE: this leaves a login without a profile when auth-service created it
        # and then became unreachable. The login keeps the email taken, so a new
        # sign-up with that email gets 409 until an operator removes the login.
        logger.error(
            "could not remove the login of cliente %s from auth-service, so it has "
            "no profile. Remove it with DELETE /internal/usuarios/cliente/%s",
            cliente_id,
            cliente_id,
        )
    else:
        logger.info(
            "removed the login of cliente %s after a failed sign-up", cliente_id
        )


async def get_cliente(*, cliente_id: UUID) -> Cliente:
    """Return the profile ``cliente_id``, or raise 404."""
    cliente = await Cliente.get_or_none(id=cliente_id)
    if cliente is None:
        raise NotFoundError("No customer exists with this id.")
    return cliente


async def list_clientes(*, query: ClienteListQuery) -> tuple[list[Cliente], int]:
    """Return one page of profiles, newest first, and the total that match."""
    clientes = Cliente.all()
    if query.q:
        clientes = clientes.filter(
            Q(nombre__icontains=query.q) | Q(email__icontains=query.q)
        )
    if query.activo is not None:
        clientes = clientes.filter(activo=query.activo)
    total = await clientes.count()
    items = await clientes.offset(query.offset).limit(query.size)
    return items, total


async def update_cliente(
    *, cliente_id: UUID, changes: dict, usuarios: UsuariosClient
) -> Cliente:
    """Apply ``changes`` to a profile. A change of ``activo`` reaches the login too.

    auth-service is updated first, inside the profile's transaction, so a failure
    there (503) leaves both unchanged. The row lock keeps concurrent updates of one
    customer in the same order in both services.
    """
    reached_commit = False
    try:
        async with in_transaction():
            cliente = await Cliente.select_for_update().get_or_none(id=cliente_id)
            if cliente is None:
                raise NotFoundError("No customer exists with this id.")
            previous_activo = cliente.activo
            if changes:
                await cliente.update_from_dict(changes).save()
            if "activo" in changes:
                await usuarios.set_activo(cliente_id=cliente_id, activo=cliente.activo)
            reached_commit = True
    except LoginServiceError as error:
        if error.maybe_applied and cliente.activo != previous_activo:
            # auth-service may have applied the change before the response was lost.
            await _restore_login(usuarios, cliente_id, activo=previous_activo)
        raise
    except _COMMIT_ERRORS as error:
        if not reached_commit:
            raise
        logger.warning("commit of cliente %s failed: %r", cliente_id, error)
        if cliente.activo != previous_activo:
            await _restore_login(usuarios, cliente_id, activo=previous_activo)
        raise DatabaseUnavailableError() from error
    if cliente.activo != previous_activo:
        logger.info("cliente %s set to activo=%s", cliente_id, cliente.activo)
    return cliente


async def _restore_login(usuarios: UsuariosClient, cliente_id: UUID, *, activo: bool):
    try:
        await usuarios.set_activo(cliente_id=cliente_id, activo=activo)
    except LoginServiceError:
        logger.error(
            "could not set the login of cliente %s back to activo=%s, so the login "
            "and the profile disagree. Repeat the change to align them",
            cliente_id,
            activo,
        )


async def seed_demo_clientes() -> None:
    """Insert the demo profiles with their fixed ids into an empty table."""
    if await Cliente.all().exists():
        return
    await Cliente.bulk_create(
        Cliente(
            id=UUID(demo.id),
            nombre=demo.nombre,
            email=demo.email.lower(),
            telefono=demo.telefono,
            direccion=demo.direccion,
        )
        for demo in DEMO_CLIENTES
    )
    logger.info("loaded %d demo customers", len(DEMO_CLIENTES))
