# The two commands of the README: `make demo` (practice mode) and `make test`. Both set up what they need.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup demo test lint typecheck pytest status

setup:
	bash scripts/setup.sh

demo: setup
	$(VENV)/bin/sithsclient demo

lint: setup
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

typecheck: setup
	$(VENV)/bin/mypy

pytest: setup
	$(PY) -m pytest

test: setup lint typecheck pytest
