"""Demo customers and orders loaded into fresh databases.

Every service seeds its own database from these constants, so the login in
auth-service, the profile in cliente-service and the orders in pedido-service agree
without any service calling another at start-up.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCliente:
    id: str
    nombre: str
    email: str
    password: str
    telefono: str
    direccion: str


DEMO_CLIENTES = (
    DemoCliente(
        id="6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e01",
        nombre="Ana García",
        email="ana@example.com",
        password="ana12345",
        telefono="+34 600 111 222",
        direccion="Calle Mayor 1, 28013 Madrid",
    ),
    DemoCliente(
        id="6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e02",
        nombre="Luis Pérez",
        email="luis@example.com",
        password="luis12345",
        telefono="+34 600 333 444",
        direccion="Avenida del Puerto 25, 46021 Valencia",
    ),
)

# (cliente index, producto, cantidad, number of state changes after CREADO)
DEMO_PEDIDOS = (
    (0, "Auriculares inalámbricos", 1, 0),
    (0, "Cafetera italiana", 2, 2),
    (0, "Mochila de senderismo", 1, 4),
    (1, "Lámpara de escritorio", 1, 1),
    (1, "Juego de sartenes", 1, 5),
)
