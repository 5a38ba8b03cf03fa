"""OpenAPI 3 documentation shared by the services.

sanic-ext builds each service's document from its routes when the server starts and
serves it at ``/docs/openapi.json``, with Swagger UI at ``/docs`` and ReDoc at
``/docs/redoc``. This module adds what the four documents share: the security schemes,
the problem+json error schema and error responses, pydantic models converted to
OpenAPI 3.0 schemas, and the ``operation`` decorator that documents one handler.

sanic-ext emits OpenAPI 3.0.3, while pydantic emits JSON Schema 2020-12, so model
schemas go through ``_oas30`` (``nullable`` instead of a ``null`` type, ``enum``
instead of ``const``, boolean ``exclusiveMinimum``).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sanic import Sanic
from sanic_ext.extensions.openapi.builders import OperationStore, SpecificationBuilder
from sanic_ext.extensions.openapi.definitions import Parameter

from common.errors import PROBLEM_JSON

HandlerT = TypeVar("HandlerT", bound=Callable)

# Security scheme names, as operations reference them.
BEARER_AUTH = "bearerAuth"
SERVICE_AUTH = "serviceAuth"
CLIENT_BASIC = "clientBasic"

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    BEARER_AUTH: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": (
            "Access token of a person, from `POST /oauth2/token` with the password "
            "grant of the public client `web`. Customers have the role "
            "`ROLE_CLIENTE`, administrators `ROLE_ADMIN`."
        ),
    },
    SERVICE_AUTH: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": (
            "Access token of a service client, from `POST /oauth2/token` with the "
            "client_credentials grant. Each operation names the scope it requires."
        ),
    },
    CLIENT_BASIC: {
        "type": "http",
        "scheme": "basic",
        "description": (
            "Client id and secret of a confidential client (RFC 6749 section 2.3.1), "
            "used by the client_credentials grant."
        ),
    },
}

FIELD_ERROR_SCHEMA = {
    "type": "object",
    "description": "One invalid field of a request.",
    "required": ["field", "message"],
    "properties": {
        "field": {
            "type": "string",
            "description": "Dotted path of the field, for example `items.0.version`.",
        },
        "message": {"type": "string"},
    },
}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "Always `about:blank`."},
        "title": {"type": "string", "description": "HTTP reason phrase."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong."},
        "errors": {
            "type": "array",
            "description": "Invalid fields, present on validation errors (422).",
            "items": {"$ref": "#/components/schemas/FieldError"},
        },
    },
}


@dataclass(frozen=True)
class SharedError:
    """A problem+json error response that operations reference by status."""

    name: str
    title: str
    description: str
    detail: str


SHARED_ERRORS = {
    400: SharedError(
        "BadRequest",
        "Bad Request",
        "The body is missing, is not valid JSON or is not a JSON object.",
        "The request body is not valid JSON.",
    ),
    401: SharedError(
        "Unauthorized",
        "Unauthorized",
        "The access token is missing, invalid or expired.",
        "The access token is missing or invalid.",
    ),
    403: SharedError(
        "Forbidden",
        "Forbidden",
        "The token is valid but its role or scope does not allow this operation.",
        "You are not allowed to use this endpoint.",
    ),
    404: SharedError(
        "NotFound",
        "Not Found",
        "No such resource, or one the caller may not see.",
        "No resource exists with this id.",
    ),
    409: SharedError(
        "Conflict",
        "Conflict",
        "The request conflicts with the current state of the resource.",
        "The resource changed since you read it.",
    ),
    413: SharedError(
        "ContentTooLarge",
        "Content Too Large",
        "The body is larger than 1 MiB, or the request line and headers together "
        "are larger than 8 KiB.",
        "The request body is larger than the server accepts.",
    ),
    422: SharedError(
        "UnprocessableContent",
        "Unprocessable Content",
        "The body or query is well-formed but one or more fields are invalid.",
        "One or more fields are invalid.",
    ),
    503: SharedError(
        "ServiceUnavailable",
        "Service Unavailable",
        "A service or store this operation depends on is not available.",
        "A service this request depends on is not available.",
    ),
}


def problem_example(status: int, detail: str) -> dict[str, Any]:
    """Return a problem+json body as the services send it."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": SHARED_ERRORS[status].title,
        "status": status,
        "detail": detail,
    }
    if status == 422:
        body["errors"] = [{"field": "email", "message": "value is not a valid email"}]
    return body


def problem_response(status: int, description: str, detail: str) -> dict[str, Any]:
    """Build an OpenAPI response with a problem+json body."""
    response: dict[str, Any] = {
        "description": description,
        "content": {
            PROBLEM_JSON: {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "example": problem_example(status, detail),
            }
        },
    }
    if status == 401:
        response["headers"] = {
            "WWW-Authenticate": {
                "description": 'Always `Bearer error="invalid_token"`.',
                "schema": {"type": "string"},
            }
        }
    return response


HEALTH_TAG = "Liveness and readiness probes. The gateway does not route them."


def _specification() -> SpecificationBuilder:
    # sanic-ext keeps one specification per process, and each service runs in
    # its own process, so the components registered here belong to one service.
    return SpecificationBuilder()


def setup_openapi(
    app: Sanic,
    *,
    title: str,
    description: str,
    version: str = "1.0.0",
    tags: Mapping[str, str] | None = None,
) -> None:
    """Describe the service's document and register the shared components."""
    app.config.update(
        {
            "API_TITLE": title,
            "API_VERSION": version,
            "API_DESCRIPTION": description,
            # Handler docstrings are written for maintainers, so operations carry
            # their own summary and description through ``operation``.
            "OAS_AUTODOC": False,
            "OAS_UI_SWAGGER_HTML_TITLE": f"{title} - Swagger UI",
            "OAS_UI_REDOC_HTML_TITLE": f"{title} - ReDoc",
            # validatorUrl None: Swagger UI would otherwise send the document to
            # validator.swagger.io to draw a badge.
            "SWAGGER_UI_CONFIGURATION": {
                "docExpansion": "list",
                "validatorUrl": None,
            },
        }
    )
    spec = _specification()
    for name, scheme in SECURITY_SCHEMES.items():
        spec.add_component("securitySchemes", name, scheme)
    spec.add_component("schemas", "FieldError", FIELD_ERROR_SCHEMA)
    spec.add_component("schemas", "Problem", PROBLEM_SCHEMA)
    for status, error in SHARED_ERRORS.items():
        spec.add_component(
            "responses",
            error.name,
            problem_response(status, error.description, error.detail),
        )
    for name, text in {"health": HEALTH_TAG, **(tags or {})}.items():
        spec.tag(name, description=text)
    _document_health(app)


def _document_health(app: Sanic) -> None:
    status_schema = {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "enum": ["ok"]}},
    }
    ok = json_response("The check passed.", status_schema, example={"status": "ok"})
    for route in app.router.routes:
        if route.uri == "/health/live":
            operation(
                operation_id="getLiveness",
                summary="Check that the process is up",
                tag="health",
                responses={200: ok},
                auth=None,
            )(route.handler)
        elif route.uri == "/health/ready":
            operation(
                operation_id="getReadiness",
                summary="Check that the service and its store respond",
                tag="health",
                responses={200: ok},
                errors=(503,),
                auth=None,
            )(route.handler)


# --- schemas ----------------------------------------------------------------------

_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SCHEMA_VALUES = ("items", "not", "additionalProperties")


def _oas30(schema: Any) -> Any:
    """Convert a pydantic JSON Schema (2020-12) node to an OpenAPI 3.0 schema."""
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties":
            result[key] = {name: _oas30(item) for name, item in value.items()}
        elif key in _SCHEMA_LISTS:
            result[key] = [_oas30(item) for item in value]
        elif key in _SCHEMA_VALUES:
            result[key] = _oas30(value)
        elif key == "title":
            continue  # pydantic's titles repeat the field or model name
        else:
            result[key] = value
    variants = result.get("anyOf", [])
    if {"type": "null"} in variants:
        others = [item for item in variants if item != {"type": "null"}]
        del result["anyOf"]
        if len(others) == 1 and "$ref" not in others[0]:
            result = {**others[0], **result}
        elif len(others) == 1:
            result["allOf"] = others
        else:
            result["anyOf"] = others
        result["nullable"] = True
    if "const" in result:
        result["enum"] = [result.pop("const")]
    for bound, inclusive in (
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ):
        if not isinstance(result.get(bound, True), bool):
            result[inclusive] = result[bound]
            result[bound] = True
    if "examples" in result:
        result["example"] = result.pop("examples")[0]
    if result.get("default", 0) is None and not result.get("nullable"):
        # Update bodies default absent fields to None without accepting null.
        del result["default"]
    return result


def _model_schema(model: type[BaseModel], mode: str) -> dict[str, Any]:
    """Return the OpenAPI 3.0 schema of ``model``, registering nested models."""
    schema = model.model_json_schema(
        ref_template="#/components/schemas/{model}", mode=mode
    )
    spec = _specification()
    for nested, definition in schema.pop("$defs", {}).items():
        spec.add_component("schemas", nested, _oas30(definition))
    return _oas30(schema)


def schema_ref(
    model: type[BaseModel], *, name: str | None = None, mode: str = "validation"
) -> dict[str, str]:
    """Register ``model`` as a component schema and return a reference to it.

    ``mode`` is ``"validation"`` for request bodies and ``"serialization"`` for
    responses, as in pydantic's ``model_json_schema``.
    """
    name = name or model.__name__
    spec = _specification()
    if not spec.has_component("schemas", name):
        spec.add_component("schemas", name, _model_schema(model, mode))
    return {"$ref": f"#/components/schemas/{name}"}


def schema_component(name: str, schema: dict[str, Any]) -> dict[str, str]:
    """Register a hand-written OpenAPI schema as a component and return a reference."""
    _specification().add_component("schemas", name, schema)
    return {"$ref": f"#/components/schemas/{name}"}


def page_schema(item: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of a list page whose ``items`` match ``item``."""
    return {
        "type": "object",
        "required": ["items", "page", "size", "total"],
        "properties": {
            "items": {"type": "array", "items": item},
            "page": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
        },
    }


def query_parameters(model: type[BaseModel]) -> list[Parameter]:
    """Describe each field of a query model as a query parameter.

    Sanic's ``request.args`` drops parameters with an empty value, so the services
    read ``?estado=`` as no ``estado`` at all, which ``allowEmptyValue`` states.
    """
    schema = _model_schema(model, "validation")
    required = set(schema.get("required", []))
    parameters = []
    for name, field in schema["properties"].items():
        # A query string cannot carry null, so optional parameters are just absent.
        field = {key: value for key, value in field.items() if key != "nullable"}
        if field.get("default", 0) is None:
            del field["default"]
        if list(field) == ["allOf"] and len(field["allOf"]) == 1:
            field = field["allOf"][0]
        description = field.pop("description", None)
        parameters.append(
            Parameter(
                name,
                schema=field,
                location="query",
                required=name in required,
                description=description,
                allowEmptyValue=name not in required or None,
            )
        )
    return parameters


def path_parameter(name: str, schema: dict[str, Any], description: str) -> Parameter:
    """Describe a path parameter."""
    return Parameter(
        name, schema=schema, location="path", required=True, description=description
    )


# --- operations -------------------------------------------------------------------


def json_response(
    description: str,
    schema: dict[str, Any] | None = None,
    *,
    example: Any = None,
    headers: Mapping[str, dict[str, Any]] | None = None,
    links: Mapping[str, dict[str, Any]] | None = None,
    media_type: str = "application/json",
) -> dict[str, Any]:
    """Build an OpenAPI response, which has no body when ``schema`` is None."""
    response: dict[str, Any] = {"description": description}
    if schema is not None:
        content: dict[str, Any] = {"schema": schema}
        if example is not None:
            content["example"] = example
        response["content"] = {media_type: content}
    if headers:
        response["headers"] = dict(headers)
    if links:
        response["links"] = dict(links)
    return response


LOCATION_HEADER = {
    "Location": {
        "description": "Path of the created resource.",
        "schema": {"type": "string"},
    }
}


def json_body(
    schema: dict[str, Any],
    *,
    example: Any = None,
    description: str | None = None,
    media_type: str = "application/json",
    required: bool = True,
) -> dict[str, Any]:
    """Build a request body."""
    content: dict[str, Any] = {"schema": schema}
    if example is not None:
        content["example"] = example
    body: dict[str, Any] = {"required": required, "content": {media_type: content}}
    if description:
        body["description"] = description
    return body


def operation(
    *,
    operation_id: str,
    summary: str,
    description: str | None = None,
    tag: str | None = None,
    body: dict[str, Any] | None = None,
    parameters: Iterable[Parameter] = (),
    responses: Mapping[int, dict[str, Any]],
    errors: Iterable[int | tuple[int, str]] = (),
    auth: str | tuple[str | None, ...] | None = BEARER_AUTH,
) -> Callable[[HandlerT], HandlerT]:
    """Document one handler: place it directly below the route decorator.

    sanic-ext looks documentation up by the function the route holds, so this
    decorator must receive the outermost wrapper (for example the one that
    ``requires_auth`` returns). ``errors`` lists the problem+json statuses the
    operation can return, each as a status or as ``(status, description)``.
    ``auth`` names a security scheme, or a tuple of alternatives in which None
    means anonymous. When every alternative is a bearer scheme, 401 and 403 are
    added to ``errors``. 413 is always added, because Sanic returns it on every
    route when the request line and headers exceed REQUEST_MAX_HEADER_SIZE.
    """
    alternatives = auth if isinstance(auth, tuple) else (auth,)
    statuses = [*errors, 413]
    if set(alternatives) <= {BEARER_AUTH, SERVICE_AUTH}:
        statuses = [401, 403, *statuses]
    all_responses = {str(status): value for status, value in responses.items()}
    for error in statuses:
        status, text = error if isinstance(error, tuple) else (error, None)
        shared = SHARED_ERRORS[status]
        if text is None:
            all_responses[str(status)] = {
                "$ref": f"#/components/responses/{shared.name}"
            }
        else:
            all_responses[str(status)] = problem_response(status, text, shared.detail)

    def decorator(handler: HandlerT) -> HandlerT:
        builder = OperationStore()[handler]
        builder.name(operation_id)
        builder.describe(summary=summary, description=description)
        if tag is not None:
            builder.tag(tag)
        if body is not None:
            builder.requestBody = body
        builder.parameters.extend(parameters)
        builder.responses = all_responses
        if alternatives != (None,):
            # HTTP schemes take no scopes in OpenAPI 3.0, so a required scope is
            # stated in the operation's description.
            builder.security = [{name: []} if name else {} for name in alternatives]
        return handler

    return decorator
