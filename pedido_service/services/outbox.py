"""The outbox: rows written with each order change, claimed and settled by the relay.

A row contains the full tracking payload of one order version, so that delivering any
row on its own brings tracking-service to that version.
"""

from datetime import UTC, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from pedido_service.models import (
    HistorialPedido,
    OutboxEntry,
    Pedido,
    RelayCounters,
    utc_now,
)
from pedido_service.schemas import SincronizacionOut

COUNTERS_ID = 1
MAX_ERROR_LENGTH = 500


def tracking_payload(pedido: Pedido) -> dict:
    """Return the body that tracking-service applies for this order version."""
    return {
        "numero": pedido.numero,
        "cliente_id": pedido.cliente_id,
        "estado": str(pedido.estado),
        "version": pedido.version,
        "actualizado_en": pedido.actualizado_en.astimezone(UTC).isoformat(),
    }


def new_entry(pedido: Pedido, now: datetime) -> OutboxEntry:
    return OutboxEntry(
        numero=pedido.numero,
        version=pedido.version,
        payload=tracking_payload(pedido),
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


async def record_change(
    pedido: Pedido,
    *,
    por: str,
    detalle: str | None,
    connection: BaseDBAsyncClient,
) -> None:
    """Append the history entry and the outbox row of the order's current version.

    Call it inside the transaction that saved ``pedido``, so that the change, its
    history and its replication commit or roll back together.
    """
    await HistorialPedido.create(
        pedido=pedido,
        estado=pedido.estado,
        version=pedido.version,
        en=pedido.actualizado_en,
        por=por,
        detalle=detalle,
        using_db=connection,
    )
    await new_entry(pedido, pedido.actualizado_en).save(using_db=connection)


async def ensure_counters() -> None:
    await RelayCounters.get_or_create(id=COUNTERS_ID)


async def enqueue_all(*, batch_size: int = 500, on_batch=None) -> int:
    """Write one outbox row per order with its current state and return the count.

    Orders are read in primary-key pages, and each page is inserted with one
    statement, so a large table never becomes one long transaction.
    """
    last_id = 0
    total = 0
    while True:
        pedidos = await Pedido.filter(id__gt=last_id).order_by("id").limit(batch_size)
        if not pedidos:
            return total
        now = utc_now()
        await OutboxEntry.bulk_create([new_entry(pedido, now) for pedido in pedidos])
        total += len(pedidos)
        last_id = pedidos[-1].id
        if on_batch is not None:
            on_batch()


async def claim_due(connection: BaseDBAsyncClient, *, limit: int) -> list[OutboxEntry]:
    """Lock up to ``limit`` due rows, oldest first, skipping rows other relays hold."""
    return (
        await OutboxEntry.filter(next_attempt_at__lte=utc_now())
        .order_by("id")
        .limit(limit)
        .select_for_update(skip_locked=True)
        .using_db(connection)
    )


async def complete(
    connection: BaseDBAsyncClient, rows: list[OutboxEntry], *, duplicados: int
) -> None:
    """Delete delivered rows and add them to the counters."""
    await (
        OutboxEntry.filter(id__in=[row.id for row in rows])
        .using_db(connection)
        .delete()
    )
    await (
        RelayCounters.filter(id=COUNTERS_ID)
        .using_db(connection)
        .update(
            enviados_total=F("enviados_total") + len(rows),
            duplicados_total=F("duplicados_total") + duplicados,
            ultimo_envio_en=utc_now(),
        )
    )


async def reschedule(
    connection: BaseDBAsyncClient,
    rows: list[OutboxEntry],
    *,
    delay: float,
    error: str,
) -> None:
    """Count one more failed attempt on ``rows`` and retry them after ``delay``."""
    now = utc_now()
    error = error[:MAX_ERROR_LENGTH]
    await (
        OutboxEntry.filter(id__in=[row.id for row in rows])
        .using_db(connection)
        .update(
            attempts=F("attempts") + 1,
            next_attempt_at=now + timedelta(seconds=delay),
            last_error=error,
        )
    )
    await (
        RelayCounters.filter(id=COUNTERS_ID)
        .using_db(connection)
        .update(
            reintentos_total=F("reintentos_total") + len(rows),
            ultimo_error=error,
            ultimo_error_en=now,
        )
    )


async def release_retries() -> int:
    """Make every row that waits out a backoff due now; return how many were."""
    now = utc_now()
    return await OutboxEntry.filter(next_attempt_at__gt=now).update(next_attempt_at=now)


async def pending_count() -> int:
    return await OutboxEntry.all().count()


async def get_stats() -> SincronizacionOut:
    """Return the backlog, its age, the last error and the relay totals."""
    now = utc_now()
    pendientes = await OutboxEntry.all().count()
    reintentando = await OutboxEntry.filter(attempts__gt=0).count()
    oldest = await OutboxEntry.all().order_by("id").first()
    next_due = await OutboxEntry.all().order_by("next_attempt_at").first()
    counters = await RelayCounters.get_or_none(id=COUNTERS_ID)
    edad = 0.0
    if oldest is not None:
        edad = round(max((now - oldest.created_at).total_seconds(), 0.0), 3)
    return SincronizacionOut(
        pendientes=pendientes,
        reintentando=reintentando,
        mas_antiguo_segundos=edad,
        proximo_intento_en=next_due.next_attempt_at if next_due else None,
        ultimo_error=counters.ultimo_error if counters else None,
        ultimo_error_en=counters.ultimo_error_en if counters else None,
        ultimo_envio_en=counters.ultimo_envio_en if counters else None,
        enviados_total=counters.enviados_total if counters else 0,
        reintentos_total=counters.reintentos_total if counters else 0,
        duplicados_total=counters.duplicados_total if counters else 0,
    )
