# collab-eval: `make demo` and `make test` are all a newcomer needs.
# Both create .venv from requirements.lock when it is missing or stale.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.9

.DEFAULT_GOAL := help
.PHONY: help setup system-deps demo test test-fast bench lint format lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "collab-eval needs Python 3.11 (found $$($(PYTHON) --version)); set PYTHON=..."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --compile-bytecode requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) ## create or refresh .venv from requirements.lock

system-deps: ## Debian packages for PDFs, charts and browser tests (installs only what is missing)
	@sh scripts/system_deps.sh

demo: $(STAMP) system-deps ## synthetic collaborative + whole pipeline into demo-workspace/
	rm -rf demo-workspace
	$(BIN)/collab demo --out demo-workspace

test: $(STAMP) system-deps ## the whole test suite
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## unit tests that are not slow (about a minute); make test runs all
	$(BIN)/python -m pytest -m "unit and not slow"

bench: $(STAMP) system-deps ## benchmarks: print figures and write docs/bench-results.md
	$(BIN)/python -m bench.results

lint: $(STAMP) ## ruff check and format check, and the import layers (.importlinter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: ## re-resolve requirements.lock from requirements.in (needs uv)
	$(BIN)/uv pip compile requirements.in -o requirements.lock --python-version 3.11

clean: ## remove the virtual environment and demo output
	rm -rf $(VENV) demo-workspace bench/out
