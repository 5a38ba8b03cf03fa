# Seguimiento de Pedidos: native run, tests and measurements.
# Every target installs what it needs first, so each works on a fresh clone.

VENV ?= .venv
PYTHON := $(VENV)/bin/python
WEB_BUNDLE := web/dist/web/browser/index.html
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/package-lock.json web/angular.json

.PHONY: install system-deps web run test lint format loadtest bench fuzz clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip uv
	$(VENV)/bin/uv pip install --python $(PYTHON) --quiet -r requirements.lock
	$(VENV)/bin/uv pip install --python $(PYTHON) --quiet --no-deps -e .
	touch $@

system-deps:
	scripts/install-system-deps.sh

web: $(WEB_BUNDLE)

$(WEB_BUNDLE): $(WEB_SOURCES)
	cd web && npm ci --no-audit --no-fund && npx ng build
	touch $@

run: install system-deps web
	$(PYTHON) scripts/run.py

test: install system-deps web
	scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Against a running system (make run, or docker compose): BASE_URL, USERS and
# DURATION are read from the environment; see scripts/loadtest.sh.
loadtest: install
	scripts/loadtest.sh

# Starts its own services on free ports and rewrites docs/BENCHMARKS.md.
bench: install system-deps web
	$(PYTHON) scripts/bench.py

# Ten times the examples per operation of the fuzz run in make test. Set
# FUZZ_SEED to the seed schemathesis printed to repeat a failing run.
fuzz: install
	FUZZ_MAX_EXAMPLES=100 $(VENV)/bin/pytest -q -p no:cacheprovider tests/fuzz

clean:
	rm -rf .run web/dist loadtest/results
