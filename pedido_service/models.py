"""Tortoise models: orders, their history, the outbox and the relay counters.

Every datetime is stored as UTC: MySQL's DATETIME has no offset, so callers convert
values with ``utc_now()`` or ``astimezone(UTC)`` before they reach the ORM.
"""

from datetime import UTC, datetime
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


def utc_now() -> datetime:
    return datetime.now(UTC)


class Estado(StrEnum):
    CREADO = "CREADO"
    CONFIRMADO = "CONFIRMADO"
    EN_PREPARACION = "EN_PREPARACION"
    ENVIADO = "ENVIADO"
    EN_REPARTO = "EN_REPARTO"
    ENTREGADO = "ENTREGADO"
    CANCELADO = "CANCELADO"


class Pedido(Model):
    """An order of one customer. ``version`` grows by one with every change."""

    id = fields.BigIntField(primary_key=True)
    numero = fields.CharField(max_length=14, unique=True)
    cliente_id = fields.CharField(max_length=64)
    producto = fields.CharField(max_length=200)
    cantidad = fields.IntField()
    direccion_entrega = fields.CharField(max_length=300)
    estado = fields.CharEnumField(Estado, max_length=20)
    version = fields.IntField(default=1)
    creado_en = fields.DatetimeField()
    actualizado_en = fields.DatetimeField()

    class Meta:
        table = "pedido"
        indexes = (("cliente_id", "creado_en"), ("estado", "creado_en"))


class HistorialPedido(Model):
    """One change of an order: its state after the change, its time and its actor."""

    id = fields.BigIntField(primary_key=True)
    pedido: fields.ForeignKeyRelation[Pedido] = fields.ForeignKeyField(
        "pedido_service.Pedido", related_name="historial", on_delete=fields.CASCADE
    )
    estado = fields.CharEnumField(Estado, max_length=20)
    version = fields.IntField()
    en = fields.DatetimeField()
    por = fields.CharField(max_length=100)
    detalle = fields.CharField(max_length=200, null=True)

    class Meta:
        table = "pedido_historial"


class OutboxEntry(Model):
    """A change still to be sent to tracking-service, deleted once delivered."""

    id = fields.BigIntField(primary_key=True)
    numero = fields.CharField(max_length=14)
    version = fields.IntField()
    payload = fields.JSONField()
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "outbox"


class RelayCounters(Model):
    """The single row (id 1) of relay totals since the database was created."""

    id = fields.IntField(primary_key=True)
    enviados_total = fields.BigIntField(default=0)
    reintentos_total = fields.BigIntField(default=0)
    duplicados_total = fields.BigIntField(default=0)
    ultimo_error = fields.CharField(max_length=500, null=True)
    ultimo_error_en = fields.DatetimeField(null=True)
    ultimo_envio_en = fields.DatetimeField(null=True)

    class Meta:
        table = "relay_counters"
