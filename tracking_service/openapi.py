"""OpenAPI documentation of the tracking-service operations."""

from sanic import Sanic
from sanic_ext.extensions.openapi.definitions import Parameter

from common.openapi import (
    SERVICE_AUTH,
    json_body,
    json_response,
    operation,
    path_parameter,
    query_parameters,
    schema_component,
    schema_ref,
    setup_openapi,
)
from tracking_service.schemas import (
    MAX_VERSION,
    NUMERO_PATTERN,
    CambioTracking,
    Estado,
    LoteCambios,
    NumerosQuery,
)

TAG = "tracking"
INTERNAL_TAG = "internal"

ESTADO = {"type": "string", "enum": [estado.value for estado in Estado]}
TIMESTAMP = {"type": "string", "format": "date-time"}
TRACKING_SCHEMA = {
    "type": "object",
    "description": "Status of one order as tracking-service last received it.",
    "required": [
        "numero",
        "cliente_id",
        "estado",
        "version",
        "actualizado_en",
        "sincronizado_en",
    ],
    "properties": {
        "numero": {"type": "string", "pattern": NUMERO_PATTERN},
        "cliente_id": {"type": "string"},
        "estado": ESTADO,
        "version": {"type": "integer", "minimum": 1, "maximum": MAX_VERSION},
        "actualizado_en": {
            **TIMESTAMP,
            "description": "When the order changed in pedido-service.",
        },
        "sincronizado_en": {
            **TIMESTAMP,
            "description": "When tracking-service received the change.",
        },
    },
}
HISTORIAL_SCHEMA = {
    "type": "array",
    "description": "Status changes, oldest version first.",
    "items": {
        "type": "object",
        "required": ["estado", "version", "en"],
        "properties": {
            "estado": ESTADO,
            "version": {"type": "integer", "minimum": 1},
            "en": {**TIMESTAMP, "description": "When the order changed."},
        },
    },
}
RESULT_SCHEMA = {
    "type": "object",
    "required": ["aplicado", "version"],
    "properties": {
        "aplicado": {
            "type": "boolean",
            "description": "False when the stored version is the same or newer.",
        },
        "version": {"type": "integer", "description": "Version stored now."},
    },
}
# One server-sent event: OpenAPI 3.0 has a text/event-stream schema describe each
# event, read as its fields.
EVENT_SCHEMA = {
    "type": "object",
    "properties": {
        "event": {"type": "string", "enum": ["estado"]},
        "id": {"type": "string", "description": "Send it back as Last-Event-ID."},
        "data": {"type": "string", "description": "A `Tracking` as JSON."},
    },
}

TRACKING_EXAMPLE = {
    "numero": "PED-K7Q2M4X9TB",
    "cliente_id": "5b0f3c1e-8d2a-4f57-9a51-0c6b1f2d7e44",
    "estado": "ENVIADO",
    "version": 4,
    "actualizado_en": "2026-12-01T10:15:00.000000+00:00",
    "sincronizado_en": "2026-12-01T10:15:00.120000+00:00",
}
TRACKING = schema_component("Tracking", TRACKING_SCHEMA)
NUMERO = path_parameter(
    "numero",
    {"type": "string", "pattern": NUMERO_PATTERN, "example": "PED-K7Q2M4X9TB"},
    "Order number. A malformed one gets 404, like a missing one.",
)
LAST_EVENT_ID = Parameter(
    "Last-Event-ID",
    schema={"type": "string", "pattern": "^([0-9]{1,20}-[0-9]{1,20})?$"},
    location="header",
    required=False,
    description="Id of the last event received: the stream first replays the "
    "changes after it that are still kept. An empty value counts as absent.",
)
_READERS = "Customers see their own orders, and administrators every order."
_INTERNAL = (
    "Internal: service clients with the scope `tracking.write` only (the outbox "
    "relay of pedido-service). The gateway does not route it."
)


def _tracking(description: str) -> dict:
    return json_response(description, TRACKING, example=TRACKING_EXAMPLE)


get_one = operation(
    operation_id="getTracking",
    summary="Read the tracking of one order",
    description=f"Read from Redis alone. {_READERS} 404 when Redis has no "
    "entry or the caller may not see the order.",
    tag=TAG,
    parameters=[NUMERO],
    responses={200: _tracking("The order's tracking entry.")},
    errors=(404, 503),
)

get_many = operation(
    operation_id="listTracking",
    summary="Read the tracking of up to 100 orders",
    description=f"`numeros` is a comma-separated list of order numbers. Blanks "
    f"and repeats are dropped. {_READERS} Numbers without an entry, or that the "
    "caller may not see, are listed in `faltantes`. A malformed number rejects "
    "the whole query with 422.",
    tag=TAG,
    parameters=query_parameters(NumerosQuery),
    responses={
        200: json_response(
            "The entries found and the numbers not found.",
            {
                "type": "object",
                "required": ["items", "faltantes"],
                "properties": {
                    "items": {"type": "array", "items": TRACKING},
                    "faltantes": {"type": "array", "items": {"type": "string"}},
                },
            },
            example={"items": [TRACKING_EXAMPLE], "faltantes": ["PED-AAAAAAAAAA"]},
        )
    },
    errors=(422, 503),
)

get_historial = operation(
    operation_id="getTrackingHistorial",
    summary="Read the status history of one order",
    description=f"As kept in Redis. {_READERS}",
    tag=TAG,
    parameters=[NUMERO],
    responses={
        200: json_response(
            "The history.",
            HISTORIAL_SCHEMA,
            example=[
                {"estado": "CREADO", "version": 1, "en": "2026-12-01T09:30:00+00:00"}
            ],
        )
    },
    errors=(404, 503),
)

stream = operation(
    operation_id="streamTracking",
    summary="Follow status changes live",
    description="Server-sent events: one `estado` event per change to an order "
    f"the caller may see, with a `Tracking` as data. {_READERS} Comment lines keep "
    "the connection alive. Each user may hold a few streams at once (429 beyond).",
    tag=TAG,
    parameters=[LAST_EVENT_ID],
    responses={
        200: json_response(
            "The event stream, which stays open.",
            EVENT_SCHEMA,
            media_type="text/event-stream",
        ),
        429: json_response(
            "The user already holds the maximum number of open streams.",
            {"$ref": "#/components/schemas/Problem"},
            media_type="application/problem+json",
        ),
    },
    errors=((400, "Last-Event-ID is not an event id of this stream."), 503),
)

_RESULT = json_response(
    "Whether the change was applied.",
    RESULT_SCHEMA,
    example={"aplicado": True, "version": 4},
)
_CAMBIO_EXAMPLE = {
    "numero": "PED-K7Q2M4X9TB",
    "cliente_id": "5b0f3c1e-8d2a-4f57-9a51-0c6b1f2d7e44",
    "estado": "ENVIADO",
    "version": 4,
    "actualizado_en": "2026-12-01T10:15:00+00:00",
}

put_one = operation(
    operation_id="putTracking",
    summary="Apply one change",
    description=f"{_INTERNAL} Applied only when `version` is newer than the stored "
    "one, so retries and reordered deliveries are harmless. The body's `numero` "
    "must equal the path's.",
    tag=INTERNAL_TAG,
    parameters=[NUMERO],
    body=json_body(schema_ref(CambioTracking), example=_CAMBIO_EXAMPLE),
    responses={200: _RESULT},
    errors=(400, 422, 503),
    auth=SERVICE_AUTH,
)

put_batch = operation(
    operation_id="putTrackingBatch",
    summary="Apply a batch of changes in order",
    description=f"{_INTERNAL} Each change is applied as by `PUT "
    "/internal/tracking/{numero}`, in the order given.",
    tag=INTERNAL_TAG,
    body=json_body(schema_ref(LoteCambios), example={"items": [_CAMBIO_EXAMPLE]}),
    responses={
        200: json_response(
            "One result per change, in order.",
            {
                "type": "object",
                "required": ["items"],
                "properties": {
                    "items": {
                        "type": "array",
                        "items": {
                            **RESULT_SCHEMA,
                            "required": ["numero", "aplicado", "version"],
                            "properties": {
                                "numero": {"type": "string"},
                                **RESULT_SCHEMA["properties"],
                            },
                        },
                    }
                },
            },
            example={
                "items": [{"numero": "PED-K7Q2M4X9TB", "aplicado": True, "version": 4}]
            },
        )
    },
    errors=(400, 422, 503),
    auth=SERVICE_AUTH,
)


def setup(app: Sanic) -> None:
    """Describe the tracking-service document."""
    setup_openapi(
        app,
        title="tracking-service",
        description="Read model of order status in Redis for Seguimiento de "
        "Pedidos: fast reads, status history and a live event stream, plus the "
        "internal write endpoints that pedido-service's outbox relay calls.",
        tags={
            TAG: "Order status reads and the live stream.",
            INTERNAL_TAG: "Service-to-service endpoints, not routed by the gateway.",
        },
    )
