# The two commands of the README: `make demo` (practice mode) and `make test`. Both set up what they need.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup translations runbook demo screenshots package windows package-deps bench bench-deps fuzz fuzz-deps check test lint typecheck typecheck-tools pytest status

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

# docs/runbook-sv.md and docs/runbook-en.md: every stable error code for IT support, from the program's own
# tables (scripts/runbook.py; tests/test_runbook.py fails when they are out of date or a code has no entry).
runbook: setup translations
	QT_QPA_PLATFORM=offscreen $(PY) scripts/runbook.py

# Both packages into dist/: the Linux onedir (dist/sithsclient/) and `make windows`. About 4 minutes.
package: package-deps translations
	$(PY) installer/build.py onedir
	$(MAKE) windows

# The Windows package: the Windows onedir (dist/windows/sithsclient/, PyInstaller in the Windows Python under
# wine, installer/winpython.py) and the MSI of it (dist/sithsclient-VERSION-x64.msi, wixl). SIGN_ARGS, e.g.
# "--sign-pkcs12 org.pfx" (docs/it-departments.md, "Signing"). About 3 minutes, plus the downloads the first time.
windows: package-deps translations
	$(PY) installer/build.py windows $(SIGN_ARGS)

# Debian's msitools, wixl, wine and xdotool, and the venv's `package` extra (PyInstaller).
package-deps: setup
	bash installer/deps.sh

# Benchmarks against baselines measured side by side in the same run (bench/run.py says what each figure is):
# prints a table and writes bench/latest.json. Builds the onedir and a bare-Qt bundle when they are older than
# their sources; about 5 minutes. Runs in a private /run (scripts/isolated.sh: its own pcscd) and needs root.
# Not part of `make test`; tests/test_bench.py runs its quick figure. BENCH_ARGS, e.g. "--profile build/prof".
bench: bench-deps translations
	bash scripts/isolated.sh $(PY) bench/run.py $(BENCH_ARGS)

# PyInstaller, Xvfb and xdotool (package-deps), and the venv's `bench` extra (pyinstrument, for --profile).
bench-deps: package-deps
	$(PY) -c "import pyinstrument" 2>/dev/null || $(PY) -m pip install -q -e ".[dev,package,bench]"

# Coverage-guided fuzzing (atheris) of the CMP client's reading of answers, the practice issuing service, the
# journal loader and the configuration loader: a million inputs per target, one target at a time; prints
# executions, coverage and findings and writes fuzz/latest.json. Exits 1 on any finding (its input is kept in
# build/fuzz/<target>/findings/). Each target's campaign resumes: stopped, it goes on from its last part of 50,000
# inputs at the next `make fuzz`, counting only inputs run on the code as it is now. The count is kept in
# fuzz/campaigns/<target>.json, in the repository, so that it outlives the machine (remove it to count afresh). FUZZ_ARGS, e.g. "--runs 100000 journal". tests/test_fuzz.py runs a few seconds of each in `make test`.
fuzz: fuzz-deps
	$(PY) -m fuzz.run --runs 1000000 --resume --records fuzz/campaigns --json fuzz/latest.json $(FUZZ_ARGS)

# The venv's `fuzz` extra (atheris).
fuzz-deps: setup
	$(PY) -c "import atheris" 2>/dev/null || $(PY) -m pip install -q -e ".[dev,fuzz]"

lint: setup
	$(VENV)/bin/ruff check src tests installer bench fuzz build_win.spec
	$(VENV)/bin/ruff format --check src tests installer bench fuzz build_win.spec

typecheck: setup typecheck-tools
	$(VENV)/bin/mypy

# package-deps: installer/ is type-checked against its own dependencies (pefile, PyInstaller: the package extra);
# fuzz-deps: fuzz/ against atheris's stubs.
typecheck-tools: setup package-deps fuzz-deps
	$(VENV)/bin/mypy --strict installer/build.py installer/winpython.py installer/make_icon.py bench/package_size.py
	$(VENV)/bin/mypy --strict fuzz
	cd bench && MYPYPATH=../installer ../$(VENV)/bin/mypy --strict run.py report.py measuring.py upgrade_split.py wizard_figures.py logon.py package_figures.py wizard_upgrade.py bare_wizard.py pcsc_watch.py vcard_rig.py windows_window.py practice_upgrade.py tls_front.py

# The two tiers of tests. FAST needs no PC/SC rig (mark `pcsc`), no wine and no package build (`package`), and
# leaves out what is kept for the full run (`slow`); the full run is FAST and then the rest, each test once.
# pytest's exit 5 (no test selected) fails here as any other non-zero exit does.
FAST := not pcsc and not package and not slow

# The quick loop: lint, mypy on src, and the FAST tests on two workers (pytest-xdist; each test has its own
# card, folders and ports), within 3 minutes on a 2-core machine (about 2.5 here; one worker takes 4.5). tests/test_fuzz.py
# needs atheris (fuzz-deps).
check: lint translations fuzz-deps
	$(VENV)/bin/mypy
	$(PY) -m pytest -n 2 -m "$(FAST)"

# tests/test_package.py builds the Linux onedir; tests/test_windows_package*.py build the Windows program from the
# Windows Python under wine, run it, and install its MSI under wine: they need package-deps. The rig's tests
# (pcsc) start their own pcscd and need root.
pytest: setup translations package-deps fuzz-deps
	$(PY) -m pytest

# Everything: `make check` first, then the tools' type checks and every test `make check` left out.
test: check typecheck-tools
	$(PY) -m pytest -m "not ($(FAST))"
