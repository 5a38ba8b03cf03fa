"""Accounts of the load test: their tokens, and the customers and orders that the
load test creates through the public API before it starts measuring."""

import logging
import random
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import gevent
import gevent.lock
import gevent.pool
import httpx

logger = logging.getLogger(__name__)
# httpx logs every request at INFO, which would bury the set-up summary.
logging.getLogger("httpx").setLevel(logging.WARNING)

WEB_CLIENT_ID = "web"
CUSTOMER_PASSWORD = "clave-de-carga-2026"

# A token is refreshed at a random point between these fractions of its lifetime,
# so that sessions that logged in together do not all refresh in the same second.
REFRESH_WINDOW = (0.70, 0.85)

# The gateway limits /oauth2/token per client address (nginx limit_req), and every
# simulated user comes from 127.0.0.1. A rejected login waits this long (seconds,
# uniform) before it tries again.
RATE_LIMIT_BACKOFF = (0.3, 1.0)

PRODUCTOS = (
    "Auriculares inalámbricos",
    "Cafetera italiana",
    "Mochila de senderismo",
    "Lámpara de escritorio",
    "Juego de sartenes",
    "Teclado mecánico",
    "Botella térmica",
    "Zapatillas de correr",
)

DIRECCIONES = (
    "Calle Mayor 10, 28013 Madrid",
    "Avenida Diagonal 200, 08018 Barcelona",
    "Calle Larios 5, 29005 Málaga",
    "Gran Vía 40, 48011 Bilbao",
    "Calle San Fernando 3, 41004 Sevilla",
    "Paseo de la Castellana 95, 28046 Madrid",
)


class SetupError(RuntimeError):
    """The test data could not be created through the API."""


@dataclass
class TokenSession:
    """The tokens of one logged-in account, shared by every user acting as it.

    Times are ``time.monotonic()`` values. ``lock`` serialises refreshes: refresh
    tokens rotate, so two concurrent refreshes with one token would make the second
    fail.
    """

    email: str
    password: str
    access_token: str = ""
    refresh_token: str = ""
    refresh_at: float = 0.0
    expires_at: float = 0.0
    lock: gevent.lock.Semaphore = field(
        default_factory=gevent.lock.Semaphore, repr=False
    )

    def store(self, body: dict) -> None:
        """Keep the tokens of a token endpoint response and plan the next refresh."""
        lifetime = float(body["expires_in"])
        now = time.monotonic()
        self.access_token = body["access_token"]
        self.refresh_token = body.get("refresh_token") or self.refresh_token
        self.expires_at = now + lifetime
        self.refresh_at = now + lifetime * random.uniform(*REFRESH_WINDOW)

    def refresh_due(self) -> bool:
        return time.monotonic() >= self.refresh_at

    def postpone_refresh(self, seconds: float) -> None:
        self.refresh_at = time.monotonic() + seconds

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


@dataclass
class KnownPedido:
    """The load test's last view of one order; ``created_at`` is monotonic time."""

    numero: str
    estado: str
    version: int
    created_at: float


@dataclass
class CustomerAccount:
    """A customer created for the load test, with its orders."""

    cliente_id: str
    session: TokenSession
    pedidos: dict[str, KnownPedido] = field(default_factory=dict)

    def remember(self, pedido: dict) -> None:
        """Record an order body (a ``Pedido``) returned by pedido-service."""
        known = self.pedidos.get(pedido["numero"])
        created_at = known.created_at if known else time.monotonic()
        self.pedidos[pedido["numero"]] = KnownPedido(
            numero=pedido["numero"],
            estado=pedido["estado"],
            version=int(pedido["version"]),
            created_at=created_at,
        )


@dataclass
class Population:
    """Everything the measured run starts from."""

    admin: TokenSession
    customers: list[CustomerAccount]

    @property
    def pedido_count(self) -> int:
        return sum(len(customer.pedidos) for customer in self.customers)


def token_form(**fields: str) -> str:
    """Encode a token endpoint form (``application/x-www-form-urlencoded``)."""
    return str(httpx.QueryParams({"client_id": WEB_CLIENT_ID, **fields}))


def new_pedido_body() -> dict:
    return {
        "producto": random.choice(PRODUCTOS),
        "cantidad": random.randint(1, 3),
        "direccion_entrega": random.choice(DIRECCIONES),
    }


def login(
    client: httpx.Client, email: str, password: str, *, deadline: float
) -> TokenSession:
    """Log in with the password grant, waiting out the gateway's rate limit."""
    form = {"grant_type": "password", "username": email, "password": password}
    while True:
        response = client.post(
            "/oauth2/token",
            content=token_form(**form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status_code != 429:
            break
        if time.monotonic() > deadline:
            raise SetupError(f"login of {email} was still rate limited at the deadline")
        gevent.sleep(random.uniform(*RATE_LIMIT_BACKOFF))
    if response.status_code != 200:
        raise SetupError(
            f"login of {email} failed with {response.status_code}: "
            f"{response.text[:200]}"
        )
    session = TokenSession(email=email, password=password)
    session.store(response.json())
    return session


def create_customer(
    client: httpx.Client, *, run_id: str, index: int, pedidos: int, deadline: float
) -> CustomerAccount:
    """Register one customer, log in as it and place ``pedidos`` orders."""
    email = f"carga.{run_id}.{index}@example.com"
    response = client.post(
        "/api/clientes/registro",
        json={
            "nombre": f"Cliente de carga {index}",
            "email": email,
            "password": CUSTOMER_PASSWORD,
            "telefono": f"+34 600 {index // 1000 % 1000:03d} {index % 1000:03d}",
            "direccion": random.choice(DIRECCIONES),
        },
    )
    if response.status_code != 201:
        raise SetupError(
            f"registration of {email} failed with {response.status_code}: "
            f"{response.text[:200]}"
        )
    session = login(client, email, CUSTOMER_PASSWORD, deadline=deadline)
    customer = CustomerAccount(cliente_id=response.json()["id"], session=session)
    for _ in range(pedidos):
        created = client.post(
            "/api/pedidos", json=new_pedido_body(), headers=session.headers
        )
        if created.status_code != 201:
            raise SetupError(
                f"placing an order for {email} failed with {created.status_code}: "
                f"{created.text[:200]}"
            )
        customer.remember(created.json())
    return customer


def missing_tracking(
    client: httpx.Client, admin: TokenSession, numeros: Iterable[str]
) -> list[str]:
    """Return the order numbers that tracking-service does not have yet."""
    pending = list(numeros)
    missing: list[str] = []
    for start in range(0, len(pending), 100):
        chunk = pending[start : start + 100]
        response = client.get(
            "/api/tracking",
            params={"numeros": ",".join(chunk)},
            headers=admin.headers,
        )
        if response.status_code != 200:
            raise SetupError(
                f"GET /api/tracking?numeros=... failed with {response.status_code}: "
                f"{response.text[:200]}"
            )
        missing.extend(response.json()["faltantes"])
    return missing


def wait_for_replication(
    client: httpx.Client, admin: TokenSession, numeros: list[str], *, deadline: float
) -> None:
    """Poll tracking-service until it has every order in ``numeros``."""
    missing = numeros
    while missing:
        missing = missing_tracking(client, admin, missing)
        if not missing:
            return
        if time.monotonic() > deadline:
            raise SetupError(
                f"{len(missing)} of {len(numeros)} orders did not reach "
                f"tracking-service in time, for example {missing[0]}"
            )
        gevent.sleep(0.2)


def build_population(
    base_url: str,
    *,
    customers: int,
    pedidos_per_customer: int,
    admin_email: str,
    admin_password: str,
    concurrency: int = 4,
    timeout: float = 300.0,
) -> Population:
    """Create customers and their orders through the API and log everyone in.

    ``concurrency`` bounds the registrations in flight, because each one hashes a
    password with bcrypt in auth-service. Raises ``SetupError`` on any unexpected
    response, or when the orders are not all in tracking-service within ``timeout``
    seconds of the start.
    """
    started = time.monotonic()
    deadline = started + timeout
    run_id = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        admin = login(client, admin_email, admin_password, deadline=deadline)
        pool = gevent.pool.Pool(concurrency)
        jobs = [
            pool.spawn(
                create_customer,
                client,
                run_id=run_id,
                index=index,
                pedidos=pedidos_per_customer,
                deadline=deadline,
            )
            for index in range(customers)
        ]
        try:
            gevent.joinall(jobs, raise_error=True)
        finally:
            pool.kill()
        population = Population(admin=admin, customers=[job.value for job in jobs])
        numeros = [n for customer in population.customers for n in customer.pedidos]
        wait_for_replication(client, admin, numeros, deadline=deadline)
    logger.info(
        "created %d customers and %d orders in %.1f s",
        len(population.customers),
        population.pedido_count,
        time.monotonic() - started,
    )
    return population
