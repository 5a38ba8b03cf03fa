"""The order state machine."""

from pedido_service.models import Estado

TRANSICIONES: dict[Estado, frozenset[Estado]] = {
    Estado.CREADO: frozenset({Estado.CONFIRMADO, Estado.CANCELADO}),
    Estado.CONFIRMADO: frozenset({Estado.EN_PREPARACION, Estado.CANCELADO}),
    Estado.EN_PREPARACION: frozenset({Estado.ENVIADO, Estado.CANCELADO}),
    Estado.ENVIADO: frozenset({Estado.EN_REPARTO}),
    Estado.EN_REPARTO: frozenset({Estado.ENTREGADO}),
    Estado.ENTREGADO: frozenset(),
    Estado.CANCELADO: frozenset(),
}

# The forward path without cancellation, used by the demo data.
CAMINO = (
    Estado.CREADO,
    Estado.CONFIRMADO,
    Estado.EN_PREPARACION,
    Estado.ENVIADO,
    Estado.EN_REPARTO,
    Estado.ENTREGADO,
)

EDITABLES = frozenset({Estado.CREADO, Estado.CONFIRMADO})
FINALES = frozenset({Estado.ENTREGADO, Estado.CANCELADO})
ACTIVOS = frozenset(Estado) - FINALES


def can_change(origen: Estado, destino: Estado) -> bool:
    return destino in TRANSICIONES[origen]
