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

from common.testing import ROOT, ServiceProcess, free_port
from tests.conftest import Stack

WEB_ROOT = ROOT / "web" / "dist" / "web" / "browser"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


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
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def tracking_process(stack: Stack) -> ServiceProcess:
    return stack.tracking
