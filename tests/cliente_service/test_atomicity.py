"""Sign-up and deactivation keep the profile and the login together when one of
the two services fails part-way."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from common.testing import free_port
from tests.cliente_service.cliente_helpers import (
    PASSWORD,
    password_grant,
    signup_body,
    wait_until,
)
from tests.conftest import bearer


@pytest.fixture(scope="module")
def dead_auth_cliente(stack):
    """A cliente-service whose AUTH_URL points at a port where nothing listens."""
    process = stack.spawn("cliente_service", AUTH_URL=f"http://127.0.0.1:{free_port()}")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def stopped_auth_cliente(stack, admin_token):
    """A cliente-service whose own auth-service instance stopped after one request.

    That request loads the signing keys, so the instance still verifies access
    tokens, while every call it makes to auth-service fails.
    """
    auth = stack.spawn("auth_service")
    try:
        cliente = stack.spawn("cliente_service", AUTH_URL=auth.url)
        headers = bearer(admin_token)
        warm_up = httpx.get(f"{cliente.url}/api/clientes", headers=headers)
        assert warm_up.status_code == 200, warm_up.text
    finally:
        auth.stop()
    yield cliente
    cliente.stop()


def waiting_on_lock(clientes_db, exclude: str) -> list[str]:
    """Return the pids of sessions of the clientes database blocked on a lock."""
    rows = clientes_db.query(
        "SELECT pid FROM pg_stat_activity "
        f"WHERE datname = '{clientes_db.name}' AND wait_event_type = 'Lock' "
        f"AND application_name <> '{exclude}'"
    )
    return [row[0] for row in rows]


def test_signup_auth_down_leaves_nothing(
    dead_auth_cliente, cliente_service, auth_service, clientes_db, signup
):
    body = signup_body()

    response = signup(body, url=dead_auth_cliente.url)

    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert clientes_db.count_email(body["email"]) == 0
    login = password_grant(auth_service.url, body["email"], PASSWORD)
    assert login.status_code == 400, login.text
    retry = signup(body, url=cliente_service.url)
    assert retry.status_code == 201, retry.text
    assert clientes_db.count_email(body["email"]) == 1
    login = password_grant(auth_service.url, body["email"], PASSWORD)
    assert login.status_code == 200, login.text


def test_admin_create_auth_down_leaves_nothing(
    stopped_auth_cliente, clientes_db, admin_token
):
    body = signup_body()

    response = httpx.post(
        f"{stopped_auth_cliente.url}/api/clientes",
        json=body,
        headers=bearer(admin_token),
        timeout=30,
    )

    assert response.status_code == 503, response.text
    assert clientes_db.count_email(body["email"]) == 0


def test_deactivate_auth_down_changes_nothing(
    stopped_auth_cliente, auth_service, create_cliente, admin_token
):
    ana = create_cliente()
    url = f"{stopped_auth_cliente.url}/api/clientes/{ana.id}"

    response = httpx.delete(url, headers=bearer(admin_token), timeout=30)

    assert response.status_code == 503, response.text
    profile = httpx.get(url, headers=bearer(admin_token))
    assert profile.json()["activo"] is True
    login = password_grant(auth_service.url, ana.email, PASSWORD)
    assert login.status_code == 200, login.text


def test_update_auth_down_changes_nothing(
    stopped_auth_cliente, create_cliente, admin_token
):
    ana = create_cliente()
    url = f"{stopped_auth_cliente.url}/api/clientes/{ana.id}"

    response = httpx.put(
        url,
        json={"activo": False, "nombre": "No Debe Cambiar"},
        headers=bearer(admin_token),
        timeout=30,
    )

    assert response.status_code == 503, response.text
    assert httpx.get(url, headers=bearer(admin_token)).json() == ana.cliente


def test_update_without_activo_needs_no_auth(
    stopped_auth_cliente, create_cliente, admin_token
):
    ana = create_cliente()

    response = httpx.put(
        f"{stopped_auth_cliente.url}/api/clientes/{ana.id}",
        json={"nombre": "Cambio Local"},
        headers=bearer(admin_token),
        timeout=30,
    )

    assert response.status_code == 200, response.text
    assert response.json()["nombre"] == "Cambio Local"


def test_signup_commit_conflict_removes_login(
    cliente_service, auth_service, clientes_db, signup
):
    """The email check at COMMIT fails after auth-service created the login.

    A concurrent writer inserts a profile with the same email and keeps its
    transaction open, so the sign-up's COMMIT waits for it. Then the writer commits.
    """
    body = signup_body()
    other_id = str(uuid.uuid4())
    with clientes_db.session() as writer, ThreadPoolExecutor(1) as pool:
        writer.send("BEGIN;")
        writer.send(
            "INSERT INTO cliente (id, nombre, email, telefono, direccion, activo, "
            f"creado_en, actualizado_en) VALUES ('{other_id}', 'Otra', "
            f"'{body['email']}', '+34 600 000 001', 'Calle 1', true, now(), now());"
        )
        wait_until(lambda: writer.state() == "idle in transaction")
        pending = pool.submit(signup, body)
        wait_until(lambda: waiting_on_lock(clientes_db, writer.application_name))
        writer.send("COMMIT;")
        response = pending.result(timeout=30)

    assert response.status_code == 409, response.text
    rows = clientes_db.query(f"SELECT id FROM cliente WHERE email = '{body['email']}'")
    assert rows == [[other_id]]
    login = password_grant(auth_service.url, body["email"], PASSWORD)
    assert login.status_code == 400, login.text
    # The email is free again in auth-service once the conflicting row is gone.
    clientes_db.query(f"DELETE FROM cliente WHERE id = '{other_id}'")
    assert signup(body).status_code == 201


def test_signup_commit_connection_lost_removes_login(
    cliente_service, auth_service, clientes_db, signup
):
    """The sign-up's database connection is killed while its COMMIT waits."""
    body = signup_body()
    with clientes_db.session() as writer, ThreadPoolExecutor(1) as pool:
        writer.send("BEGIN;")
        writer.send(
            "INSERT INTO cliente (id, nombre, email, telefono, direccion, activo, "
            f"creado_en, actualizado_en) VALUES ('{uuid.uuid4()}', 'Otra', "
            f"'{body['email']}', '+34 600 000 001', 'Calle 1', true, now(), now());"
        )
        wait_until(lambda: writer.state() == "idle in transaction")
        pending = pool.submit(signup, body)
        wait_until(lambda: waiting_on_lock(clientes_db, writer.application_name))
        (pid,) = waiting_on_lock(clientes_db, writer.application_name)
        clientes_db.query(f"SELECT pg_terminate_backend({pid})")
        response = pending.result(timeout=30)
        writer.send("ROLLBACK;")

    assert response.status_code == 503, response.text
    assert clientes_db.count_email(body["email"]) == 0
    login = password_grant(auth_service.url, body["email"], PASSWORD)
    assert login.status_code == 400, login.text
    retry = signup(body)
    assert retry.status_code == 201, retry.text
    login = password_grant(auth_service.url, body["email"], PASSWORD)
    assert login.status_code == 200, login.text
