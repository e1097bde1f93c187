# Two commands do all set-up on a machine with only Python >= 3.11:
#   make run   installs into .venv, fills the embedded SQLite store with demo data (once), serves on :5000
#   make test  installs into .venv (with test tools) and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/grants demo
	$(BIN)/grants serve

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
