# The two commands of the README: `make demo` (practice mode) and `make test`. Both set up what they need.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup translations demo screenshots test lint typecheck pytest status

setup:
	bash scripts/setup.sh

# The wizard's Swedish .qm from resources/translations/*.ts; does nothing when they are up to date.
translations: setup
	$(PY) scripts/translations.py build

# Practice mode: the wizard on the practice card (needs a display; under `xvfb-run make demo` it opens on
# the virtual one). Without a display it runs the same upgrade in the terminal and says so.
demo: setup translations
	$(VENV)/bin/sithsclient demo

# docs/screenshots/: every page and dialog in Swedish and English, drawn offscreen.
screenshots: setup translations
	$(PY) scripts/screenshots.py --check

lint: setup
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

typecheck: setup
	$(VENV)/bin/mypy

pytest: setup translations
	$(PY) -m pytest

test: setup lint typecheck pytest
