"""Business steps on orders: create, read, list, edit and change state.

Each change locks the order row (``SELECT ... FOR UPDATE``), so concurrent changes
to one order are serialized and each gets its own version, history entry and
outbox row, all committed in one transaction.
"""

import logging
import secrets
from collections.abc import Callable

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from common.errors import ConflictError, NotFoundError
from common.security import Principal
from pedido_service.models import Estado, HistorialPedido, Pedido, utc_now
from pedido_service.schemas import PedidoListQuery
from pedido_service.services import estados
from pedido_service.services.outbox import record_change

logger = logging.getLogger(__name__)

BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
NUMERO_PREFIX = "PED-"
NUMERO_LENGTH = 10
NUMERO_ATTEMPTS = 3

# Applies an edit to a locked order and returns the history detail, or raises 409.
Edit = Callable[[Pedido], str | None]


def new_numero() -> str:
    """Return a random order number: ``PED-`` and ten base32 characters (50 bits)."""
    chars = (secrets.choice(BASE32_ALPHABET) for _ in range(NUMERO_LENGTH))
    return NUMERO_PREFIX + "".join(chars)


def is_numero(value: str) -> bool:
    body = value.removeprefix(NUMERO_PREFIX)
    return (
        value.startswith(NUMERO_PREFIX)
        and len(body) == NUMERO_LENGTH
        and all(char in BASE32_ALPHABET for char in body)
    )


def actor(principal: Principal) -> str:
    """Return who made a change, as stored in the history: ``admin:<sub>`` or
    ``cliente:<cliente_id>``."""
    if principal.is_admin:
        return f"admin:{principal.subject}"
    return f"cliente:{principal.cliente_id}"


def _visible(pedido: Pedido | None, principal: Principal | None) -> bool:
    """Tell whether ``principal`` may see the order. ``None`` is the service itself."""
    if pedido is None:
        return False
    if principal is None or principal.is_admin:
        return True
    return pedido.cliente_id == principal.cliente_id


async def create_pedido(
    *,
    cliente_id: str,
    producto: str,
    cantidad: int,
    direccion_entrega: str,
    por: str,
    estado: Estado = Estado.CREADO,
) -> Pedido:
    """Insert an order in ``CREADO`` at version 1, with its history and outbox row."""
    for attempt in range(1, NUMERO_ATTEMPTS + 1):
        now = utc_now()
        try:
            async with in_transaction() as connection:
                pedido = await Pedido.create(
                    numero=new_numero(),
                    cliente_id=cliente_id,
                    producto=producto,
                    cantidad=cantidad,
                    direccion_entrega=direccion_entrega,
                    estado=estado,
                    version=1,
                    creado_en=now,
                    actualizado_en=now,
                    using_db=connection,
                )
                await record_change(
                    pedido, por=por, detalle="creado", connection=connection
                )
        except IntegrityError:
            # Two equal random numbers are unlikely (50 bits) but not impossible.
            if attempt == NUMERO_ATTEMPTS:
                raise
            logger.warning("order number collision, drawing a new number")
            continue
        logger.info(
            "order %s created for cliente %s by %s", pedido.numero, cliente_id, por
        )
        return pedido
    raise AssertionError("unreachable")


async def get_pedido(*, numero: str, principal: Principal) -> Pedido:
    """Return the order, or raise 404 when it is missing or not the caller's."""
    pedido = await Pedido.get_or_none(numero=numero) if is_numero(numero) else None
    if not _visible(pedido, principal):
        raise NotFoundError(f"Order {numero} was not found.")
    return pedido


async def list_pedidos(
    *, principal: Principal, query: PedidoListQuery
) -> tuple[list[Pedido], int]:
    """Return one page of orders, newest first, and the total that match."""
    queryset = Pedido.all()
    if not principal.is_admin:
        queryset = queryset.filter(cliente_id=principal.cliente_id)
    elif query.cliente_id is not None:
        queryset = queryset.filter(cliente_id=query.cliente_id)
    if query.estado is not None:
        queryset = queryset.filter(estado=query.estado)
    if query.activos is True:
        queryset = queryset.filter(estado__in=list(estados.ACTIVOS))
    elif query.activos is False:
        queryset = queryset.filter(estado__in=list(estados.FINALES))
    total = await queryset.count()
    items = (
        await queryset.order_by("-creado_en", "-id")
        .offset(query.offset)
        .limit(query.size)
    )
    return items, total


async def list_historial(*, numero: str, principal: Principal) -> list[HistorialPedido]:
    pedido = await get_pedido(numero=numero, principal=principal)
    return await HistorialPedido.filter(pedido_id=pedido.id).order_by("version", "id")


async def change_pedido(
    *,
    numero: str,
    edit: Edit,
    por: str,
    principal: Principal | None,
    expected_version: int | None = None,
) -> Pedido:
    """Apply ``edit`` to the locked order, then bump its version and record it.

    ``principal`` is the caller whose access is checked (404 for another
    customer's order). ``None`` skips the check for the service's own changes.
    """
    if not is_numero(numero):
        raise NotFoundError(f"Order {numero} was not found.")
    async with in_transaction() as connection:
        pedido = (
            await Pedido.filter(numero=numero)
            .select_for_update()
            .using_db(connection)
            .first()
        )
        if not _visible(pedido, principal):
            raise NotFoundError(f"Order {numero} was not found.")
        if expected_version is not None and expected_version != pedido.version:
            raise ConflictError(
                f"Order {numero} is at version {pedido.version}, not "
                f"{expected_version}. Reload it and try again."
            )
        detalle = edit(pedido)
        pedido.version += 1
        pedido.actualizado_en = utc_now()
        await pedido.save(using_db=connection)
        await record_change(pedido, por=por, detalle=detalle, connection=connection)
    return pedido


def set_estado(destino: Estado) -> Edit:
    """Return an edit that moves an order to ``destino``, or raises 409."""

    def apply(pedido: Pedido) -> str | None:
        if not estados.can_change(pedido.estado, destino):
            raise ConflictError(
                f"Order {pedido.numero} cannot change from {pedido.estado} "
                f"to {destino}."
            )
        logger.info("order %s: %s -> %s", pedido.numero, pedido.estado, destino)
        pedido.estado = destino
        return None

    return apply


def set_fields(cambios: dict[str, object]) -> Edit:
    """Return an edit that sets product, quantity or address while editable."""

    def apply(pedido: Pedido) -> str | None:
        if pedido.estado not in estados.EDITABLES:
            raise ConflictError(
                f"Order {pedido.numero} is {pedido.estado}, and it can be edited only "
                "while CREADO or CONFIRMADO."
            )
        for name, value in cambios.items():
            setattr(pedido, name, value)
        logger.info("order %s: edited %s", pedido.numero, ", ".join(cambios))
        return "modificado: " + ", ".join(cambios)

    return apply
