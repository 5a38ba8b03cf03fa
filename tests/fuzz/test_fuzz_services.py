"""schemathesis against each service's own OpenAPI document, once per role.

Every phase runs: the documented examples, the coverage cases built from the
schemas' boundaries, random fuzzing in positive and negative mode, and the stateful
phase, which chains operations through the documented links and the ones inferred
from Location headers. Run longer with FUZZ_MAX_EXAMPLES (default in conftest).
"""

import pytest

from common.testing import ServiceProcess
from tests.conftest import service_token
from tests.fuzz.conftest import (
    SERVICE_CLIENTS,
    Credentials,
    role_token,
    run_schemathesis,
)

SERVICES = ("auth_service", "cliente_service", "pedido_service", "tracking_service")
ROLES = ("cliente", "admin")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("module", SERVICES)
def test_service_conforms_to_document(
    fuzz_services: dict[str, ServiceProcess], tmp_path, module, role
):
    auth_url = fuzz_services["auth_service"].url
    credentials = Credentials(
        bearer_token=role_token(role, fuzz_services),
        service_token=service_token(auth_url, SERVICE_CLIENTS[module]),
    )

    result = run_schemathesis(fuzz_services[module].url, credentials, workdir=tmp_path)

    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
