# The two commands a newcomer needs: `make run` and `make test`. Python 3.11 and make are all a machine needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format check setup migrate demo admin bench-import clean help browser test-browser lighthouse fuzz bench loadtest \
	publish-scheduled

help:
	@echo "make run    - set up, load the demo content and serve on http://$(HOST):$(PORT)"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make format - ruff format and fix what ruff can"
	@echo "make browser      - install Debian's Chromium (if missing) and axe-core (npm ci) for the browser tests"
	@echo "make test-browser - end-to-end, accessibility (axe), HTML validity and screenshots in headless Chromium"
	@echo "make lighthouse   - Lighthouse scores of every page type into docs/quality.md"
	@echo "make fuzz         - property-based bad-input tests with many examples (bounded, fixed seed)"
	@echo "make bench        - throughput, latency, SQL queries and HTML size per page type (gunicorn + wrk)"
	@echo "make loadtest     - 64 connections for 60 s while pages are published: 5xx, stale reads, counters"
	@echo "make publish-scheduled - publish/unpublish pages whose go-live or expiry time has come (cron runs it)"

# The virtualenv is rebuilt only when the requirements change (the stamp file records the last install).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(MANAGE) compile_translations
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

admin: migrate
	$(MANAGE) ensure_admin --admin-url http://$(HOST):$(PORT)/admin/

run: demo admin
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/). Stop with Ctrl+C."
	@echo "The background worker (document text extraction) runs beside the server and stops with it."
	sh scripts/run_with_worker.sh $(BIN)/python $(HOST):$(PORT)

# pytest-xdist runs the suite on every core (`make test PYTEST_ARGS=` to run it in one process).
PYTEST_ARGS ?= -n auto
test: setup
	$(MANAGE) compile_translations
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: setup
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Publish and unpublish the pages whose go-live or expiry time has come. Run by cron in production (README).
publish-scheduled: migrate
	$(MANAGE) publish_scheduled

# Benchmarks (not tests): timings depend on the machine.
bench-import: setup
	$(BIN)/python benchmarks/import_indicators.py 100000

# Quality gates (issue 8). The browser is Debian's Chromium, installed with apt only when missing; Playwright
# drives it and never downloads a browser of its own. axe-core comes from npm at the version package-lock.json pins.
APT_INSTALL = DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser: setup
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) $(APT_INSTALL) chromium fonts-dejavu-core; \
	fi
	@/usr/bin/chromium --version
	@# Fonts for Urdu (Arabic script) and other community languages, so right-to-left screenshots show real glyphs.
	@if ! fc-list :lang=ur 2>/dev/null | grep -q .; then \
		echo "Installing fonts-noto-core with apt-get (Urdu glyphs for the screenshots)"; \
		$(SUDO) apt-get update -qq && $(SUDO) $(APT_INSTALL) fonts-noto-core; \
	fi
	@if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	fi
	@node -e "console.log('axe-core', require('./node_modules/axe-core/package.json').version)"

test-browser: browser
	$(BIN)/pytest -m browser tests/e2e

# Lighthouse (mobile, default throttling) on one page of every kind, production settings under gunicorn; writes the
# table of scores into docs/quality.md and exits 1 below target (docs/quality.md).
lighthouse: browser
	$(BIN)/python tests/e2e/lighthouse.py

fuzz: setup
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-500} timeout 900 $(BIN)/pytest -m fuzz

# Benchmarks (not tests): the figures depend on the machine. docs/performance.md has the latest.
bench: setup
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) $(APT_INSTALL) wrk)
	$(BIN)/python benchmarks/bench_site.py

# Load test (not a test): SQLite, then PostgreSQL + Redis on 127.0.0.1 when they answer. docs/performance.md.
loadtest: setup
	$(MANAGE) compile_translations
	$(BIN)/python benchmarks/loadtest.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles node_modules artifacts
