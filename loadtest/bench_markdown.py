"""docs/BENCHMARKS.md from the results of one scripts/bench.py run."""

from loadtest.bench_report import RSS_GOAL_MIB, TARGETS, BenchResults, cpu_ratio

TRACKING_NAME = "GET /api/tracking/[numero]"


def number(value: float | None, digits: int = 1) -> str:
    if value is None or value != value:  # None or NaN
        return "n/a"
    return f"{value:,.{digits}f}"


def verdict(ok: bool | None) -> str:
    if ok is None:
        return "not measured"
    return "met" if ok else "missed"


def machine_section(results: BenchResults) -> list[str]:
    lines = ["## Machine, versions and tools", "", "| | |", "| --- | --- |"]
    for name, value in {**results.machine, **results.versions}.items():
        lines.append(f"| {name} | {value} |")
    wrk = results.versions.get("wrk", "?")
    lines += [
        "",
        f"HTTP load came from wrk {wrk} with 2 threads and {results.seconds} s per "
        "point. wrk is closed-loop: each connection sends its next request when the "
        "previous response has arrived, so an overloaded server shows lower "
        "throughput and higher latency, not a growing queue. Redis was loaded with "
        "redis-benchmark, and the user mix with locust. All traffic stayed on "
        "127.0.0.1, and the load generators shared the same cores as the servers.",
        "",
        "The machine may be shared with other work while the benchmark runs. "
        "`docs/benchmarks/results.csv` records the 1-minute load average before each "
        "point, and a value well above the number of cores means that the point "
        "is pessimistic.",
        "",
    ]
    return lines


def ratio_goal(results: BenchResults) -> tuple:
    workers = results.stack_workers
    ratio = results.ratio("d", "c", workers, 50)
    ratios = "; ".join(
        f"{count} worker(s): {number(results.ratio('d', 'c', count, 50), 2)} "
        f"by requests/s, {number(cpu_ratio(results, count, 50), 2)} by CPU time"
        for count in sorted({point.workers for point in results.points})
        if results.ratio("d", "c", count, 50) is not None
    )
    return (
        "tracking-service vs bare Sanic + Redis (d/c), 50 connections; "
        f"judged by requests/s on {workers} worker(s)",
        "≥ 0.9",
        ratios or "n/a",
        None if ratio is None else ratio >= 0.9,
    )


def locust_goal(results: BenchResults) -> tuple:
    locust = results.locust
    row = locust.row(TRACKING_NAME) if locust else None
    p99 = float(row["99%"]) if row else None
    return (
        f"tracking read p99 through nginx, {locust.users if locust else '?'}-user "
        "locust mix",
        "< 50 ms",
        f"{number(p99, 0)} ms",
        None if p99 is None else p99 < 50,
    )


def lag_goal(results: BenchResults) -> tuple:
    lag = results.lag
    p99 = lag.percentile(0.99) if lag else None
    return (
        "replication lag p99, commit to Redis, steady "
        f"{number(lag.rate if lag else None, 0)} changes/s",
        "< 100 ms",
        f"{number(p99)} ms",
        None if p99 is None else p99 < 100,
    )


def drain_goal(results: BenchResults) -> tuple:
    rate = results.drain.overall_rate if results.drain else None
    return (
        "outbox drain, from tracking-service's start to the empty outbox",
        "≥ 1,000 changes/s",
        f"{number(rate, 0)} changes/s",
        None if rate is None else rate >= 1000,
    )


def memory_goal(results: BenchResults) -> tuple:
    all_rss = [
        rss
        for snapshot in (results.rss_idle, results.rss_after)
        for processes in snapshot.values()
        for _, rss in processes
    ]
    max_rss = max(all_rss) if all_rss else None
    return (
        "RSS of each service process, idle and after the locust run",
        f"< {RSS_GOAL_MIB:.0f} MiB",
        f"max {number(max_rss)} MiB",
        None if max_rss is None else max_rss < RSS_GOAL_MIB,
    )


def goals_section(results: BenchResults) -> list[str]:
    lines = [
        "## Goals",
        "",
        "| goal | target | measured | |",
        "| --- | --- | --- | --- |",
    ]
    for goal in (ratio_goal, locust_goal, lag_goal, drain_goal, memory_goal):
        description, target, measured, ok = goal(results)
        lines.append(f"| {description} | {target} | {measured} | {verdict(ok)} |")
    return [*lines, ""]


def read_path_section(results: BenchResults) -> list[str]:
    lines = [
        "## Read path",
        "",
        "Each point reads one tracking entry (a Redis hash of six fields) again and "
        "again. (a) is Redis alone. (b) and (c) are the two endpoints of "
        "`loadtest/baseline_server.py`: (b) returns constant JSON, and (c) runs the "
        "same `HGETALL` as tracking-service, without token check or middleware. "
        "(d) is `GET /api/tracking/{numero}` on tracking-service with a customer's "
        "valid token, and (e) is the same request through nginx. CPU per request "
        "is the user and system time of the server's processes (nginx and "
        "tracking-service for (e)) divided by the requests served. Each point ran "
        f"{results.rounds} time(s), alternating with the other targets, and the "
        "table keeps the fastest run; the last column lists every run.",
        "",
        "| target | workers | connections | requests/s | p50 ms | p99 ms "
        "| CPU ms/request | errors | requests/s of each run |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for point in results.points:
        result = point.result
        workers = "—" if point.target == "a" else str(point.workers)
        lines.append(
            f"| {point.target}) {TARGETS[point.target]} | {workers} "
            f"| {point.connections} | {number(result.requests_per_s, 0)} "
            f"| {number(result.p50_ms, 2)} | {number(result.p99_ms, 2)} "
            f"| {number(result.cpu_ms_per_request, 3)} | {result.errors} "
            f"| {', '.join(number(rate, 0) for rate in point.round_rates)} |"
        )
    lines += [
        "",
        "Throughput ratios, and d/c from CPU time per request (c's over d's):",
        "",
        "| workers | connections | d/c | d/c by CPU time | d/b | e/d |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    combos = sorted(
        {(p.workers, p.connections) for p in results.points if p.target != "a"}
    )
    for workers, connections in combos:
        ratios = [
            number(results.ratio(top, bottom, workers, connections), 2)
            for top, bottom in (("d", "c"), ("d", "b"), ("e", "d"))
        ]
        ratios.insert(1, number(cpu_ratio(results, workers, connections), 2))
        lines.append(f"| {workers} | {connections} | {' | '.join(ratios)} |")
    lines += [
        "",
        "![p50 and p99 latency and throughput per target](benchmarks/latency.png)",
        "",
        "Data: [benchmarks/results.csv](benchmarks/results.csv).",
        "",
    ]
    return lines


def locust_section(results: BenchResults) -> list[str]:
    locust = results.locust
    if locust is None:
        return ["## User mix through nginx", "", "Not run.", ""]
    lines = [
        "## User mix through nginx",
        "",
        f"`scripts/loadtest.sh` ran `loadtest/locustfile.py` with {locust.users} users "
        f"for {locust.duration} after its set-up, against the gateway, with "
        f"tracking-service on {locust.workers} worker(s) and the other services on "
        f"one. Exit code: {locust.exit_code} (0 means that the tracking read p99 "
        "stayed under 500 ms and that no request failed unexpectedly). Locust "
        "measures each response time on the client, so the figures include the "
        "time that its own process waited for a core.",
        "",
        "| request | requests | failures | requests/s | p50 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in locust.rows:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} "
            f"| {number(float(row['Requests/s']))} | {row['50%']} | {row['99%']} |"
        )
    if len(results.locust_runs) > 1:
        lines += [
            "",
            "The same mix with each worker count of tracking-service:",
            "",
            "| workers | tracking reads/s | tracking p50 ms | tracking p99 ms "
            "| all requests p99 ms | exit code |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for run in sorted(results.locust_runs, key=lambda run: run.workers):
            tracking = run.row(TRACKING_NAME) or {}
            total = run.row("Aggregated") or {}
            rate = tracking.get("Requests/s")
            lines.append(
                f"| {run.workers} | {number(float(rate) if rate else None)} "
                f"| {tracking.get('50%', 'n/a')} | {tracking.get('99%', 'n/a')} "
                f"| {total.get('99%', 'n/a')} | {run.exit_code} |"
            )
    return [*lines, ""]


def lag_section(results: BenchResults) -> list[str]:
    lag = results.lag
    lines = ["## Replication lag", ""]
    if lag is None:
        lines += ["Not measured at a steady rate.", ""]
    else:
        worst = max(lag.lags_ms, default=None)
        lines += [
            lag.source,
            "",
            "| changes | p50 ms | p99 ms | max ms |",
            "| --- | --- | --- | --- |",
            f"| {len(lag.lags_ms)} | {number(lag.percentile(0.5))} "
            f"| {number(lag.percentile(0.99))} | {number(worst)} |",
            "",
        ]
    if results.replication_excerpt:
        lines += [
            "`scripts/bench_replication.py` ran against the same stack, sending "
            "edits as fast as responses came back with 1 and 4 requests in flight "
            "and timing each change until tracking-service's event stream carried "
            "it. Its result:",
            "",
            results.replication_excerpt,
            "",
        ]
    return lines


def drain_section(results: BenchResults) -> list[str]:
    drain = results.drain
    if drain is None:
        return ["## Outbox drain", "", "Not measured.", ""]
    return [
        "## Outbox drain",
        "",
        f"With tracking-service stopped, {drain.changes_made:,} changes went through "
        "pedido-service's API (orders created, then moved four states on) in "
        f"{number(drain.produce_seconds)} s, leaving {drain.pending_before:,} rows "
        f"in the outbox. tracking-service was down for {number(drain.outage_seconds)} "
        "s in all. Then it started again and "
        "`GET /api/pedidos/sincronizacion` was polled every 0.1 s. The relay "
        "retries failed rows after a capped exponential backoff with full jitter "
        f"(`RELAY_BACKOFF_CAP` {number(drain.backoff_cap_seconds)} s in this run), "
        "so the first delivery waits for the earliest retry. That first "
        "successful send makes every other waiting row due at once, so the rest "
        "drains at the relay's speed whatever the outage length. The overall "
        "rate counts from tracking-service's start, the next "
        "one from the first delivery, and the peak rate is the best rate over "
        "any window of at least one second. Data: "
        "[benchmarks/drain.csv](benchmarks/drain.csv).",
        "",
        "| pending rows | first delivery after | outbox empty after "
        "| overall rate | rate from first delivery | peak rate |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {drain.pending_before:,} | {number(drain.first_delivery_seconds)} s "
        f"| {number(drain.empty_seconds)} s "
        f"| {number(drain.overall_rate, 0)} changes/s "
        f"| {number(drain.rate, 0)} changes/s "
        f"| {number(drain.peak_rate, 0)} changes/s |",
        "",
    ]


def memory_section(results: BenchResults) -> list[str]:
    lines = [
        "## Memory",
        "",
        "Resident set size (RSS) of each Python process of each service, right "
        "after start and again after the locust run. With more than one worker, "
        "Sanic's main process manages the workers and starts two helper processes "
        "of Python's multiprocessing module; with one, the main process serves.",
        "",
        "| service | process | idle MiB | after MiB |",
        "| --- | --- | --- | --- |",
    ]
    for service, idle in results.rss_idle.items():
        after = dict(results.rss_after.get(service, []))
        for role, rss in idle:
            lines.append(
                f"| {service} | {role} | {number(rss)} | {number(after.get(role))} |"
            )
    return [*lines, ""]


def reproduce_section() -> list[str]:
    return [
        "## Reproduce",
        "",
        "- `make bench` runs `scripts/bench.py` with its defaults; "
        "`.venv/bin/python scripts/bench.py --help` lists the options (seconds and "
        "rounds per point, connection and worker counts, locust users and "
        "duration, the sizes of the lag and drain steps).",
        "- `make loadtest` runs only the locust mix (`scripts/loadtest.sh`) against "
        "a system that is already running, such as `make run`.",
        "- `.venv/bin/python -m loadtest.profile_tracking` profiles tracking-service "
        "under wrk load with pyinstrument and writes the call tree to "
        "`loadtest/results/profile/`.",
        "",
    ]


def render_markdown(results: BenchResults, command: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `{command}` (`scripts/bench.py`) on {results.started}, in one "
        "run on the machine described below. Run it again to refresh this page, "
        "the chart and the CSV.",
        "",
    ]
    if results.notes:
        lines += ["Notes from this run:", ""]
        lines += [f"- {note}" for note in results.notes]
        lines.append("")
    lines += goals_section(results)
    lines += machine_section(results)
    lines += read_path_section(results)
    lines += locust_section(results)
    lines += lag_section(results)
    lines += drain_section(results)
    lines += memory_section(results)
    lines += reproduce_section()
    return "\n".join(lines).rstrip() + "\n"
