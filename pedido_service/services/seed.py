"""Start-up data: the relay counters row, and demo orders in a fresh database."""

import logging

from common.demo import DEMO_CLIENTES, DEMO_PEDIDOS
from pedido_service.models import Pedido
from pedido_service.services import estados
from pedido_service.services.outbox import ensure_counters
from pedido_service.services.pedidos import change_pedido, create_pedido, set_estado

logger = logging.getLogger(__name__)

SEED_ACTOR = "sistema"


async def seed(*, demo_data: bool) -> None:
    """Create the counters row. With ``demo_data`` and no orders, add the demo
    orders with their state changes, history and outbox rows."""
    await ensure_counters()
    if not demo_data or await Pedido.exists():
        return
    for cliente_index, producto, cantidad, cambios in DEMO_PEDIDOS:
        cliente = DEMO_CLIENTES[cliente_index]
        pedido = await create_pedido(
            cliente_id=cliente.id,
            producto=producto,
            cantidad=cantidad,
            direccion_entrega=cliente.direccion,
            por=SEED_ACTOR,
        )
        for destino in estados.CAMINO[1 : cambios + 1]:
            await change_pedido(
                numero=pedido.numero,
                edit=set_estado(destino),
                por=SEED_ACTOR,
                principal=None,
            )
    logger.info("loaded %d demo orders", len(DEMO_PEDIDOS))
