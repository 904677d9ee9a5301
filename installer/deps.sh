#!/usr/bin/env bash
# What building and testing the Windows package needs beyond scripts/setup.sh, installed idempotently:
# msitools and wixl (build and read the MSI), wine and wine64 (install it under a Windows of sorts), xdotool
# (find the frozen wizard's window on Xvfb), and the venv's `package` extra (PyInstaller, pefile).
# Run by `make package` and `make pytest` (tests/test_package.py). Skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(msitools wixl wine wine64 xdotool)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "package deps: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The extra, not a pinned list: pyproject.toml says which PyInstaller. scripts/setup.sh installs ".[dev]" and
# leaves packages it does not know about alone, so this survives its reinstalls.
if ! .venv/bin/python -c "import PyInstaller, pefile" 2>/dev/null; then
  echo "package deps: installing the venv's package extra"
  .venv/bin/python -m pip install -q -e ".[dev,package]"
fi
