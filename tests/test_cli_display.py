"""What a person sees in the terminal about the wizard's display: `sithsclient` alone without a display says
that the wizard needs one and how to go on in the terminal (and does not end as if it had opened); with a
display it opens the wizard, and the terminal stays clean of the runtime folder's warning (it goes to the
log); `demo --terminal` on a desktop does not claim that there is no display. Real processes, on Xvfb."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from sithsclient import exitcodes

ROOT = Path(__file__).resolve().parent.parent
NO_DISPLAY = (
    "sithsclient: no display to open the wizard on. Use `sithsclient upgrade` in a terminal, or `sithsclient "
    "--help` for every command.\n"
)
# The same in Swedish: a system that asks for no language gets it (commands/words.py).
NO_DISPLAY_SV = (
    "sithsclient: ingen skärm att öppna guiden på. Använd `sithsclient upgrade` i en terminal, eller `sithsclient "
    "--help` för alla kommandon.\n"
)


def bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("package_size", ROOT / "bench" / "package_size.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = bench_module()


def desktop_env(tmp_path: Path, display: str | None) -> dict[str, str]:
    """A user's session without XDG_RUNTIME_DIR (ssh, su, a container); no smart card service, no card
    software: the wizard opens on its card page all the same."""
    env = bench.private_env(
        tmp_path / "home",
        PCSCLITE_CSOCK_NAME=str(tmp_path / "no-pcscd.comm"),
        SITHSCLIENT_PKCS11_MODULE=str(tmp_path / "no-module.so"),
    )
    env.pop("XDG_RUNTIME_DIR", None)
    if display is not None:
        env["DISPLAY"] = display
    return env


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with bench.xvfb() as name:
        yield name


def sithsclient(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sithsclient", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)


def test_sithsclient_alone_without_a_display_says_the_wizard_needs_one(tmp_path: Path) -> None:
    for args, said in (([], NO_DISPLAY_SV), (["--lang", "en"], NO_DISPLAY), (["--lang", "sv"], NO_DISPLAY_SV)):
        done = sithsclient(desktop_env(tmp_path, None), *args)
        assert (done.returncode, done.stdout, done.stderr) == (exitcodes.FAILED, "", said), args
    helped = sithsclient(desktop_env(tmp_path, None), "--help")
    assert helped.returncode == 0
    assert "Without a command it opens the upgrade wizard, which needs a display." in " ".join(helped.stdout.split())


def test_sithsclient_alone_on_a_display_opens_the_wizard_and_keeps_the_terminal_clean(
    tmp_path: Path, display: str
) -> None:
    env = desktop_env(tmp_path, display)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "sithsclient"), "--lang", "en"],  # X names the window after argv[0]
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _seconds, title = bench.wait_for_window(proc, env, time.monotonic(), timeout=60)
        time.sleep(0.5)  # its SIGTERM handler is installed just after the window shows
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert title == "SITHS card upgrade"
    assert (proc.returncode, out.decode(), err.decode()) == (0, "", "")
    logged = (tmp_path / "home" / "log" / "sithsclient.log").read_text(encoding="utf-8")
    assert "user runtime folder: XDG_RUNTIME_DIR is not set" in logged


def test_other_warnings_still_reach_the_terminal(tmp_path: Path) -> None:
    """Only the runtime folder's warning goes to the log: any other warning is shown as Python shows it."""
    script = (
        "import warnings\n"
        "from platformdirs import RuntimeDirWarning\n"
        "from sithsclient import logs\n"
        "from sithsclient.commands import gui\n"
        "logs.setup()\n"
        "gui.runtime_dir_warnings_to_log()\n"
        "warnings.warn('XDG_RUNTIME_DIR is not set, falling back to /tmp/runtime-0', RuntimeDirWarning)\n"
        "warnings.warn('a real problem', UserWarning)\n"
    )
    env = desktop_env(tmp_path, None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and "UserWarning: a real problem" in done.stderr, done.stderr
    assert "XDG_RUNTIME_DIR" not in done.stderr
    logged = (tmp_path / "home" / "log" / "sithsclient.log").read_text(encoding="utf-8")
    assert "user runtime folder: XDG_RUNTIME_DIR is not set" in logged


@pytest.mark.parametrize(("language", "no_display"), [("sv", "Ingen skärm"), ("en", "No display")])
def test_demo_terminal_on_a_desktop_does_not_say_there_is_no_display(
    tmp_path: Path, display: str, language: str, no_display: str
) -> None:
    env = desktop_env(tmp_path, display)
    done = sithsclient(env, "demo", "--terminal", "--lang", language, "--directory", str(tmp_path / "practice"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert no_display not in done.stdout + done.stderr
    finished = {"sv": "uppgraderingen är klar", "en": "the upgrade is complete"}[language]
    assert finished in done.stdout.lower(), done.stdout
    # Without a display it still says why the terminal: the same command, the same words as before
    headless = sithsclient(desktop_env(tmp_path, None), "demo", "--lang", language, "--directory", str(tmp_path / "p2"))
    assert headless.returncode == 0 and no_display in headless.stdout, headless.stdout + headless.stderr
