"""Request and response shapes of the order API."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    model_validator,
)

from common.validation import PageQuery, RequestModel
from pedido_service.models import Estado

MAX_CANTIDAD = 1000
MAX_DIRECCION = 300

# Printable text only: control characters have no place in a product or an address.
_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"

Producto = Annotated[str, Field(min_length=1, max_length=200, pattern=_PRINTABLE)]
Direccion = Annotated[
    str, Field(min_length=1, max_length=MAX_DIRECCION, pattern=_PRINTABLE)
]
Cantidad = Annotated[StrictInt, Field(ge=1, le=MAX_CANTIDAD)]
Version = Annotated[StrictInt, Field(ge=1, le=2_000_000_000)]
ClienteId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
UtcDatetime = Annotated[
    datetime, PlainSerializer(lambda value: value.astimezone(UTC).isoformat())
]


class PedidoCreate(RequestModel):
    """Body of ``POST /api/pedidos``.

    ``cliente_id`` is for administrators, because a customer's orders belong to the
    customer of the token. Without ``direccion_entrega`` the order is delivered to
    the address of the customer's profile.
    """

    producto: Producto
    cantidad: Cantidad = 1
    direccion_entrega: Direccion | None = None
    cliente_id: ClienteId | None = None


class PedidoUpdate(RequestModel):
    """Body of ``PATCH /api/pedidos/{numero}``.

    ``version``, when given, must equal the order's current version (optimistic
    locking), or the edit is rejected with 409.
    """

    producto: Producto | None = None
    cantidad: Cantidad | None = None
    direccion_entrega: Direccion | None = None
    version: Version | None = None

    @model_validator(mode="after")
    def _require_a_change(self) -> "PedidoUpdate":
        if not self.cambios():
            raise ValueError(
                "send at least one of producto, cantidad or direccion_entrega"
            )
        return self

    def cambios(self) -> dict[str, object]:
        """Return the edited fields and their new values."""
        edited = self.model_dump(exclude_none=True, exclude={"version"})
        return dict(sorted(edited.items()))


class EstadoChange(RequestModel):
    """Body of ``PUT /api/pedidos/{numero}/estado``."""

    estado: Estado
    version: Version | None = None


class CancelRequest(RequestModel):
    """Optional body of ``POST /api/pedidos/{numero}/cancelar``."""

    version: Version | None = None


class PedidoListQuery(PageQuery):
    """Filters of ``GET /api/pedidos``. ``cliente_id`` applies to administrators."""

    estado: Estado | None = None
    activos: bool | None = None
    cliente_id: ClienteId | None = None


class PedidoOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    numero: str
    cliente_id: str
    producto: str
    cantidad: int
    direccion_entrega: str
    estado: Estado
    version: int
    creado_en: UtcDatetime
    actualizado_en: UtcDatetime


class HistorialOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    estado: Estado
    en: UtcDatetime
    por: str
    version: int
    detalle: str | None


class SincronizacionOut(BaseModel):
    """Replication state of the outbox, for the administrators' view."""

    pendientes: int
    reintentando: int
    mas_antiguo_segundos: float
    proximo_intento_en: UtcDatetime | None
    ultimo_error: str | None
    ultimo_error_en: UtcDatetime | None
    ultimo_envio_en: UtcDatetime | None
    enviados_total: int
    reintentos_total: int
    duplicados_total: int
