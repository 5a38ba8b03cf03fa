"""End-to-end fixtures: the four services, nginx serving the built web app in front
of them, and Debian's Chromium driven by Playwright."""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from common.testing import ROOT, ServiceProcess, free_port
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Stack
from tests.e2e.helpers import DESKTOP, Cuenta, GatewayApi, log_in

WEB_ROOT = ROOT / "web" / "dist" / "web" / "browser"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

# Short relay retry delays, so that in the outage test the relay catches up within
# seconds of tracking-service coming back, not after a backoff of up to 60 s.
FAST_RELAY = {"RELAY_BACKOFF_CAP": "2", "RELAY_POLL_INTERVAL": "0.5"}

# Pages wait on several services and a live stream: give assertions more than 5 s.
expect.set_options(timeout=10_000)


class Gateway:
    """nginx started with the project's template, in a session of its own."""

    def __init__(self, stack: Stack, prefix: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._prefix = prefix
        ports = stack.ports
        self._env = {
            **os.environ,
            "GATEWAY_PORT": str(self.port),
            "AUTH_UPSTREAM": f"127.0.0.1:{ports['auth_service']}",
            "CLIENTE_UPSTREAM": f"127.0.0.1:{ports['cliente_service']}",
            "PEDIDO_UPSTREAM": f"127.0.0.1:{ports['pedido_service']}",
            "TRACKING_UPSTREAM": f"127.0.0.1:{ports['tracking_service']}",
            "WEB_ROOT": str(WEB_ROOT),
        }
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        log = (self._prefix.parent / "nginx.log").open("ab")
        self._process = subprocess.Popen(
            ["bash", str(ROOT / "nginx" / "run-native.sh"), str(self._prefix)],
            env=self._env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError("nginx exited early; see nginx.log")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url, timeout=1).status_code == 200:
                    return
            time.sleep(0.05)  # polling interval, not synchronisation
        raise TimeoutError("nginx did not answer within 30 s")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            self._process.wait(timeout=10)


@pytest.fixture(scope="session")
def full_stack(stack: Stack) -> Stack:
    for module in ("auth_service", "cliente_service", "tracking_service"):
        stack.start(module)
    if "pedido_service" not in stack.services:
        environment = {**stack.env_for("pedido_service"), **FAST_RELAY}
        stack.services["pedido_service"] = ServiceProcess(
            "pedido_service", environment, stack.log_dir
        )
    stack.start("pedido_service")
    return stack


@pytest.fixture(scope="session")
def gateway(
    full_stack: Stack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gateway]:
    if not (WEB_ROOT / "index.html").exists():
        pytest.fail("the web app is not built: run `make web` first")
    server = Gateway(full_stack, tmp_path_factory.mktemp("nginx") / "prefix")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(gateway: Gateway) -> str:
    return gateway.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "viewport": DESKTOP,
        "device_scale_factor": 1,
        "locale": "es-ES",
        "timezone_id": "Europe/Madrid",
    }


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def api(gateway: Gateway) -> Iterator[GatewayApi]:
    client = GatewayApi(gateway.url)
    yield client
    client.close()


@pytest.fixture(scope="session")
def admin(api: GatewayApi) -> Cuenta:
    """The administrator of the test session, with an access token."""
    return api.login_cuenta(ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture
def cliente(api: GatewayApi) -> Cuenta:
    """A customer signed up through the API, with an access token."""
    return api.register_cliente()


@pytest.fixture
def admin_page(browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    """A page of its own browser context, signed in as the administrator."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    log_in(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    yield page
    context.close()
