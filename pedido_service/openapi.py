"""OpenAPI documentation of the pedido-service operations."""

from sanic import Sanic

from common.openapi import (
    LOCATION_HEADER,
    json_body,
    json_response,
    operation,
    page_schema,
    path_parameter,
    query_parameters,
    schema_ref,
    setup_openapi,
)
from pedido_service.schemas import (
    CancelRequest,
    EstadoChange,
    HistorialOut,
    PedidoCreate,
    PedidoListQuery,
    PedidoOut,
    PedidoUpdate,
    SincronizacionOut,
)

TAG = "pedidos"
SYNC_TAG = "sincronizacion"

PEDIDO_EXAMPLE = {
    "numero": "PED-K7Q2M4X9TB",
    "cliente_id": "5b0f3c1e-8d2a-4f57-9a51-0c6b1f2d7e44",
    "producto": "Auriculares inalámbricos",
    "cantidad": 1,
    "direccion_entrega": "Calle Mayor 1, Madrid",
    "estado": "CREADO",
    "version": 1,
    "creado_en": "2026-12-01T09:30:00+00:00",
    "actualizado_en": "2026-12-01T09:30:00+00:00",
}

PEDIDO = schema_ref(PedidoOut, name="Pedido", mode="serialization")
NUMERO = path_parameter(
    "numero",
    {"type": "string", "pattern": "^PED-[A-Z2-7]{10}$", "example": "PED-K7Q2M4X9TB"},
    "Order number. Another customer's order gets 404, like a missing one.",
)
_READERS = "The owner or an administrator."
_EDIT_CONFLICT = (
    409,
    "The order's state forbids the change, or `version` is not the current one.",
)


def _pedido(description: str, **extra) -> dict:
    return json_response(description, PEDIDO, example=PEDIDO_EXAMPLE, **extra)


def _numero_link(operation_id: str) -> dict:
    return {
        "operationId": operation_id,
        "parameters": {"numero": "$response.body#/numero"},
    }


# Links let clients (and schemathesis's stateful phase) follow a created order.
_CREATED_LINKS = {
    "GetPedido": _numero_link("getPedido"),
    "UpdatePedido": _numero_link("updatePedido"),
    "ChangeEstado": _numero_link("changeEstado"),
    "CancelPedido": _numero_link("cancelPedido"),
    "GetHistorial": _numero_link("getPedidoHistorial"),
}

create = operation(
    operation_id="createPedido",
    summary="Place an order",
    description="A customer orders for themself and must leave `cliente_id` out, and "
    "an administrator must name the customer. The customer must exist and be "
    "active in cliente-service (else 422). Without `direccion_entrega` the "
    "order goes to the address of the customer's profile. The order starts in "
    "`CREADO` with `version` 1.",
    tag=TAG,
    body=json_body(
        schema_ref(PedidoCreate),
        example={
            "producto": "Auriculares inalámbricos",
            "cantidad": 1,
            "direccion_entrega": "Calle Mayor 1, Madrid",
        },
    ),
    responses={
        201: _pedido("The order.", headers=LOCATION_HEADER, links=_CREATED_LINKS)
    },
    errors=(400, 422, (503, "cliente-service is not available.")),
)

list_all = operation(
    operation_id="listPedidos",
    summary="List orders",
    description="Newest first. A customer gets only their own orders, whatever "
    "`cliente_id` says, and administrators get every order. `activos=true` leaves "
    "out `ENTREGADO` and `CANCELADO`.",
    tag=TAG,
    parameters=query_parameters(PedidoListQuery),
    responses={
        200: json_response(
            "One page of orders.",
            page_schema(PEDIDO),
            example={"items": [PEDIDO_EXAMPLE], "page": 1, "size": 20, "total": 1},
        )
    },
    errors=(422,),
)

get_one = operation(
    operation_id="getPedido",
    summary="Read one order",
    description=_READERS,
    tag=TAG,
    parameters=[NUMERO],
    responses={200: _pedido("The order.")},
    errors=(404,),
)

update = operation(
    operation_id="updatePedido",
    summary="Edit an order",
    description=f"{_READERS} Changes `direccion_entrega`, `producto` or "
    "`cantidad` while the order is `CREADO` or `CONFIRMADO`. With `version`, the "
    "edit applies only to that version (optimistic locking).",
    tag=TAG,
    parameters=[NUMERO],
    body=json_body(
        schema_ref(PedidoUpdate),
        example={"direccion_entrega": "Calle Nueva 5, Madrid", "version": 1},
    ),
    responses={200: _pedido("The edited order.")},
    errors=(400, 404, 422, _EDIT_CONFLICT),
)

change_estado = operation(
    operation_id="changeEstado",
    summary="Move an order to another state",
    description="Administrators only. States go `CREADO → CONFIRMADO → "
    "EN_PREPARACION → ENVIADO → EN_REPARTO → ENTREGADO`, and to `CANCELADO` "
    "before `ENVIADO`. Any other transition is 409.",
    tag=TAG,
    parameters=[NUMERO],
    body=json_body(schema_ref(EstadoChange), example={"estado": "CONFIRMADO"}),
    responses={200: _pedido("The order in its new state.")},
    errors=(400, 404, 422, _EDIT_CONFLICT),
)

cancel = operation(
    operation_id="cancelPedido",
    summary="Cancel an order",
    description=f"{_READERS} Allowed before `ENVIADO`, else 409. The body is "
    "optional, and its `version` works as in the edit.",
    tag=TAG,
    parameters=[NUMERO],
    body=json_body(schema_ref(CancelRequest), example={"version": 1}, required=False),
    responses={200: _pedido("The cancelled order.")},
    errors=(400, 404, 422, _EDIT_CONFLICT),
)

historial = operation(
    operation_id="getPedidoHistorial",
    summary="Read the history of an order",
    description=f"{_READERS} One entry per change, oldest first.",
    tag=TAG,
    parameters=[NUMERO],
    responses={
        200: json_response(
            "The history.",
            {"type": "array", "items": schema_ref(HistorialOut, mode="serialization")},
            example=[
                {
                    "estado": "CREADO",
                    "en": "2026-12-01T09:30:00+00:00",
                    "por": "ana.garcia@example.com",
                    "version": 1,
                    "detalle": None,
                }
            ],
        )
    },
    errors=(404,),
)

sincronizacion = operation(
    operation_id="getSincronizacion",
    summary="Read the replication state",
    description="Administrators only. The outbox of changes still to send to "
    "tracking-service: backlog, age of the oldest change, last error, totals.",
    tag=SYNC_TAG,
    responses={
        200: json_response(
            "The replication state.",
            schema_ref(SincronizacionOut, name="Sincronizacion", mode="serialization"),
        )
    },
)

reconstruir = operation(
    operation_id="rebuildTracking",
    summary="Rebuild the tracking store",
    description="Administrators only. Enqueues every order's current state, so "
    "that Redis is rebuilt from MySQL. tracking-service ignores versions it "
    "already has, so repeating it only sends duplicates.",
    tag=SYNC_TAG,
    responses={
        202: json_response(
            "The orders were enqueued.",
            {
                "type": "object",
                "required": ["encolados"],
                "properties": {"encolados": {"type": "integer", "minimum": 0}},
            },
            example={"encolados": 42},
        )
    },
)


def setup(app: Sanic) -> None:
    """Describe the pedido-service document."""
    setup_openapi(
        app,
        title="pedido-service",
        description="Orders of Seguimiento de Pedidos: placing, editing, state "
        "changes, cancellation and history, and the state of their replication "
        "to tracking-service.",
        tags={
            TAG: "Orders and their state machine.",
            SYNC_TAG: "Replication of order changes to tracking-service.",
        },
    )
