# The two commands of the README:
#   make e2e   - set up, then run the demo suites headless in parallel -> reports/report.html
#   make test  - set up, then ruff, mypy and every test (what CI runs)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NPM_STAMP := demo_app/node_modules/.installed
PY_STAMP := $(VENV)/.installed
export SE_AVOID_STATS := true
PYTEST_REPORT := --html=reports/report.html --self-contained-html --junitxml=reports/junit.xml

.PHONY: setup e2e test lint unit soak bench grid-start grid-stop grid-e2e clean jupyterlab dist postgres

GRID_STAMP := grid/node_modules/.installed
VENDOR_STAMP := e2e/checks/vendor/node_modules/.installed
QUERIES := e2e/queries/vendor/queries.js
setup: $(PY_STAMP) $(NPM_STAMP) $(GRID_STAMP) $(VENDOR_STAMP) $(QUERIES) browser postgres

# PostgreSQL's server programs, for the test of a shared run history (tests/plugin/
# test_history.py starts and stops a throwaway cluster of its own). Debian's package,
# without the main cluster it would otherwise create and start.
.PHONY: postgres
postgres:
	@if [ -z "$$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    mkdir -p /etc/postgresql-common && \
	    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else \
	    echo "PostgreSQL is not installed (apt-get install postgresql): the shared-history test will be skipped"; \
	  fi; \
	fi

# The query engine of Locator.role/label/text/...: engine.js bundled with
# dom-accessibility-api by esbuild (pinned in e2e/queries/vendor/package-lock.json).
$(QUERIES): e2e/queries/engine.js e2e/queries/chooser.js e2e/queries/index.js e2e/queries/vendor/build.mjs e2e/queries/vendor/package.json e2e/queries/vendor/package-lock.json
	cd e2e/queries/vendor && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

# axe-core, shipped inside the e2e package as package data (e2e/checks/accessibility.py).
$(VENDOR_STAMP): e2e/checks/vendor/package.json e2e/checks/vendor/package-lock.json
	cd e2e/checks/vendor && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(GRID_STAMP): grid/package.json grid/package-lock.json
	cd grid && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(NPM_STAMP): demo_app/package.json demo_app/package-lock.json
	cd demo_app && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browsers and drivers of the three engines, installed with apt-get where missing
# (`e2e install`; E2E_ENGINES chooses engines, E2E_SKIP_BROWSER_INSTALL=1 only checks).
.PHONY: browser
browser: $(PY_STAMP)
	@$(VENV)/bin/e2e install

# A trace of every failing test (docs/debugging.md); TRACE=off or TRACE=on to change it.
TRACE ?= retain-on-failure
# The engine of `make e2e`: chrome, chromium, firefox or webkit.
BROWSER ?= chrome
# SHARD=2/4 runs one part of the suites, RERUNS=1 reruns a failing test once (a pass on
# the rerun is reported FLAKY), HISTORY=path records the run (docs/nightly.md).
e2e: setup
	mkdir -p reports
	$(PY) -m pytest tests/demo -n auto --headless --browser $(BROWSER) --tracing $(TRACE) \
	  $(if $(SHARD),--shard $(SHARD)) $(if $(RERUNS),--reruns $(RERUNS)) \
	  $(if $(HISTORY),--history $(HISTORY)) $(PYTEST_REPORT)

# The release's files: the sdist and wheel in dist/, checked by twine, the tag (RELEASE_TAG,
# in the release workflow) against the version and CHANGELOG.md, and the wheel installed
# into a clean venv with no npm on PATH, where e2e init makes a project whose tests pass.
dist: setup
	rm -rf dist
	$(PY) scripts/check_release.py "$(RELEASE_TAG)"
	$(PY) -m build --outdir dist .
	$(PY) -m twine check --strict dist/*
	E2E_DIST=$(CURDIR)/dist $(PY) -m pytest tests/packaging

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict e2e

# Every test on Chromium (the library, report, trace and isolation tests are parametrised
# by engine and run on Firefox and WebKit there too), then the library's browser tests and
# the demo suites on Firefox and on WebKit, each with its own report (docs/engines.md).
# Then the JupyterLab suite (tests/apps/jupyterlab, a real single-page app) on all three.
test: setup lint
	mkdir -p reports/firefox reports/webkit
	status=0; \
	$(PY) -m pytest -n auto --dist loadgroup --headless $(PYTEST_REPORT) || status=$$?; \
	for engine in firefox webkit; do \
	  $(PY) -m pytest tests/integration/library tests/demo -n auto --headless --browser $$engine \
	    --html=reports/$$engine/report.html --self-contained-html \
	    --junitxml=reports/$$engine/junit.xml || status=$$?; \
	done; \
	for engine in chrome firefox webkit; do \
	  $(MAKE) --no-print-directory jupyterlab BROWSER=$$engine || status=$$?; \
	done; exit $$status

# The JupyterLab suite on one engine (its own pytest.ini: JupyterLab per worker).
jupyterlab: setup
	mkdir -p reports/jupyterlab-$(BROWSER)
	$(PY) -m pytest -c tests/apps/jupyterlab/pytest.ini tests/apps/jupyterlab -n auto --headless \
	  --browser $(BROWSER) --tracing $(TRACE) --artifacts-dir $(CURDIR)/reports/jupyterlab-$(BROWSER)/artifacts \
	  --html=reports/jupyterlab-$(BROWSER)/report.html --self-contained-html \
	  --junitxml=reports/jupyterlab-$(BROWSER)/junit.xml

clean:
	rm -rf reports .mypy_cache .ruff_cache

SOAK_RUNS ?= 20
soak: setup
	$(PY) scripts/soak.py --runs $(SOAK_RUNS) --latency 300 --jitter 800

# A local Selenium Grid 4 (hub + 2 nodes, one browser each) and the demo suites through it.
GRID_MODE ?= hub
GRID_NODES ?= 2
grid-start: setup
	$(PY) scripts/grid.py start --mode $(GRID_MODE) --nodes $(GRID_NODES) --engines $(GRID_ENGINES)

grid-stop:
	$(PY) scripts/grid.py stop

GRID_ENGINES ?= chromium
grid-e2e: setup
	mkdir -p reports
	$(PY) scripts/grid.py start --mode $(GRID_MODE) --nodes $(GRID_NODES) --engines $(GRID_ENGINES)
	$(PY) -m pytest tests/demo --grid-url http://127.0.0.1:4444 -n $(GRID_NODES) --headless \
	  --browser $(BROWSER) \
	  --tracing $(TRACE) \
	  --html=reports/grid-report.html --self-contained-html --junitxml=reports/grid-junit.xml; \
	  status=$$?; $(PY) scripts/grid.py stop; exit $$status

bench: setup
	$(PY) -m bench.click_latency
	$(PY) -m bench.round_trips
	$(PY) -m bench.plugin_overhead
	$(PY) -m bench.peers
	$(PY) -m bench.suite_throughput
	$(PY) -m bench.trace_cost
	$(PY) -m bench.grid_vs_local
	$(PY) -m bench.dropzone_routes
	$(PY) -m bench.long_requests
