#!/usr/bin/env bash
# Run a command with a private /run (its own pcscd socket and rig lock) and private PIDs, so that two test runs
# on one machine (two engineers, or a benchmark beside the tests) each get a PC/SC rig of their own.
# Needs root. Usage: scripts/isolated.sh .venv/bin/pytest tests/test_engine_piv.py
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
exec unshare --mount --pid --fork --mount-proc bash -c \
  'mount -t tmpfs tmpfs /run && mkdir -p /run/lock /run/pcscd && cd "$0" && exec "$@"' "$here" "$@"
