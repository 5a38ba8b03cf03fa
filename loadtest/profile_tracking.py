"""Profile tracking-service's GET /api/tracking/{numero} under load with pyinstrument.

    .venv/bin/python -m loadtest.profile_tracking [--seconds 10] [--connections 50]

Starts a throwaway stack (see loadtest/stack.py), creates a customer with one
order, restarts tracking-service in one process under pyinstrument, loads the
tracking read with wrk, and writes ``tracking.txt``, ``tracking.html`` and
``tracking.pyisession`` (for ``pyinstrument --load``) to ``--output`` (default
loadtest/results/profile).

The profiler runs with ``async_mode="disabled"``, so a sample shows what the event
loop's thread was executing at that moment and time spent waiting on Redis or on
the network is not charged to the coroutine that awaits it. Samples in the event
loop's own poll are time when the worker had nothing to do.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from loadtest.bench_api import create_pedido, register_customer, wait_for_tracking
from loadtest.measure import cpu_seconds, run_wrk
from loadtest.stack import ROOT, BenchStack

DEFAULT_OUTPUT = ROOT / "loadtest/results/profile"


def serve_profiled(output: Path) -> None:
    """Run tracking-service in this process with pyinstrument sampling from the
    first served request on; write the reports when the server stops."""
    from pyinstrument import Profiler
    from sanic import Sanic

    from common.server import serve
    from tracking_service.app import create_app
    from tracking_service.config import Settings

    profiler = Profiler(interval=0.0005, async_mode="disabled")

    def create_profiled_app(settings: Settings) -> Sanic:
        app = create_app(settings)

        @app.after_server_start
        async def start_profiler(app: Sanic) -> None:
            profiler.start()

        @app.before_server_stop
        def write_profile(app: Sanic) -> None:
            session = profiler.stop()
            output.mkdir(parents=True, exist_ok=True)
            text = profiler.output_text(unicode=True, color=False, show_all=False)
            (output / "tracking.txt").write_text(text)
            profiler.write_html(output / "tracking.html")
            session.save(output / "tracking.pyisession")
            print(f"profiled {session.duration:.1f} s", flush=True)

        return app

    settings = Settings.from_env()
    if settings.workers != 1:
        raise SystemExit("profile with WORKERS=1: the profiler sees one process only")
    serve("tracking_service", settings, create_profiled_app)


def profile(seconds: int, connections: int, output: Path) -> None:
    with BenchStack(
        work_dir=Path(tempfile.mkdtemp(prefix="profile-")), bcrypt_rounds=4
    ) as stack:
        for module in ("auth_service", "cliente_service", "tracking_service"):
            stack.start_service(module)
        stack.start_service("pedido_service")
        tracking_url = stack.url("tracking_service")
        customer = register_customer(
            stack.url("cliente_service"), stack.url("auth_service")
        )
        pedido = create_pedido(stack.url("pedido_service"), customer.token)
        wait_for_tracking(tracking_url, customer.token, pedido["numero"])

        command = [sys.executable, "-m", "loadtest.profile_tracking", "--serve"]
        command += ["--output", str(output)]
        process = stack.start_service("tracking_service", command=command)
        cpu_before = cpu_seconds(process.pid)
        result = run_wrk(
            f"{tracking_url}/api/tracking/{pedido['numero']}",
            connections=connections,
            seconds=seconds,
            headers={"Authorization": f"Bearer {customer.token}"},
        )
        cpu_used = cpu_seconds(process.pid) - cpu_before
        stack.stop_service("tracking_service")
    print(process.log_tail(3))
    print(
        f"{result.requests_per_s:.0f} requests/s, p50 {result.p50_ms:.2f} ms, "
        f"p99 {result.p99_ms:.2f} ms, {result.errors} errors, "
        f"{cpu_used * 1000 / max(result.requests, 1):.3f} ms CPU per request "
        "(profiler overhead included)"
    )
    print((output / "tracking.txt").read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="load duration (s)")
    parser.add_argument("--connections", type=int, default=50, help="open connections")
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="report folder"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve:
        serve_profiled(options.output)
    else:
        profile(options.seconds, options.connections, options.output)


if __name__ == "__main__":
    main()
