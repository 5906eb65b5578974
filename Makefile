# Baton: `make run` starts the bot on http://127.0.0.1:8080, `make test` runs the whole suite.
# Both create .venv and install everything the project needs on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test typecheck index bench clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(STAMP)

index: install
	$(BIN)/python -m bot kb build

run: install
	$(BIN)/python -m bot

# The browser tests drive Debian's Chromium (never a browser download).
browser:
	@command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

# The type checker reads bot/ as configured in pyproject.toml ([tool.mypy]).
typecheck: install
	$(BIN)/python -m mypy

test: install browser typecheck
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/brain.py
	$(BIN)/python bench/rules.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache
