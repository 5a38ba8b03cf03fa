"""Start-up of auth-service: migrations, seed data and persistent signing keys."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx
import jwt

from common.demo import DEMO_CLIENTES
from common.testing import ROOT, ServiceProcess, free_port
from tests.auth_service.auth_helpers import me, password_grant, psql

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"


def jwks_kids(url: str) -> set[str]:
    return {key["kid"] for key in httpx.get(f"{url}/oauth2/jwks").json()["keys"]}


def start_instances(stack, count: int, **env: str) -> list[ServiceProcess]:
    """Start ``count`` auth-service processes at the same time."""
    processes = [
        ServiceProcess(
            "auth_service",
            {**stack.env_for("auth_service", port=free_port()), **env},
            stack.log_dir,
        )
        for _ in range(count)
    ]
    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            list(pool.map(lambda process: process.start(), processes))
    except BaseException:
        for process in processes:
            process.stop()
        raise
    return processes


def test_restart_keeps_signing_key(stack, auth, fresh_database):
    database_url = f"{POSTGRES_URL}/{fresh_database}"
    process = stack.spawn("auth_service", DATABASE_URL=database_url)
    try:
        tokens = password_grant(process.url, auth.admin_email, auth.admin_password)
        assert tokens.status_code == 200, tokens.text
        kids_before = jwks_kids(process.url)
        process.stop()

        process.start()

        response = me(process.url, tokens.json()["access_token"])
        assert response.status_code == 200, response.text
        assert jwks_kids(process.url) == kids_before
    finally:
        process.stop()
    assert psql(fresh_database, "SELECT count(*) FROM signing_keys") == ["1"]


def test_concurrent_starts_create_one_key(stack, auth, fresh_database):
    database_url = f"{POSTGRES_URL}/{fresh_database}"
    processes = start_instances(stack, 2, DATABASE_URL=database_url)
    try:
        kids = [jwks_kids(process.url) for process in processes]
    finally:
        for process in processes:
            process.stop()

    assert kids[0] == kids[1]
    assert psql(fresh_database, "SELECT count(*) FROM signing_keys") == ["1"]
    admins = psql(
        fresh_database, "SELECT count(*) FROM usuarios WHERE cliente_id IS NULL"
    )
    assert admins == ["1"]


def test_several_workers_share_key(stack, auth, fresh_database):
    database_url = f"{POSTGRES_URL}/{fresh_database}"
    process = stack.spawn("auth_service", DATABASE_URL=database_url, WORKERS="2")
    try:
        tokens = [
            password_grant(process.url, auth.admin_email, auth.admin_password)
            for _ in range(4)
        ]
        checks = [me(process.url, token.json()["access_token"]) for token in tokens]
    finally:
        process.stop()

    assert [token.status_code for token in tokens] == [200] * 4
    assert [check.status_code for check in checks] == [200] * 4
    assert psql(fresh_database, "SELECT count(*) FROM signing_keys") == ["1"]


def test_existing_admin_left_unchanged(stack, auth, fresh_database):
    database_url = f"{POSTGRES_URL}/{fresh_database}"
    process = stack.spawn("auth_service", DATABASE_URL=database_url)
    process.stop()

    changed = stack.spawn(
        "auth_service",
        DATABASE_URL=database_url,
        DEMO_ADMIN_PASSWORD="otra-clave-admin",
    )
    try:
        original = password_grant(changed.url, auth.admin_email, auth.admin_password)
        replaced = password_grant(changed.url, auth.admin_email, "otra-clave-admin")
    finally:
        changed.stop()

    assert original.status_code == 200, original.text
    assert replaced.status_code == 400


def test_demo_customers_seeded(auth):
    for demo in DEMO_CLIENTES:
        response = password_grant(auth.url, demo.email, demo.password)

        assert response.status_code == 200, response.text
        body = me(auth.url, response.json()["access_token"]).json()
        assert body["cliente_id"] == demo.id
        assert body["roles"] == ["ROLE_CLIENTE"]


def test_demo_data_disabled(stack, auth, fresh_database):
    database_url = f"{POSTGRES_URL}/{fresh_database}"
    process = stack.spawn("auth_service", DATABASE_URL=database_url, DEMO_DATA="false")
    try:
        demo = DEMO_CLIENTES[0]
        customer = password_grant(process.url, demo.email, demo.password)
        admin = password_grant(process.url, auth.admin_email, auth.admin_password)
    finally:
        process.stop()

    assert customer.status_code == 400
    assert admin.status_code == 200, admin.text


def test_readiness_checks_database(auth):
    response = httpx.get(f"{auth.url}/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def rotate_key(process: ServiceProcess) -> None:
    subprocess.run(
        [sys.executable, "-m", "auth_service", "rotate-key"],
        cwd=ROOT,
        env={**os.environ, **process.env},
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_rotated_key_keeps_old_tokens(stack, auth, fresh_database):
    database_url = f"{POSTGRES_URL}/{fresh_database}"
    process = stack.spawn("auth_service", DATABASE_URL=database_url)
    try:
        old = password_grant(process.url, auth.admin_email, auth.admin_password)
        old_token = old.json()["access_token"]
        old_kid = jwt.get_unverified_header(old_token)["kid"]
        rotate_key(process)
        process.stop()
        process.start()

        new = password_grant(process.url, auth.admin_email, auth.admin_password)
        new_token = new.json()["access_token"]
        new_kid = jwt.get_unverified_header(new_token)["kid"]
        assert new_kid != old_kid
        assert jwks_kids(process.url) == {old_kid, new_kid}
        assert me(process.url, old_token).status_code == 200
        assert me(process.url, new_token).status_code == 200

        # A key retired longer ago than the token lifetime is no longer published.
        psql(
            fresh_database,
            "UPDATE signing_keys SET retired_at = now() - interval '1 day' "
            f"WHERE kid = '{old_kid}'",
        )
        process.stop()
        process.start()
        assert jwks_kids(process.url) == {new_kid}
        assert me(process.url, old_token).status_code == 401
        assert me(process.url, new_token).status_code == 200
    finally:
        process.stop()
