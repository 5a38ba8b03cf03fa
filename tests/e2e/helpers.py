"""Helpers of the end-to-end tests: setup calls through the gateway and page steps
that several journeys share."""

import re
from dataclasses import dataclass
from pathlib import Path

import httpx
from playwright.sync_api import Locator, Page, expect

from common.testing import unique_name

# Screenshot sizes: a laptop screen and a common phone.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# The forward path of an order, from creation to delivery.
FLUJO = ("CREADO", "CONFIRMADO", "EN_PREPARACION", "ENVIADO", "EN_REPARTO", "ENTREGADO")


@dataclass
class Cuenta:
    """A user with an access token. Only customers have ``id``, ``nombre`` and
    ``direccion``."""

    email: str
    password: str
    token: str
    id: str = ""
    nombre: str = ""
    direccion: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class GatewayApi:
    """Test data set up through the gateway's public API, faster than the pages."""

    def __init__(self, base_url: str) -> None:
        self._http = httpx.Client(base_url=base_url, timeout=10.0)

    def close(self) -> None:
        self._http.close()

    def login_cuenta(self, email: str, password: str) -> Cuenta:
        response = self._http.post(
            "/oauth2/token",
            data={
                "grant_type": "password",
                "client_id": "web",
                "username": email,
                "password": password,
            },
        )
        assert response.status_code == 200, response.text
        return Cuenta(email, password, response.json()["access_token"])

    def register_cliente(self) -> Cuenta:
        """Sign up a new customer and log in as them."""
        suffix = unique_name("e2e")
        body = {
            "nombre": f"Cliente {suffix[-8:]}",
            "email": f"{suffix}@example.com",
            "password": "clave-segura-1",
            "telefono": "+34 600 000 000",
            "direccion": "Calle de Alcalá 10, 28014 Madrid",
        }
        response = self._http.post("/api/clientes/registro", json=body)
        assert response.status_code == 201, response.text
        cuenta = self.login_cuenta(body["email"], body["password"])
        cuenta.id = response.json()["id"]
        cuenta.nombre = body["nombre"]
        cuenta.direccion = body["direccion"]
        return cuenta

    def create_pedido(self, cuenta: Cuenta, producto: str) -> dict:
        """Place an order as ``cuenta`` with the customer's own address."""
        response = self._http.post(
            "/api/pedidos",
            json={
                "producto": producto,
                "cantidad": 1,
                "direccion_entrega": cuenta.direccion,
            },
            headers=cuenta.headers,
        )
        assert response.status_code == 201, response.text
        return response.json()

    def set_estado(self, admin: Cuenta, numero: str, estado: str) -> dict:
        response = self._http.put(
            f"/api/pedidos/{numero}/estado",
            json={"estado": estado},
            headers=admin.headers,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def advance(self, admin: Cuenta, pedido: dict, estado: str) -> dict:
        """Move ``pedido`` forward one state at a time until it reaches ``estado``."""
        start = FLUJO.index(pedido["estado"])
        for siguiente in FLUJO[start + 1 : FLUJO.index(estado) + 1]:
            pedido = self.set_estado(admin, pedido["numero"], siguiente)
        return pedido


def log_in(page: Page, email: str, password: str) -> None:
    """Sign in through the login page and wait for the user's home page."""
    page.goto("/login")
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-email")).to_have_text(email)
    expect(page).not_to_have_url(re.compile(r"/login"))


def pedido_row(page: Page, numero: str) -> Locator:
    return page.locator(f'[data-testid="pedido-row"][data-numero="{numero}"]')


def staleness_of(scope: Page | Locator) -> Locator:
    return scope.get_by_test_id("staleness-badge")


def screenshot(page: Page, path: Path) -> None:
    """Save a screenshot of the page at rest: no hover, focus ring or snack bar."""
    page.mouse.move(0, page.viewport_size["height"] - 1)
    page.evaluate("document.activeElement?.blur()")
    bar = snackbar(page)
    if bar.count():
        bar.get_by_role("button").click()
        expect(bar).to_have_count(0)
    page.screenshot(path=path)


def snackbar(page: Page) -> Locator:
    """The open snack bar, which shows the app's success and error messages."""
    return page.locator("mat-snack-bar-container")
