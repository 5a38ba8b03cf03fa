"""Results of scripts/bench.py and their rendering: the CSV of load points, the
latency chart and docs/BENCHMARKS.md."""

import csv
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from loadtest.measure import LoadResult

TARGETS = {
    "a": "Redis HGETALL (redis-benchmark)",
    "b": "Sanic, constant JSON",
    "c": "Sanic + Redis HGETALL, no auth",
    "d": "tracking-service direct",
    "e": "tracking-service via nginx",
}
RSS_GOAL_MIB = 150.0


@dataclass
class Point:
    """One load point of the read path."""

    target: str
    workers: int
    connections: int
    result: LoadResult
    load_average: float
    round_rates: list[float] = field(default_factory=list)


@dataclass
class LagResult:
    changes: int
    rate: float
    lags_ms: list[float]
    source: str

    def percentile(self, fraction: float) -> float:
        return percentile(self.lags_ms, fraction)


@dataclass
class DrainResult:
    """Outbox drain figures. ``series`` contains (seconds since tracking-service
    was ready, pending rows) pairs from polling ``GET /api/pedidos/sincronizacion``."""

    changes_made: int
    produce_seconds: float
    outage_seconds: float
    backoff_cap_seconds: float
    pending_before: int
    series: list[tuple[float, int]]

    @property
    def first_delivery_seconds(self) -> float | None:
        """The last poll that still saw every row pending, before the first drop."""
        last_full = 0.0
        for seconds, pending in self.series:
            if pending < self.pending_before:
                return last_full
            last_full = seconds
        return None

    @property
    def empty_seconds(self) -> float | None:
        return next((seconds for seconds, pending in self.series if not pending), None)

    @property
    def delivering_seconds(self) -> float | None:
        first, empty = self.first_delivery_seconds, self.empty_seconds
        if first is None or empty is None:
            return None
        return empty - first

    @property
    def overall_rate(self) -> float | None:
        """Changes per second from tracking-service's start to the empty outbox."""
        if not self.empty_seconds:
            return None
        return self.pending_before / self.empty_seconds

    @property
    def rate(self) -> float | None:
        """Changes per second from the first delivery to the empty outbox."""
        if not self.delivering_seconds:
            return None
        return self.pending_before / self.delivering_seconds

    @property
    def peak_rate(self) -> float | None:
        """The highest delivery rate over any window of at least one second."""
        best = None
        for start, (began, pending_start) in enumerate(self.series):
            for ended, pending_end in self.series[start + 1 :]:
                if ended - began >= 1.0:
                    rate = (pending_start - pending_end) / (ended - began)
                    best = rate if best is None else max(best, rate)
                    break
        return best


@dataclass
class LocustResult:
    workers: int
    users: int
    duration: str
    exit_code: int
    rows: list[dict]

    def row(self, name: str) -> dict | None:
        return next((row for row in self.rows if row["Name"] == name), None)


@dataclass
class BenchResults:
    machine: dict[str, str]
    versions: dict[str, str]
    seconds: int
    rounds: int
    started: str
    stack_workers: int
    points: list[Point] = field(default_factory=list)
    lag: LagResult | None = None
    replication_excerpt: str | None = None
    drain: DrainResult | None = None
    locust_runs: list[LocustResult] = field(default_factory=list)
    rss_idle: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    rss_after: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def locust(self) -> LocustResult | None:
        """The locust run with tracking-service on ``stack_workers`` workers."""
        runs = [run for run in self.locust_runs if run.workers == self.stack_workers]
        return runs[-1] if runs else None

    def point(self, target: str, workers: int, connections: int) -> Point | None:
        for point in self.points:
            if (point.target, point.connections) == (target, connections) and (
                target == "a" or point.workers == workers
            ):
                return point
        return None

    def ratio(
        self, top: str, bottom: str, workers: int, connections: int
    ) -> float | None:
        upper = self.point(top, workers, connections)
        lower = self.point(bottom, workers, connections)
        if upper is None or lower is None or not lower.result.requests_per_s:
            return None
        return upper.result.requests_per_s / lower.result.requests_per_s


def cpu_ratio(results: "BenchResults", workers: int, connections: int) -> float | None:
    """Return c's CPU time per request over d's: d/c measured in CPU, not in
    throughput, so that a core taken by other processes matters less."""
    upper = results.point("c", workers, connections)
    lower = results.point("d", workers, connections)
    if upper is None or lower is None:
        return None
    c_cpu, d_cpu = upper.result.cpu_ms_per_request, lower.result.cpu_ms_per_request
    if not c_cpu or not d_cpu:
        return None
    return c_cpu / d_cpu


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=1000, method="inclusive")
    return cuts[min(int(fraction * 1000) - 1, len(cuts) - 1)]


def write_points_csv(results: BenchResults, path: Path) -> None:
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            [
                "target",
                "description",
                "workers",
                "connections",
                "requests_per_s",
                "p50_ms",
                "p99_ms",
                "errors",
                "cpu_ms_per_request",
                "load_average_1min",
                "requests_per_s_of_each_round",
            ]
        )
        for point in results.points:
            result = point.result
            cpu = result.cpu_ms_per_request
            writer.writerow(
                [
                    point.target,
                    TARGETS[point.target],
                    point.workers,
                    point.connections,
                    f"{result.requests_per_s:.1f}",
                    f"{result.p50_ms:.3f}",
                    f"{result.p99_ms:.3f}",
                    result.errors,
                    "" if cpu is None else f"{cpu:.4f}",
                    f"{point.load_average:.2f}",
                    " ".join(f"{rate:.0f}" for rate in point.round_rates),
                ]
            )


def write_drain_csv(drain: DrainResult, path: Path) -> None:
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["seconds_since_tracking_ready", "pending_rows"])
        for seconds, pending in drain.series:
            writer.writerow([f"{seconds:.2f}", pending])


def read_points_csv(path: Path) -> list[dict]:
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def plot_latency(csv_path: Path, png_path: Path) -> None:
    """Draw p50/p99 latency and throughput per target from the points CSV."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = read_points_csv(csv_path)
    labels = [
        f"{row['target']}) {row['description']}\n{row['workers']} worker(s), "
        f"{row['connections']} conn."
        if row["target"] != "a"
        else f"a) {row['description']}\n{row['connections']} conn."
        for row in rows
    ]
    positions = range(len(rows))
    figure, (latency_axis, rate_axis) = plt.subplots(2, 1, figsize=(12, 9), sharex=True)
    width = 0.4
    latency_axis.bar(
        [x - width / 2 for x in positions],
        [float(row["p50_ms"]) for row in rows],
        width,
        label="p50",
    )
    latency_axis.bar(
        [x + width / 2 for x in positions],
        [float(row["p99_ms"]) for row in rows],
        width,
        label="p99",
    )
    latency_axis.set_yscale("log")
    latency_axis.set_ylabel("latency (ms, log scale)")
    latency_axis.legend()
    latency_axis.grid(axis="y", which="both", alpha=0.3)
    latency_axis.set_title("Tracking read path: latency and throughput (closed-loop)")
    rate_axis.bar(positions, [float(row["requests_per_s"]) for row in rows], 0.6)
    rate_axis.set_ylabel("requests/s")
    rate_axis.grid(axis="y", alpha=0.3)
    rate_axis.set_xticks(list(positions))
    rate_axis.set_xticklabels(labels, rotation=70, ha="right", fontsize=7)
    figure.tight_layout()
    figure.savefig(png_path, dpi=110)
    plt.close(figure)
