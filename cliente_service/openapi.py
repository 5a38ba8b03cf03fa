"""OpenAPI documentation of the cliente-service operations."""

from sanic import Sanic

from cliente_service.schemas import (
    ClienteCreate,
    ClienteListQuery,
    ClienteOut,
    ClienteUpdate,
    ProfileUpdate,
)
from common.openapi import (
    BEARER_AUTH,
    LOCATION_HEADER,
    SERVICE_AUTH,
    json_body,
    json_response,
    operation,
    page_schema,
    path_parameter,
    query_parameters,
    schema_ref,
    setup_openapi,
)

TAG = "clientes"

CLIENTE_EXAMPLE = {
    "id": "5b0f3c1e-8d2a-4f57-9a51-0c6b1f2d7e44",
    "nombre": "Ana García",
    "email": "ana.garcia@example.com",
    "telefono": "+34 600 111 222",
    "direccion": "Calle Mayor 1, Madrid",
    "activo": True,
    "creado_en": "2026-12-01T09:30:00+00:00",
    "actualizado_en": "2026-12-01T09:30:00+00:00",
}
CREATE_EXAMPLE = {
    "nombre": "Ana García",
    "email": "ana.garcia@example.com",
    "password": "clave-segura-1",
    "telefono": "+34 600 111 222",
    "direccion": "Calle Mayor 1, Madrid",
}

CLIENTE = schema_ref(ClienteOut, name="Cliente", mode="serialization")
CLIENTE_ID = path_parameter(
    "raw_id",
    {"type": "string", "format": "uuid"},
    "Customer id. Any other text, and the id of another customer for a customer's "
    "token, gets 404.",
)
EMAIL_TAKEN = (409, "A customer with this email already exists.")
LOGIN_DOWN = (503, "auth-service or the database is not available.")


def _cliente(description: str, **extra) -> dict:
    return json_response(description, CLIENTE, example=CLIENTE_EXAMPLE, **extra)


# Links let clients (and schemathesis's stateful phase) follow a created customer.
_CREATED_LINKS = {
    "GetCliente": {
        "operationId": "getCliente",
        "parameters": {"raw_id": "$response.body#/id"},
    },
    "UpdateCliente": {
        "operationId": "updateCliente",
        "parameters": {"raw_id": "$response.body#/id"},
    },
    "DeactivateCliente": {
        "operationId": "deactivateCliente",
        "parameters": {"raw_id": "$response.body#/id"},
    },
}
_CREATED = _cliente(
    "The customer was created and can log in at once.",
    headers=LOCATION_HEADER,
    links=_CREATED_LINKS,
)
_CREATE_BODY = json_body(schema_ref(ClienteCreate), example=CREATE_EXAMPLE)

sign_up = operation(
    operation_id="signUp",
    summary="Sign up as a customer",
    description="Creates the profile and its login together: either both exist "
    "afterwards or neither does. The email and password log in at once.",
    tag=TAG,
    body=_CREATE_BODY,
    responses={201: _CREATED},
    errors=(400, 422, EMAIL_TAKEN, LOGIN_DOWN),
    auth=None,
)

create = operation(
    operation_id="createCliente",
    summary="Create a customer with a login",
    description="Administrators only. Same body and result as the sign-up.",
    tag=TAG,
    body=_CREATE_BODY,
    responses={201: _CREATED},
    errors=(400, 422, EMAIL_TAKEN, LOGIN_DOWN),
)

list_all = operation(
    operation_id="listClientes",
    summary="List customers",
    description="Administrators only. `q` searches name and email (case-insensitive "
    "substring), `activo` filters by state. Newest first.",
    tag=TAG,
    parameters=query_parameters(ClienteListQuery),
    responses={
        200: json_response(
            "One page of customers.",
            page_schema(CLIENTE),
            example={"items": [CLIENTE_EXAMPLE], "page": 1, "size": 20, "total": 1},
        )
    },
    errors=(422,),
)

get_own = operation(
    operation_id="getOwnCliente",
    summary="Read the caller's own profile",
    description="Customers only.",
    tag=TAG,
    responses={200: _cliente("The caller's profile.")},
    errors=(404,),
)

update_own = operation(
    operation_id="updateOwnCliente",
    summary="Update the caller's own profile",
    description="Customers only. Absent fields keep their value, and `null` is "
    "invalid.",
    tag=TAG,
    body=json_body(
        schema_ref(ProfileUpdate),
        example={"telefono": "+34 600 333 444", "direccion": "Calle Nueva 5, Madrid"},
    ),
    responses={200: _cliente("The updated profile.")},
    errors=(400, 404, 422, LOGIN_DOWN),
)

get_one = operation(
    operation_id="getCliente",
    summary="Read one customer",
    description="Administrators, the customer themself, and service clients with "
    "the scope `clientes.read`.",
    tag=TAG,
    parameters=[CLIENTE_ID],
    responses={200: _cliente("The customer.")},
    errors=(404,),
    auth=(BEARER_AUTH, SERVICE_AUTH),
)

update = operation(
    operation_id="updateCliente",
    summary="Update a customer",
    description="Administrators only. Setting `activo` to false stops the login and "
    "revokes its refresh tokens, and true lets it log in again.",
    tag=TAG,
    parameters=[CLIENTE_ID],
    body=json_body(
        schema_ref(ClienteUpdate),
        example={"direccion": "Calle Nueva 5, Madrid", "activo": True},
    ),
    responses={200: _cliente("The updated customer.")},
    errors=(400, 404, 422, LOGIN_DOWN),
)

deactivate = operation(
    operation_id="deactivateCliente",
    summary="Deactivate a customer",
    description="Administrators only. Sets `activo` to false: the profile and its "
    "orders stay, the login stops working. Repeating it returns the same result.",
    tag=TAG,
    parameters=[CLIENTE_ID],
    responses={200: _cliente("The customer, now inactive.")},
    errors=(404, LOGIN_DOWN),
)


def setup(app: Sanic) -> None:
    """Describe the cliente-service document."""
    setup_openapi(
        app,
        title="cliente-service",
        description="Customer profiles of Seguimiento de Pedidos: sign-up, the "
        "customer's own profile, and customer management for administrators. "
        "Through the gateway every path below is under the same origin.",
        tags={TAG: "Customer profiles."},
    )
