#!/usr/bin/env bash
# The whole test suite: lint, service tests on the real databases, the web app's
# unit tests, and the end-to-end tests in Chromium through nginx. Stops at the
# first failing stage and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${VENV:-.venv}
pytest_args=(-q -p no:cacheprovider)

echo "== ruff"
"$venv/bin/ruff" check .
"$venv/bin/ruff" format --check .

echo "== service tests"
"$venv/bin/pytest" "${pytest_args[@]}" tests --ignore=tests/e2e

echo "== web unit tests"
(cd web && npx ng test --watch=false)

if [ -d tests/e2e ]; then
  # Playwright's sync API cannot share a process with pytest-asyncio's loop.
  echo "== end-to-end tests"
  "$venv/bin/pytest" "${pytest_args[@]}" tests/e2e
fi
