"""Inputs that schemathesis found to disagree with auth-service's OpenAPI document,
kept as regular tests of the behaviour and of the status the document declares."""

import httpx
import pytest

from tests.conftest import bearer


def documented_statuses(base_url: str, path: str, method: str) -> set[str]:
    response = httpx.get(f"{base_url}/docs/openapi.json", timeout=30)
    assert response.status_code == 200
    return set(response.json()["paths"][path][method]["responses"])


# schemathesis sent "null,null" as the customer id. Sanic's router returns 404 for
# a path segment that is not a UUID, which the document did not list.
@pytest.mark.parametrize("segment", ["null%2Cnull", "no-es-un-uuid"])
def test_delete_usuario_malformed_id_not_found(auth, usuarios_token, segment):
    response = httpx.delete(
        f"{auth.url}/internal/usuarios/cliente/{segment}",
        headers=bearer(usuarios_token),
    )

    assert response.status_code == 404, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    statuses = documented_statuses(
        auth.url, "/internal/usuarios/cliente/{cliente_id}", "delete"
    )
    assert "404" in statuses
