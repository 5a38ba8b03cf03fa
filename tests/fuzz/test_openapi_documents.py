"""Each service's OpenAPI document: valid OpenAPI 3, every endpoint of the HTTP
contract present, errors as problem+json, and the Swagger UI page that loads it."""

import re

import httpx
import pytest
from openapi_spec_validator import validate

from common.testing import ServiceProcess

HEALTH = {("get", "/health/live"), ("get", "/health/ready")}

# Every endpoint of the public contract plus the internal ones, per service, with
# path parameters written as "{}".
OPERATIONS = {
    "auth_service": {
        ("post", "/oauth2/token"),
        ("post", "/oauth2/revoke"),
        ("get", "/oauth2/jwks"),
        ("get", "/.well-known/oauth-authorization-server"),
        ("get", "/api/auth/me"),
        ("post", "/internal/usuarios"),
        ("patch", "/internal/usuarios/cliente/{}"),
        ("delete", "/internal/usuarios/cliente/{}"),
    },
    "cliente_service": {
        ("post", "/api/clientes/registro"),
        ("post", "/api/clientes"),
        ("get", "/api/clientes"),
        ("get", "/api/clientes/me"),
        ("put", "/api/clientes/me"),
        ("get", "/api/clientes/{}"),
        ("put", "/api/clientes/{}"),
        ("delete", "/api/clientes/{}"),
    },
    "pedido_service": {
        ("post", "/api/pedidos"),
        ("get", "/api/pedidos"),
        ("get", "/api/pedidos/{}"),
        ("patch", "/api/pedidos/{}"),
        ("put", "/api/pedidos/{}/estado"),
        ("post", "/api/pedidos/{}/cancelar"),
        ("get", "/api/pedidos/{}/historial"),
        ("get", "/api/pedidos/sincronizacion"),
        ("post", "/api/pedidos/sincronizacion/reconstruir"),
    },
    "tracking_service": {
        ("get", "/api/tracking"),
        ("get", "/api/tracking/{}"),
        ("get", "/api/tracking/{}/historial"),
        ("get", "/api/tracking/stream"),
        ("put", "/internal/tracking"),
        ("put", "/internal/tracking/{}"),
    },
}

TITLES = {
    "auth_service": "auth-service",
    "cliente_service": "cliente-service",
    "pedido_service": "pedido-service",
    "tracking_service": "tracking-service",
}

# RFC 6749 section 5.2 fixes the error shape of the token endpoints.
OAUTH_PATHS = re.compile(r"^/oauth2/")
METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture(scope="module")
def documents(fuzz_services: dict[str, ServiceProcess]) -> dict[str, dict]:
    result = {}
    for module, process in fuzz_services.items():
        response = httpx.get(f"{process.url}/docs/openapi.json", timeout=30)
        assert response.status_code == 200, response.text
        result[module] = response.json()
    return result


def operations_of(document: dict) -> dict[tuple[str, str], dict]:
    found = {}
    for path, item in document["paths"].items():
        template = re.sub(r"\{[^}]+\}", "{}", path)
        for method, operation in item.items():
            if method in METHODS:
                found[(method, template)] = operation
    return found


def error_statuses(operation: dict) -> list[str]:
    return [status for status in operation["responses"] if status[0] in "45"]


@pytest.mark.parametrize("module", sorted(OPERATIONS))
def test_document_is_valid_openapi(documents, module):
    document = documents[module]

    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == TITLES[module]
    assert document["info"]["description"]


@pytest.mark.parametrize("module", sorted(OPERATIONS))
def test_document_lists_contract_paths(documents, module):
    found = set(operations_of(documents[module]))

    missing = (OPERATIONS[module] | HEALTH) - found
    assert not missing, f"undocumented: {sorted(missing)}"
    unexpected = found - OPERATIONS[module] - HEALTH
    assert not unexpected, f"not in the contract: {sorted(unexpected)}"


@pytest.mark.parametrize("module", sorted(OPERATIONS))
def test_document_operations_fully_described(documents, module):
    for key, operation in operations_of(documents[module]).items():
        successes = [status for status in operation["responses"] if status[0] in "23"]
        assert successes, f"{key} documents no success response"
        assert operation.get("operationId"), f"{key} has no operationId"
        assert operation.get("summary"), f"{key} has no summary"
        if operation.get("security"):
            assert "401" in operation["responses"], f"{key} lacks 401"


@pytest.mark.parametrize("module", sorted(OPERATIONS))
def test_document_errors_are_problems(documents, module):
    document = documents[module]
    shared = document["components"]["responses"]
    assert "Problem" in document["components"]["schemas"]
    for (method, path), operation in operations_of(document).items():
        if OAUTH_PATHS.match(path):
            continue
        for status in error_statuses(operation):
            response = operation["responses"][status]
            if "$ref" in response:
                response = shared[response["$ref"].rsplit("/", 1)[-1]]
            content = response["content"]
            assert list(content) == ["application/problem+json"], (method, path)
            schema = content["application/problem+json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path)


@pytest.mark.parametrize("module", sorted(OPERATIONS))
def test_document_declares_security_schemes(documents, module):
    schemes = documents[module]["components"]["securitySchemes"]

    for name in ("bearerAuth", "serviceAuth"):
        assert schemes[name]["type"] == "http"
        assert schemes[name]["scheme"] == "bearer"
        assert schemes[name]["bearerFormat"] == "JWT"
    assert schemes["clientBasic"]["type"] == "http"
    assert schemes["clientBasic"]["scheme"] == "basic"


@pytest.mark.parametrize("module", sorted(OPERATIONS))
def test_swagger_ui_loads_document(fuzz_services, module):
    response = httpx.get(f"{fuzz_services[module].url}/docs", timeout=30)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert '"/docs/openapi.json"' in response.text
