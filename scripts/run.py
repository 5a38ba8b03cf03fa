"""Run the whole system natively in the foreground: four services and the nginx
gateway, their logs interleaved on the terminal. Ctrl-C stops everything.

Each service starts with the same command as its container (``python -m <package>``)
and reads its settings from the environment, so a variable exported before
``make run`` (for example ``DEMO_ADMIN_PASSWORD``) reaches it.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run"

# package and port, in start order: auth first, pedido after what it calls
SERVICES = (
    ("auth_service", 8001),
    ("cliente_service", 8002),
    ("tracking_service", 8004),
    ("pedido_service", 8003),
)
COLORS = ("\033[36m", "\033[35m", "\033[33m", "\033[32m", "\033[34m")
RESET = "\033[0m"


def service_env(package: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env["PORT"] = str(port)
    env.setdefault("AUTH_URL", "http://127.0.0.1:8001")
    env.setdefault("CLIENTE_URL", "http://127.0.0.1:8002")
    env.setdefault("TRACKING_URL", "http://127.0.0.1:8004")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def pipe_output(name: str, color: str, stream) -> None:
    use_color = sys.stdout.isatty()
    label = f"{color}{name:<9}{RESET}" if use_color else f"{name:<9}"
    for line in iter(stream.readline, b""):
        sys.stdout.write(f"{label} | {line.decode(errors='replace')}")
        sys.stdout.flush()


def start(name: str, command: list[str], env: dict[str, str], color: str):
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    threading.Thread(
        target=pipe_output, args=(name, color, process.stdout), daemon=True
    ).start()
    return process


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} was not ready after {timeout:.0f} s")


def stop_all(processes: list[subprocess.Popen]) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        remaining = max(deadline - time.monotonic(), 0.1)
        try:
            process.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main() -> int:
    RUN_DIR.mkdir(exist_ok=True)
    processes: list[subprocess.Popen] = []
    names: list[str] = []
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        for index, (package, port) in enumerate(SERVICES):
            name = package.removesuffix("_service")
            env = service_env(package, port)
            command = [sys.executable, "-m", package]
            process = start(name, command, env, COLORS[index])
            processes.append(process)
            names.append(name)
            wait_ready(f"http://127.0.0.1:{port}/health/ready", process)
        gateway_port = os.environ.get("GATEWAY_PORT", "8080")
        nginx_env = {
            **os.environ,
            "GATEWAY_PORT": gateway_port,
            "WEB_ROOT": str(ROOT / "web/dist/web/browser"),
        }
        command = ["bash", "nginx/run-native.sh", str(RUN_DIR / "nginx")]
        processes.append(start("nginx", command, nginx_env, COLORS[4]))
        names.append("nginx")
        wait_ready(f"http://127.0.0.1:{gateway_port}/", processes[-1])
        admin = os.environ.get("DEMO_ADMIN_EMAIL", "admin@example.com")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "admin12345")
        print(
            f"\nSeguimiento de Pedidos is running at http://localhost:{gateway_port}\n"
            f"Administrator: {admin} / {password}\n"
            "Demo customers: ana@example.com / ana12345, luis@example.com / luis12345\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        while not stopping.is_set():
            for name, process in zip(names, processes, strict=True):
                if process.poll() is not None:
                    print(
                        f"{name} exited with code {process.returncode}; "
                        "stopping everything",
                        flush=True,
                    )
                    return 1
            stopping.wait(0.5)
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all(processes)


if __name__ == "__main__":
    sys.exit(main())
