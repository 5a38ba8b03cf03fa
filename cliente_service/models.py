"""Tortoise models of cliente-service."""

from tortoise import fields
from tortoise.models import Model


class Cliente(Model):
    """Customer profile. Its login in auth-service has this id as ``cliente_id``."""

    id = fields.UUIDField(primary_key=True)
    nombre = fields.CharField(max_length=100)
    # Stored lowercased. Unique through a deferrable constraint that the second
    # migration creates, so the column itself is declared without ``unique``.
    email = fields.CharField(max_length=254)
    telefono = fields.CharField(max_length=25)
    direccion = fields.CharField(max_length=200)
    activo = fields.BooleanField(default=True, db_default=True)
    creado_en = fields.DatetimeField(auto_now_add=True)
    actualizado_en = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "cliente"
        ordering = ("-creado_en", "id")

    def __str__(self) -> str:
        return f"Cliente({self.id})"
