#!/usr/bin/env bash
# Run the locust scenarios of loadtest/locustfile.py headless against a running
# system and write the HTML report and the CSV files to RESULTS_DIR.
#
# Settings (environment variables, defaults in brackets):
#   BASE_URL        gateway origin [http://127.0.0.1:8080]
#   USERS           simulated users [200]
#   SPAWN_RATE      users started per second [20]
#   DURATION        measured time after the set-up, e.g. 60s or 2m [60s]
#   CUSTOMERS       customers registered before the run [50]
#   PEDIDOS_PER_CUSTOMER  orders placed for each of them before the run [4]
#   TRACKING_P99_LIMIT_MS p99 of the tracking read that fails the run [500]
#   RESULTS_DIR     where the reports go [loadtest/results]
#   DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD  administrator account
#                   [admin@example.com, admin12345]
#
# The exit code is 0 when the p99 of GET /api/tracking/[numero] stayed below the
# limit and no request failed other than the outcomes the scenarios expect (see
# the docstring of loadtest/locustfile.py); 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

BASE_URL="${BASE_URL:-http://127.0.0.1:8080}"
USERS="${USERS:-200}"
SPAWN_RATE="${SPAWN_RATE:-20}"
DURATION="${DURATION:-60s}"
RESULTS_DIR="${RESULTS_DIR:-loadtest/results}"
locust="${LOCUST:-$root/.venv/bin/locust}"

export LOADTEST_CUSTOMERS="${CUSTOMERS:-50}"
export LOADTEST_PEDIDOS_PER_CUSTOMER="${PEDIDOS_PER_CUSTOMER:-4}"
export LOADTEST_TRACKING_P99_LIMIT_MS="${TRACKING_P99_LIMIT_MS:-500}"

mkdir -p "$RESULTS_DIR"
echo "load test: $USERS users against $BASE_URL for $DURATION after the set-up;" \
    "reports in $RESULTS_DIR"

# The hard limit covers the set-up (registrations hash passwords with bcrypt) and
# the measured time, so that a hung run still ends.
measure_seconds=$("$root/.venv/bin/python" -c \
    'import sys; from locust.util.timespan import parse_timespan as p; print(p(sys.argv[1]))' \
    "$DURATION")
hard_limit=$((measure_seconds + 420))

status=0
timeout --signal=TERM --kill-after=30 "$hard_limit" \
    "$locust" -f loadtest/locustfile.py --headless \
    --host "$BASE_URL" \
    --users "$USERS" --spawn-rate "$SPAWN_RATE" \
    --measure-time "$DURATION" \
    --html "$RESULTS_DIR/report.html" \
    --csv "$RESULTS_DIR/loadtest" \
    --only-summary --loglevel INFO || status=$?

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "load test did not finish within $hard_limit s" >&2
fi
exit "$status"
