"""Load test of Seguimiento de Pedidos: customers following their orders and
administrators moving orders through their states, all through the gateway.

Run it from the repository root against a running system, for example:

    .venv/bin/locust -f loadtest/locustfile.py --headless \\
        --host http://127.0.0.1:8080 -u 200 -r 20 --measure-time 60s

``scripts/loadtest.sh`` runs it that way and writes the reports.

Before any user starts, the ``test_start`` listener registers ``--customers``
customers through ``POST /api/clientes/registro``, logs each one in once (password
grant of the public client ``web``), places ``--pedidos-per-customer`` orders for
each and waits until tracking-service has all of them. Locust's ``-t`` counts that
set-up; ``--measure-time`` starts counting when it has finished. Several users share
one customer's login, like browser tabs, and refresh its access token before it
expires.

The process exits with 1 when the set-up fails, when the p99 of
``GET /api/tracking/[numero]`` reaches ``--tracking-p99-limit-ms``, or when any
request fails other than with one of these expected outcomes, which count as
successes:

- 409 on ``PATCH /api/pedidos/[numero]``: the version was stale or the order has
  left CONFIRMADO;
- 409 on ``PUT /api/pedidos/[numero]/estado``: another administrator moved the
  order first;
- 404 on a tracking lookup of an order placed less than ``REPLICATION_GRACE``
  seconds earlier, which tracking-service may not have received yet;
- 429 on a token refresh while the access token is still valid: the gateway limits
  token requests per client address, and every simulated user comes from one.
"""

import logging
import math
import random
import time
from collections import Counter
from dataclasses import dataclass, field

import gevent
import httpx
from locust import FastHttpUser, between, events, task
from locust.env import Environment
from locust.exception import StopUser
from locust.util.timespan import parse_timespan

from loadtest.accounts import (
    DIRECCIONES,
    RATE_LIMIT_BACKOFF,
    CustomerAccount,
    Population,
    SetupError,
    TokenSession,
    build_population,
    new_pedido_body,
    token_form,
)

logger = logging.getLogger("loadtest")

TRACKING_NAME = "GET /api/tracking/[numero]"
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}

# Seconds after an order was placed during which tracking-service may still return
# 404 for it, because replication is asynchronous.
REPLICATION_GRACE = 5.0

NEXT_ESTADO = {
    "CREADO": "CONFIRMADO",
    "CONFIRMADO": "EN_PREPARACION",
    "EN_PREPARACION": "ENVIADO",
    "ENVIADO": "EN_REPARTO",
    "EN_REPARTO": "ENTREGADO",
}
# States in which a customer may still change the delivery address.
EDITABLE_ESTADOS = frozenset({"CREADO", "CONFIRMADO"})
ADMIN_PAGE_SIZE = 50


@dataclass
class RunState:
    """Set-up result and outcome counts of the run, read by the final verdict."""

    population: Population | None = None
    setup_error: str | None = None
    expected_outcomes: Counter = field(default_factory=Counter)
    next_customer: int = 0

    def take_customer(self) -> CustomerAccount:
        """Hand out customers in turn, so users spread evenly over the pool."""
        assert self.population is not None
        customers = self.population.customers
        customer = customers[self.next_customer % len(customers)]
        self.next_customer += 1
        return customer


run = RunState()


@events.init_command_line_parser.add_listener
def add_options(parser) -> None:
    parser.add_argument(
        "--customers",
        type=int,
        default=50,
        env_var="LOADTEST_CUSTOMERS",
        help="customers registered before the run (default 50)",
    )
    parser.add_argument(
        "--pedidos-per-customer",
        type=int,
        default=4,
        env_var="LOADTEST_PEDIDOS_PER_CUSTOMER",
        help="orders placed for each customer before the run (default 4)",
    )
    parser.add_argument(
        "--measure-time",
        default="",
        env_var="LOADTEST_MEASURE_TIME",
        help="stop this long after the set-up has finished, e.g. 60s or 2m",
    )
    parser.add_argument(
        "--tracking-p99-limit-ms",
        type=float,
        default=500.0,
        env_var="LOADTEST_TRACKING_P99_LIMIT_MS",
        help="fail when the p99 of the tracking read reaches this (default 500)",
    )
    parser.add_argument(
        "--admin-email",
        default="admin@example.com",
        env_var="DEMO_ADMIN_EMAIL",
        help="administrator account (default admin@example.com)",
    )
    parser.add_argument(
        "--admin-password",
        default="admin12345",
        env_var="DEMO_ADMIN_PASSWORD",
        help="password of the administrator account",
    )


@events.test_start.add_listener
def create_population(environment: Environment, **_kwargs) -> None:
    options = environment.parsed_options
    assert options is not None, "run this file with the locust command"
    try:
        run.population = build_population(
            environment.host,
            customers=options.customers,
            pedidos_per_customer=options.pedidos_per_customer,
            admin_email=options.admin_email,
            admin_password=options.admin_password,
        )
    except (SetupError, httpx.HTTPError) as error:
        run.setup_error = str(error)
        logger.error("set-up failed, stopping: %s", error)
        # quit() kills the runner's greenlets, this listener's among them.
        gevent.spawn(environment.runner.quit)
        return
    # Locust started its clock before this set-up; restart it so that requests/s
    # counts the measured time only.
    environment.stats.reset_all()
    if options.measure_time:
        seconds = parse_timespan(options.measure_time)
        logger.info("set-up done; measuring for %d s", seconds)
        gevent.spawn_later(seconds, environment.runner.quit)


def tracking_verdict(environment: Environment, limit_ms: float) -> list[str]:
    entry = environment.stats.entries.get((TRACKING_NAME, "GET"))
    if entry is None or entry.num_requests == 0:
        return [f"no {TRACKING_NAME} request was made"]
    p99 = entry.get_response_time_percentile(0.99)
    logger.info(
        "%s: %d requests, p50 %s ms, p99 %s ms (limit %s ms)",
        TRACKING_NAME,
        entry.num_requests,
        entry.get_response_time_percentile(0.5),
        p99,
        limit_ms,
    )
    if p99 >= limit_ms:
        return [f"{TRACKING_NAME} p99 is {p99} ms, not below {limit_ms:g} ms"]
    return []


def failure_verdict(environment: Environment) -> list[str]:
    problems = []
    total = environment.stats.total
    if total.num_failures:
        problems.append(
            f"{total.num_failures} of {total.num_requests} requests failed unexpectedly"
        )
        for error in environment.stats.errors.values():
            problems.append(
                f"{error.occurrences} x {error.method} {error.name}: {error.error}"
            )
    for exception in environment.runner.exceptions.values():
        problems.append(f"{exception['count']} x user code raised {exception['msg']}")
    return problems


@events.quitting.add_listener
def judge_run(environment: Environment, **_kwargs) -> None:
    """Set the exit code from the tracking read p99 and the unexpected failures."""
    if run.setup_error is not None:
        problems = [f"set-up failed: {run.setup_error}"]
    else:
        limit_ms = environment.parsed_options.tracking_p99_limit_ms
        problems = tracking_verdict(environment, limit_ms)
        problems += failure_verdict(environment)
    for outcome, count in sorted(run.expected_outcomes.items()):
        logger.info("expected outcome %s: %d", outcome, count)
    for problem in problems:
        logger.error("load test failed: %s", problem)
    if not problems:
        logger.info("load test passed")
    environment.process_exit_code = 1 if problems else 0


def expect_also(response, status: int, outcome: str) -> bool:
    """Mark ``response`` as a success when it has the expected ``status``."""
    if response.status_code != status:
        return False
    response.success()
    run.expected_outcomes[outcome] += 1
    return True


class ApiUser(FastHttpUser):
    """A user acting with one account's tokens, refreshed when due."""

    abstract = True
    session: TokenSession

    def auth_headers(self) -> dict[str, str]:
        if self.session.refresh_due():
            self.refresh_tokens()
        return self.session.headers

    def refresh_tokens(self) -> None:
        session = self.session
        with session.lock:
            # Another user of this account may have refreshed while this one waited.
            if not session.refresh_due():
                return
            form = token_form(
                grant_type="refresh_token", refresh_token=session.refresh_token
            )
            with self.client.post(
                "/oauth2/token",
                data=form,
                headers=FORM_HEADERS,
                name="POST /oauth2/token (refresh_token)",
                catch_response=True,
            ) as response:
                if response.status_code == 200:
                    session.store(response.json())
                    return
                still_valid = time.monotonic() < session.expires_at - 5
                if still_valid and expect_also(response, 429, "429 refresh limited"):
                    session.postpone_refresh(random.uniform(*RATE_LIMIT_BACKOFF))
                    return
                response.failure(f"refresh failed with {response.status_code}")
                session.postpone_refresh(5.0)


def require_population() -> Population:
    if run.population is None:
        raise StopUser()
    return run.population


class CustomerUser(ApiUser):
    """A customer who mostly checks where their orders are."""

    weight = 19
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        require_population()
        self.customer = run.take_customer()
        self.session = self.customer.session

    @task(12)
    def track_pedido(self) -> None:
        pedido = random.choice(list(self.customer.pedidos.values()))
        with self.client.get(
            f"/api/tracking/{pedido.numero}",
            name=TRACKING_NAME,
            headers=self.auth_headers(),
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                numero = response.json().get("numero")
                if numero != pedido.numero:
                    response.failure(f"asked for {pedido.numero}, got {numero}")
                return
            recent = time.monotonic() - pedido.created_at < REPLICATION_GRACE
            if recent and expect_also(response, 404, "404 tracking not replicated"):
                return

    @task(4)
    def list_active_pedidos(self) -> None:
        with self.client.get(
            "/api/pedidos?activos=true&size=50",
            name="GET /api/pedidos?activos=true",
            headers=self.auth_headers(),
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                for item in response.json()["items"]:
                    self.customer.remember(item)

    @task(1)
    def place_pedido(self) -> None:
        with self.client.post(
            "/api/pedidos",
            json=new_pedido_body(),
            name="POST /api/pedidos",
            headers=self.auth_headers(),
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                self.customer.remember(response.json())

    @task(1)
    def change_direccion(self) -> None:
        editable = [
            pedido
            for pedido in self.customer.pedidos.values()
            if pedido.estado in EDITABLE_ESTADOS
        ]
        if not editable:
            self.list_active_pedidos()
            return
        pedido = random.choice(editable)
        body = {
            "direccion_entrega": random.choice(DIRECCIONES),
            "version": pedido.version,
        }
        with self.client.patch(
            f"/api/pedidos/{pedido.numero}",
            json=body,
            name="PATCH /api/pedidos/[numero]",
            headers=self.auth_headers(),
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.customer.remember(response.json())
                return
            expect_also(response, 409, "409 address change conflict")


class AdminUser(ApiUser):
    """An administrator who moves active orders to their next state."""

    weight = 1
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.session = require_population().admin
        self.candidates: list[dict] = []
        self.pages = 1

    @task(1)
    def list_pedidos(self) -> None:
        page = random.randint(1, self.pages)
        with self.client.get(
            f"/api/pedidos?activos=true&size={ADMIN_PAGE_SIZE}&page={page}",
            name="GET /api/pedidos?activos=true (admin)",
            headers=self.auth_headers(),
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                return
            body = response.json()
            self.pages = max(1, math.ceil(body["total"] / ADMIN_PAGE_SIZE))
            self.candidates = [
                item for item in body["items"] if item["estado"] in NEXT_ESTADO
            ]

    @task(2)
    def advance_pedido(self) -> None:
        if not self.candidates:
            self.list_pedidos()
            return
        pedido = self.candidates.pop(random.randrange(len(self.candidates)))
        with self.client.put(
            f"/api/pedidos/{pedido['numero']}/estado",
            json={"estado": NEXT_ESTADO[pedido["estado"]]},
            name="PUT /api/pedidos/[numero]/estado",
            headers=self.auth_headers(),
            catch_response=True,
        ) as response:
            expect_also(response, 409, "409 state change raced")
