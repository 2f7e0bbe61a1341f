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

.PHONY: setup e2e test lint unit soak bench grid-start grid-stop grid-e2e clean

setup: $(PY_STAMP) $(NPM_STAMP) browser

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(NPM_STAMP): demo_app/package.json demo_app/package-lock.json
	cd demo_app && npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: browser
browser:
	@bash scripts/ensure-browser.sh

e2e: setup
	mkdir -p reports
	$(PY) -m pytest tests/demo -n auto --headless $(PYTEST_REPORT)

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict e2e

test: setup lint
	mkdir -p reports
	$(PY) -m pytest -n auto --headless $(PYTEST_REPORT)

clean:
	rm -rf reports .mypy_cache .ruff_cache

SOAK_RUNS ?= 20
soak: setup
	$(PY) scripts/soak.py --runs $(SOAK_RUNS) --latency 300 --jitter 800
