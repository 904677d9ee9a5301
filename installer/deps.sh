#!/usr/bin/env bash
# What building and testing the Windows package needs beyond scripts/setup.sh, installed idempotently:
# msitools and wixl (build and read the MSI), wine and wine64 (the Windows Python that builds the Windows
# program, and a Windows of sorts to run and install it in), mingw-w64 (the wine prefix's two stand-in DLLs,
# installer/winpython.py), osslsigncode (Authenticode signatures), unzip, xdotool (find the frozen wizard's
# window on Xvfb), and the venv's `package` extra (PyInstaller, pefile).
# Run by `make package` and `make pytest` (tests/test_package.py). Skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(msitools wixl wine wine64 gcc-mingw-w64-x86-64-win32 osslsigncode unzip xdotool)
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
