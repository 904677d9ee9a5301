"""`sithsclient demo` as an ordinary user on a machine without a smart card service: the whole practice upgrade.

The run is `nobody` (setpriv) in a mount namespace of its own where /run is empty (no pcscd socket can be
reached) and root's home is hidden (only the Python the venv points to is shown there). No display, so demo
runs the upgrade in the terminal; both layouts and both languages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("setpriv") is None,
    reason="needs root to make the private namespace and to become nobody",
)

_SCRIPT = """set -e
mount --make-rprivate /
mount -t tmpfs tmpfs /run
python_home=$(dirname "$(dirname "$(readlink -f "$VENV_PYTHON")")")
case "$python_home" in
  /root/*) mount --bind "$python_home" "$HOME/python"
           mount -t tmpfs -o mode=755 tmpfs /root
           mkdir -p "$python_home"
           mount --bind "$HOME/python" "$python_home" ;;
esac
exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- sh -c '
  echo "uid=$(id -u) pcscd=$(test -e /run/pcscd/pcscd.comm && echo yes || echo no)"
  exec "$@"' sh "$@"
"""


@pytest.mark.parametrize(("pins", "lang", "done"), [
    ("1", "sv", "Certifikaten är nedladdade och uppgraderingen är klar"),
    pytest.param("2", "en", "The certificates are downloaded and the upgrade is complete",
                 marks=pytest.mark.slow),  # two PINs: `make test` only
])  # fmt: skip
def test_demo_as_nobody_without_pcscd_completes_the_practice_upgrade(pins: str, lang: str, done: str) -> None:
    # Not pytest's tmp_path: its parents are root's alone, and nobody must reach its home.
    with tempfile.TemporaryDirectory(prefix="sithsclient-nobody-") as where:
        _run_as_nobody(Path(where), pins, lang, done)


def _run_as_nobody(where: Path, pins: str, lang: str, done: str) -> None:
    where.chmod(0o755)
    home = where / "home"
    (home / "python").mkdir(parents=True)
    home.chmod(0o777)
    env = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "SITHSCLIENT_LOG_DIR": str(home / "logs"),
        "VENV_PYTHON": str(VENV_BIN / "python"),
    }
    command = [str(VENV_BIN / "sithsclient"), "demo", "--pins", pins, "--lang", lang]
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", _SCRIPT, "sh", *command],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert out.startswith("uid=65534 pcscd=no\n"), out  # nobody, and no smart card service to reach
    no_display = {
        "en": "No display: the practice upgrade runs in the terminal",
        "sv": "Ingen skärm: övningsuppgraderingen",
    }
    assert no_display[lang] in out
    assert ({"en": "two PINs", "sv": "två PIN-koder"}[lang] in out) is (pins == "2")
    assert done in out
    assert "123456" not in result.stderr
