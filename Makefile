# Two commands do all set-up on a machine with only Python >= 3.11:
#   make run   installs into .venv, fills the embedded SQLite store with demo data (once), serves on :5000
#              (PORT=5001 for another), with the mail room beside it
#   make test  installs into .venv (with test tools) and runs every test, in two processes
#   make lint  ruff, mypy and import-linter (the layers), as configured in pyproject.toml (CI runs it)
#   make bench runs every benchmark at full size (about 20 minutes; needs PostgreSQL and wrk)
#              and keeps its output in bench/last-run.txt; make bench-smoke: tiny sizes
PYTHON ?= python3
VENV ?= .venv
SHELL := /bin/bash
BIN := $(VENV)/bin

.PHONY: run test lint openapi install clean bench bench-smoke

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

install: $(BIN)/.installed

# make run PORT=5001 for another port. The port is checked first, so a second `make run`
# on a busy port stops before `grants demo` replaces the first one's tokens. The mail
# room runs beside the server: letters appear on the case pages (kept, not sent, unless
# GRANTS_SMTP_URL names a mail server).
PORT ?= 5000
run: install
	@$(BIN)/python -c "import socket; socket.create_server(('127.0.0.1', $(PORT))).close()" 2>/dev/null \
	  || { echo "Port $(PORT) er i bruk (kjører Tilskudd allerede?). Velg en annen: make run PORT=5001" >&2; exit 1; }
	$(BIN)/grants demo
	$(BIN)/grants letters run --poll-interval 5 > /dev/null & mail=$$!; \
	  trap 'kill $$mail 2>/dev/null' EXIT INT TERM; \
	  GRANTS_DEV_LOGIN=1 $(BIN)/grants serve --port $(PORT)

# Two processes, as CI's two cores allow (README.md: Start); TEST_PROCESSES=0 runs every
# test in this one process, as a plain `pytest` does.
TEST_PROCESSES ?= 2
test: install
	$(BIN)/python -m pytest -n $(TEST_PROCESSES)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Full sizes: the figures in bench/README.md come from this.
bench: install
	( $(BIN)/python -m bench.commands --applications 2000 --stores sqlite,postgres \
	  && $(BIN)/python -m bench.rebuild --events 100000,1000000 --stores sqlite,postgres \
	  && $(BIN)/python -m bench.asof --events 1000000 --stores sqlite \
	  && $(BIN)/python -m bench.http --duration 10 --stores postgres \
	  && $(BIN)/python -m bench.approvals --approvals 800 --pools 20 \
	  && $(BIN)/python -m bench.startup --runs 10 --stores sqlite,postgres ) 2>&1 | tee bench/last-run.txt; \
	exit $${PIPESTATUS[0]}

# Tiny sizes: checks that every benchmark still runs (CI runs this, not the full sizes).
bench-smoke: install
	$(BIN)/python -m bench.commands --applications 10 --stores sqlite,postgres
	$(BIN)/python -m bench.rebuild --events 1500 --stores sqlite,postgres
	$(BIN)/python -m bench.asof --events 1500 --stores sqlite,postgres
	$(BIN)/python -m bench.http --duration 1 --connections 2 --stores postgres
	$(BIN)/python -m bench.approvals --approvals 8 --pools 2 --clients 4
	$(BIN)/python -m bench.startup --runs 1 --stores sqlite,postgres

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis

# The OpenAPI document kept in docs/ (a test compares it with the code's).
openapi: install
	$(BIN)/python -c "from web.app import document_json; print(document_json(), end='')" > docs/openapi.json
