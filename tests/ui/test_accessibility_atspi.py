"""Practice mode as a screen reader on Linux meets it: over AT-SPI (Debian's at-spi2-core), on Xvfb, with a
session bus of its own. The wizard is driven by keyboard alone (tests/ui/atspi_app.py) through a wrong PIN,
the terms, a pulled card and the end; at each stop the whole tree is read over D-Bus, and every announcement
the wizard sent is collected (EN 301 549 11.4.1.2 name, role, value; 11.4.1.3 status messages)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.atspi import Desktop, problems, walk

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STOPS = ("card", "pins", "wrong pin", "terms", "progress", "lock", "done")


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An X screen and a session bus: the environment a program on this desktop gets."""
    for tool in ("Xvfb", "dbus-daemon", "/usr/libexec/at-spi-bus-launcher"):
        assert shutil.which(tool) or Path(tool).exists(), f"{tool} is missing: scripts/setup.sh installs it"
    read, write = os.pipe()
    screen = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-noreset", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # the bus and what it starts (the accessibility bus, its registry) end together
    )
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        assert number and address, "Xvfb or the session bus did not start"
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
        env.update(
            DISPLAY=f":{number}",
            QT_QPA_PLATFORM="xcb",
            DBUS_SESSION_BUS_ADDRESS=address,
            XDG_RUNTIME_DIR=str(runtime),
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",  # as when Orca runs
            SITHSCLIENT_LOG_DIR=str(tmp_path / "logs"),
            XDG_DATA_HOME=str(tmp_path / "data"),
        )
        yield env
    finally:
        os.killpg(bus.pid, signal.SIGTERM)
        bus.wait(timeout=10)
        screen.terminate()
        screen.wait(timeout=10)


@pytest.mark.slow  # `make test` only: about 20 s of a whole practice upgrade on Xvfb
def test_a_screen_reader_reads_every_step_and_hears_each_change(tmp_path: Path, desktop: dict[str, str]) -> None:
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = desktop["DBUS_SESSION_BUS_ADDRESS"]  # the reader's side, this process
    app = subprocess.Popen(
        [sys.executable, str(HERE / "atspi_app.py"), str(tmp_path / "practice")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=desktop,
        cwd=ROOT,
    )
    assert app.stdin is not None and app.stdout is not None
    reader = Desktop()
    try:
        reader.listen()
        seen: dict[str, list[str]] = {}
        for stop in STOPS:
            line = app.stdout.readline().strip()
            assert line == f"at {stop}", f"{line!r} instead of {stop!r}: {app.stderr.read() if app.poll() else ''}"
            tree = reader.tree("sithsclient")
            nodes = walk(tree)
            found = problems(tree)
            assert not found, f"at {stop}:\n" + "\n".join(found)
            seen[stop] = [n.name for n in nodes if n.control]
            reader.collect()
            app.stdin.write("go\n")
            app.stdin.flush()
        assert app.stdout.readline().strip() == "at end"
        heard = reader.collect(1.0)
    finally:
        reader.close()
        if app.poll() is None:
            app.kill()
        app.wait(timeout=30)
    # The controls a person acts on at each stop, by name, as Orca reads them.
    assert {"Uppgradera kortet", "Byt PIN-kod…", "För IT-support…"} <= set(seen["card"])
    assert "PIN-kod" in seen["pins"] and "Fortsätt" in seen["pins"]
    assert "Jag godkänner villkoren" in seen["terms"]
    assert "Avbryt uppgraderingen" in seen["lock"]
    assert "Pull the card out" not in " ".join(seen["card"])  # in Swedish throughout
    assert "Sidans innehåll, rullar" not in seen["card"]  # the page fits: its scroll area is no stop
    # What changed without the focus moving was said: the wrong PIN, each step, the lock, the end.
    said = "\n".join(heard)
    assert "Fel PIN-kod" in said
    assert "Genererar certifikatsbegäran: Klart" in said and "Raderar gamla certifikat: Klart" in said
    assert "Sätt tillbaka kortet" in said
    assert heard[-1].startswith("Certifikaten är nedladdade och uppgraderingen är klar\n")
    assert said.count("Sätt tillbaka kortet") == 1, "the lock said once"


def test_the_reader_knows_a_control_without_a_name_when_it_sees_one() -> None:
    """The check above can fail: a button with no name, showing, is found."""
    from tests.ui.atspi import SHOWING, Node

    root = Node("app", "application", "sithsclient", frozenset({SHOWING}), False)
    root.children.append(Node("app > push button:''", "push button", "", frozenset({SHOWING}), False))
    root.children.append(Node("app > list item:'x'", "list item", "x", frozenset({SHOWING}), True))
    assert problems(root) == [
        "no name: app > push button:''",
        "showing inside something that is not: app > list item:'x'",
    ]
