# The two commands a newcomer needs: `make run` and `make test`. Python 3.11 and make are all a machine needs.
# `make run HOST=0.0.0.0 PORT=8600` serves elsewhere; `make dev` is `make run` with DEBUG on and the autoreloader.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# One public base address (the admin's links, canonical links, the printed login): where `make run` serves.
SITE_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run dev test test-make-run lint format check setup setup-dev migrate demo admin bench-import clean help \
	browser test-browser lighthouse fuzz bench bench-render bench-search loadtest publish-scheduled node-tools archive test-archive

help:
	@echo "make run    - set up, load the demo content and serve on $(SITE_BASE_URL) (HOST=..., PORT=... to change)"
	@echo "make dev    - the same with DEBUG on and the autoreloader, for developers"
	@echo "make test   - set up (with the test tools) and run the test suite"
	@echo "make test-make-run - a newcomer's first run: make run in a fresh clone, 404 page, admin login (slow)"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make format - ruff format and fix what ruff can"
	@echo "make browser      - install Debian's Chromium (if missing) and axe-core (npm ci) for the browser tests"
	@echo "make test-browser - end-to-end, accessibility (axe), HTML validity and screenshots in headless Chromium"
	@echo "make lighthouse   - Lighthouse scores of every page type into docs/quality.md"
	@echo "make fuzz         - property-based bad-input tests with many examples (bounded, fixed seed)"
	@echo "make bench        - throughput, latency, SQL queries and HTML size per page type (gunicorn + wrk)"
	@echo "make loadtest     - 64 connections for 60 s while pages are published: 5xx, stale reads, counters"
	@echo "make publish-scheduled - publish/unpublish pages whose go-live or expiry time has come (cron runs it)"
	@echo "make archive      - a static copy of the public site with Pagefind search: artifacts/archive/ (README)"
	@echo "make test-archive - build the demo site's archive, serve it with a plain static server and crawl it (slow)"

# The virtualenv, and one stamp per requirements set: `make run` installs only what the site needs
# (requirements.txt); `make test`, lint and the other tools add requirements-dev.txt. A set is installed again only
# when its file changes. scripts/make_venv.sh stops with one line when Python 3.11 or its venv module is missing.
$(BIN)/python:
	@sh scripts/make_venv.sh "$(PYTHON)" "$(VENV)"

$(VENV)/.installed-run: $(BIN)/python requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed-run
setup-dev: $(VENV)/.installed-dev

# `make run`, `make dev` and the steps before them use the base address of HOST and PORT (load_demo gives the Site
# record the same host and port).
run dev migrate demo admin publish-scheduled archive: export SITE_BASE_URL := $(SITE_BASE_URL)
run dev migrate demo admin publish-scheduled archive: export WAGTAILADMIN_BASE_URL := $(SITE_BASE_URL)

# Translations and migrations, one summary line each (`manage.py migrate` shows every migration).
migrate: setup
	@$(BIN)/python scripts/prepare_site.py

demo: setup
	@$(BIN)/python scripts/prepare_site.py --demo

admin: migrate
	$(MANAGE) ensure_admin

# The server and the background worker; the address, user name and password are printed last, once the server
# answers (scripts/run_with_worker.py). Ctrl+C stops both.
run: demo
	@$(BIN)/python scripts/run_with_worker.py $(HOST) $(PORT)

dev: export DEBUG := 1
dev: demo
	@$(BIN)/python scripts/run_with_worker.py $(HOST) $(PORT) --dev

# pytest-xdist runs the suite on every core (`make test PYTEST_ARGS=` to run it in one process).
PYTEST_ARGS ?= -n auto
test: setup-dev
	$(MANAGE) compile_translations
	$(BIN)/pytest $(PYTEST_ARGS)

# `make run` from a fresh clone of the committed HEAD, as a newcomer meets it (tests/site/test_make_run.py, 2 to 5
# minutes): the site's own 404 page, the printed admin login, a clean stop. It reuses this virtualenv.
test-make-run: setup-dev
	$(BIN)/pytest -m slow tests/site/test_make_run.py

# The static archive (README, "Archive"): every live public page, file, feed, short link and redirect of the database
# in use, as plain files in artifacts/archive/site/ and artifacts/archive/chec-archive.zip, with Pagefind search.
# SITE_BASE_URL is the public address the archive is a copy of.
archive: migrate node-tools
	$(MANAGE) build_archive

# Builds the demo site's archive in a temporary folder, serves it with `python -m http.server` and crawls it
# (tests/portability/test_archive_static.py, one to four minutes).
test-archive: setup-dev node-tools
	$(MANAGE) compile_translations
	$(BIN)/pytest -p no:xdist -m slow tests/portability/test_archive_static.py

# The npm packages at the versions package-lock.json pins (Pagefind for the archive, ical.js and the browser tests'
# tools); installed again only when the lock file changes.
node-tools:
	@command -v npm >/dev/null || (echo "npm is needed (Debian: apt-get install nodejs npm)" >&2; exit 1)
	@if [ ! -f node_modules/pagefind/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	fi

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: setup-dev
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Publish and unpublish the pages whose go-live or expiry time has come. Run by cron in production (README).
publish-scheduled: migrate
	$(MANAGE) publish_scheduled

# Benchmarks (not tests): timings depend on the machine.
bench-import: setup-dev
	$(BIN)/python benchmarks/import_indicators.py 100000

# Quality gates (issue 8). The browser is Debian's Chromium, installed with apt only when missing; Playwright
# drives it and never downloads a browser of its own. axe-core comes from npm at the version package-lock.json pins.
APT_INSTALL = DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser: setup-dev
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

fuzz: setup-dev
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-500} timeout 900 $(BIN)/pytest -m fuzz

# Benchmarks (not tests): the figures depend on the machine. docs/performance.md has the latest.
bench: setup-dev
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) $(APT_INSTALL) wrk)
	$(BIN)/python benchmarks/bench_site.py

# CPU time and SQL queries of one uncached render of every page type, in-process (docs/performance.md).
bench-render: setup-dev
	$(BIN)/python benchmarks/render_cpu.py

# Uncached search on 1,000 and 10,000 generated pages, SQLite and PostgreSQL (docs/performance.md).
bench-search: setup-dev
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) $(APT_INSTALL) wrk)
	$(BIN)/python benchmarks/bench_search.py

# Load test (not a test): SQLite, then PostgreSQL + Redis on 127.0.0.1 when they answer. docs/performance.md.
loadtest: setup-dev
	$(MANAGE) compile_translations
	$(BIN)/python benchmarks/loadtest.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles node_modules artifacts
