# The two commands a newcomer needs: `make run` and `make test`. Python 3.11 and make are all a machine needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format check setup migrate demo admin bench-import clean help

help:
	@echo "make run    - set up, load the demo content and serve on http://$(HOST):$(PORT)"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make format - ruff format and fix what ruff can"

# The virtualenv is rebuilt only when the requirements change (the stamp file records the last install).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

admin: migrate
	$(MANAGE) ensure_admin

run: demo admin
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/). Stop with Ctrl+C."
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: setup
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Benchmarks (not tests): timings depend on the machine.
bench-import: setup
	$(BIN)/python benchmarks/import_indicators.py 100000

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
