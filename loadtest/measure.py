"""Measuring tools of the benchmarks: wrk and redis-benchmark runs, CPU time and
resident memory of process trees, and a description of the machine."""

import csv
import io
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psutil

# wrk calls done() once at the end; this prints the figures as one JSON line.
WRK_REPORT_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"p50_us":%.1f,"p99_us":%.1f,' ..
    '"max_us":%.1f,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status,
    e.timeout))
end
"""


@dataclass
class LoadResult:
    """One load point: throughput and latency percentiles in milliseconds.

    ``errors`` counts socket errors, timeouts and responses other than 2xx/3xx.
    ``cpu_ms_per_request`` is the user+system CPU time that the server's processes
    spent per request, when the caller measured it.
    """

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms_per_request: float | None = None

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(
    url: str,
    *,
    connections: int,
    seconds: int,
    threads: int = 2,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Load ``url`` with wrk for ``seconds`` with ``connections`` open connections."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT_SCRIPT)
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        script.name,
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 30, check=True
        )
    finally:
        os.unlink(script.name)
    match = re.search(r"^WRK_RESULT (\{.*\})$", completed.stdout, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{completed.stdout}")
    data = json.loads(match.group(1))
    errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors,
    )


def run_redis_benchmark(
    command: list[str], *, connections: int, requests: int, port: int = 6379
) -> LoadResult:
    """Run ``redis-benchmark`` for one command; ``requests`` bounds its duration."""
    completed = subprocess.run(
        [
            "redis-benchmark",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-c",
            str(connections),
            "-n",
            str(requests),
            "--csv",
            *command,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = list(csv.DictReader(io.StringIO(completed.stdout)))
    if not rows:
        raise RuntimeError(f"redis-benchmark printed no result:\n{completed.stdout}")
    row = rows[-1]
    rps = float(row["rps"])
    return LoadResult(
        requests=requests,
        seconds=requests / rps,
        p50_ms=float(row["p50_latency_ms"]),
        p99_ms=float(row["p99_latency_ms"]),
        errors=0,
    )


def process_tree(pid: int) -> list[psutil.Process]:
    """Return the process ``pid`` and all of its descendants."""
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds used so far by ``pid`` and its descendants."""
    total = 0.0
    for process in process_tree(pid):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def process_role(process: psutil.Process, *, is_root: bool, tree_size: int) -> str:
    """Name what a process of a Sanic service does.

    With one worker, Sanic serves in the main process. With more, the main process
    manages the workers, which it starts with the ``spawn`` method and marks with
    ``SANIC_WORKER_NAME``, next to multiprocessing's resource tracker and the
    ``SyncManager`` server that stores shared worker state.
    """
    if is_root:
        return "main (serving)" if tree_size == 1 else "main (worker manager)"
    command = " ".join(process.cmdline())
    if "resource_tracker" in command:
        return "multiprocessing resource tracker"
    worker = process.environ().get("SANIC_WORKER_NAME")
    if worker:
        return f"worker {worker}"
    return "multiprocessing SyncManager"


def python_rss(pid: int) -> list[tuple[str, float]]:
    """Return ``(role, RSS in MiB)`` for ``pid`` and its Python descendants."""
    tree = [p for p in process_tree(pid) if p.name().startswith("python")]
    result = []
    for process in tree:
        try:
            role = process_role(
                process, is_root=process.pid == pid, tree_size=len(tree)
            )
            rss = process.memory_info().rss / 2**20
        except psutil.NoSuchProcess:
            continue
        result.append((role, rss))
    return sorted(result)


def command_version(command: list[str], pattern: str = r"(\d+\.\d+(?:\.\d+)?)") -> str:
    """Return the first version number that ``command`` prints, or "unknown"."""
    if shutil.which(command[0]) is None:
        return "not installed"
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    match = re.search(pattern, completed.stdout + completed.stderr)
    return match.group(1) if match else "unknown"


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine_facts() -> dict[str, str]:
    """Describe the machine: CPU, cores, memory, kernel, OS."""
    os_name = "unknown"
    os_release = Path("/etc/os-release")
    if os_release.exists():
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)', os_release.read_text(), re.M)
        os_name = match.group(1) if match else os_name
    return {
        "CPU": cpu_model(),
        "cores (nproc)": str(os.cpu_count()),
        "memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "OS": os_name,
        "kernel": platform.release(),
    }
