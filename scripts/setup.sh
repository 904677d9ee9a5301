#!/usr/bin/env bash
# Installs everything sithsclient's demo and tests need on a Debian/Ubuntu machine, idempotently:
# the smart-card stack (pcscd, vpcd, ykcs11, SoftHSM2, OpenSSL), Qt's runtime libraries, and a .venv with the
# project in editable mode. Run as root or with sudo available. Safe to run again: it skips what is there.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

debs=(
  softhsm2 pcscd vsmartcard-vpcd ykcs11 opensc openssl libpcsclite-dev swig procps iproute2
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0
  libxcb-image0 libxcb-shape0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
  xvfb xauth fonts-dejavu-core faketime time
  dbus-daemon at-spi2-core
)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The packaged pcscd service would hold the fixed socket /run/pcscd/pcscd.comm and read the system reader
# directory; the rig starts its own pcscd, so stop the system one if it runs (it is socket-activated).
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pcscd.socket 2>/dev/null; then
  systemctl stop pcscd.socket pcscd.service 2>/dev/null || true
fi

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
stamp=.venv/.sithsclient-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$want" > "$stamp"
fi
