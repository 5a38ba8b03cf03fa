"""Sign-up and administrator creation: profile plus login, duplicates, races."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.cliente_service.cliente_helpers import PASSWORD, password_grant, signup_body
from tests.conftest import ADMIN_EMAIL, bearer

CLIENTE_FIELDS = {
    "id",
    "nombre",
    "email",
    "telefono",
    "direccion",
    "activo",
    "creado_en",
    "actualizado_en",
}


def test_signup_returns_cliente(signup):
    body = signup_body()

    response = signup(body)

    assert response.status_code == 201, response.text
    cliente = response.json()
    assert set(cliente) == CLIENTE_FIELDS
    assert cliente["nombre"] == body["nombre"]
    assert cliente["email"] == body["email"]
    assert cliente["telefono"] == body["telefono"]
    assert cliente["direccion"] == body["direccion"]
    assert cliente["activo"] is True
    assert cliente["creado_en"].endswith("+00:00")
    assert cliente["actualizado_en"].endswith("+00:00")
    assert response.headers["Location"] == f"/api/clientes/{cliente['id']}"
    assert response.headers["Content-Type"] == "application/json"
    assert PASSWORD not in response.text


def test_signup_login_works_at_once(signup, auth_service, cliente_service):
    body = signup_body()
    cliente = signup(body).json()

    login = password_grant(auth_service.url, body["email"], PASSWORD)

    assert login.status_code == 200, login.text
    token = login.json()["access_token"]
    me = httpx.get(f"{cliente_service.url}/api/clientes/me", headers=bearer(token))
    assert me.status_code == 200, me.text
    assert me.json()["id"] == cliente["id"]


def test_signup_lowercases_email(signup, auth_service):
    body = signup_body()
    body["email"] = body["email"].upper().replace("@EXAMPLE.COM", "@Example.Com")

    response = signup(body)

    assert response.status_code == 201, response.text
    assert response.json()["email"] == body["email"].lower()
    login = password_grant(auth_service.url, body["email"].lower(), PASSWORD)
    assert login.status_code == 200, login.text


def test_signup_password_keeps_spaces(signup, auth_service):
    body = signup_body(password="  clave con espacios  ")

    assert signup(body).status_code == 201

    exact = password_grant(auth_service.url, body["email"], "  clave con espacios  ")
    assert exact.status_code == 200, exact.text


def test_signup_duplicate_email_conflicts(signup):
    body = signup_body()
    assert signup(body).status_code == 201

    again = signup(signup_body(email=body["email"]))

    assert again.status_code == 409, again.text
    assert again.headers["Content-Type"] == "application/problem+json"
    assert again.json()["status"] == 409


def test_signup_case_variant_email_conflicts(signup, clientes_db):
    body = signup_body()
    assert signup(body).status_code == 201

    again = signup(signup_body(email=body["email"].upper()))

    assert again.status_code == 409, again.text
    assert clientes_db.count_email(body["email"]) == 1


def test_signup_email_of_admin_conflicts(signup, clientes_db):
    """An email that only auth-service knows (the administrator's) is taken too."""
    response = signup(signup_body(email=ADMIN_EMAIL))

    assert response.status_code == 409, response.text
    assert clientes_db.count_email(ADMIN_EMAIL) == 0


def test_signup_concurrent_same_email(signup, auth_service, clientes_db):
    email = signup_body()["email"]
    variants = [email, email.upper(), email, email.capitalize()]
    bodies = [
        signup_body(email=variant, password=f"clave-carrera-{index}")
        for index, variant in enumerate(variants)
    ]

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        responses = list(pool.map(signup, bodies))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201, 409, 409, 409], [r.text for r in responses]
    assert clientes_db.count_email(email) == 1
    winner = next(i for i, r in enumerate(responses) if r.status_code == 201)
    for index, body in enumerate(bodies):
        login = password_grant(auth_service.url, email, body["password"])
        expected = 200 if index == winner else 400
        assert login.status_code == expected, (index, login.text)
    profile_id = clientes_db.value(f"SELECT id FROM cliente WHERE email = '{email}'")
    assert profile_id == responses[winner].json()["id"]


def test_create_by_admin(cliente_service, auth_service, admin_token):
    body = signup_body(nombre="Creado Por Admin")

    response = httpx.post(
        f"{cliente_service.url}/api/clientes", json=body, headers=bearer(admin_token)
    )

    assert response.status_code == 201, response.text
    assert response.json()["nombre"] == "Creado Por Admin"
    assert response.headers["Location"] == f"/api/clientes/{response.json()['id']}"
    login = password_grant(auth_service.url, body["email"], PASSWORD)
    assert login.status_code == 200, login.text


def test_create_by_admin_duplicate_conflicts(cliente_service, admin_token, signup):
    body = signup_body()
    assert signup(body).status_code == 201

    response = httpx.post(
        f"{cliente_service.url}/api/clientes",
        json=signup_body(email=body["email"]),
        headers=bearer(admin_token),
    )

    assert response.status_code == 409, response.text


def test_signup_password_not_logged(signup, cliente_service):
    body = signup_body(password="clave-que-no-se-registra")

    assert signup(body).status_code == 201

    assert "clave-que-no-se-registra" not in cliente_service.log_text()
