"""What a start loads before it has something to show: the first window is drawn before the card's code and the
engine are imported, and the logon reminder with no card in the reader never loads PKCS#11, the certificate code
or Qt. Each run is a real process (the real `main`), which prints the heavy modules it had loaded at that moment;
a top-level import added back in the wrong place shows up here, long before `make bench` sees the time it costs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.rig import YKCS11_PATH, PcscRig
from sithsclient.demo.vcard.provision import provision_practice_card

# The libraries a start must not pay for before it needs them, and our modules that bring them.
HEAVY = (
    "cryptography",
    "pkcs11",
    "asn1crypto",
    "rich",
    "requests",  # with the first CMP message sent (enroll/transport.py), never for the logon check
    "sithsclient.card.card",
    "sithsclient.status",
    "sithsclient.upgrade.engine",
    "sithsclient.enroll.client",
)

# Libraries the wizard must not load before it needs them, or at all (bench/run.py's peak memory): requests'
# stack, loaded with the first CMP message sent (enroll/transport.py), not by the wizard's start; html for one
# escape (0.4 MiB of named entities), asyncio, which nothing of ours runs.
UNNEEDED = ("requests", "urllib3", "html", "asyncio")

REPORT = textwrap.dedent(
    """
    import json, sys

    def heavy():
        return sorted(m for m in {heavy!r} if m in sys.modules)
    """
).format(heavy=HEAVY)


def run(script: str, tmp_path: Path, **env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", REPORT + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SITHSCLIENT_LOG_DIR": str(tmp_path / "log"), "HOME": str(tmp_path), **env},
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_first_window_is_drawn_before_the_heavy_imports(tmp_path: Path) -> None:
    script = """
        import os
        from sithsclient.ui import first_window

        drawn = first_window.FirstWindow.draw

        def draw(self, app, timeout_s=1.0):
            drawn(self, app, timeout_s)
            print(json.dumps({"painted": self.painted, "title": self.windowTitle(), "heavy": heavy()}), flush=True)
            os._exit(0)

        first_window.FirstWindow.draw = draw
        from sithsclient.cli import main
        main(["gui", "--lang", "sv"])
    """
    result = run(script, tmp_path, QT_QPA_PLATFORM="offscreen")
    assert result["painted"] is True and result["title"] == "Uppgradering av SITHS-kort"
    assert result["heavy"] == []


def test_the_wizard_then_loads_the_card_code(tmp_path: Path) -> None:
    """The other side of the first test: the wizard that takes the first window's place is the whole one, and
    loading it did not read every module's source into memory."""
    script = f"""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from sithsclient.ui import app as ui_app

        shown = ui_app.Session.show

        def show(self):
            shown(self)
            import linecache
            sources = len(linecache.cache)  # PySide6 kept every later module's source here (ui/pyside_sources.py)
            unneeded = sorted(m for m in {UNNEEDED!r} if m in sys.modules)
            print(json.dumps({{"title": self.wizard.windowTitle(), "heavy": heavy(), "sources": sources,
                              "unneeded": unneeded}}), flush=True)
            QTimer.singleShot(0, self.wizard.close)

        ui_app.Session.show = show
        from sithsclient.cli import main
        main(["gui", "--lang", "sv"])
    """
    result = run(script, tmp_path, QT_QPA_PLATFORM="offscreen", SITHSCLIENT_PKCS11_MODULE=str(tmp_path / "no.so"))
    assert result["title"] == "Uppgradering av SITHS-kort"
    assert {"cryptography", "pkcs11", "sithsclient.upgrade.engine"} <= set(result["heavy"])  # type: ignore[arg-type]
    assert result["sources"] < 20, "the source files of the modules imported after Qt are kept in memory"
    assert result["unneeded"] == []


@pytest.mark.pcsc
def test_the_logon_reminder_with_no_card_loads_neither_pkcs11_nor_qt(tmp_path: Path, pcsc_rig: PcscRig) -> None:
    """The rig's reader is empty (no card inserted in this test): PC/SC alone says there is nothing to do, before
    the parser, logging and the configuration are loaded; the log still says which command ran and what it
    found."""
    assert not pcsc_rig.card_present()
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "sithsclient.log").write_text("", encoding="utf-8")
    script = """
        from sithsclient.cli import main
        code = main(["check", "--notify"])
        light = sorted(m for m in ("argparse", "logging", "tomllib", "platformdirs", "dataclasses") if m in sys.modules)
        print(json.dumps({"code": code, "heavy": heavy(), "qt": "PySide6" in sys.modules, "light": light}))
    """
    result = run(script, tmp_path, SITHSCLIENT_PKCS11_MODULE=YKCS11_PATH)
    assert result == {"code": 0, "heavy": [], "qt": False, "light": []}
    lines = (tmp_path / "log" / "sithsclient.log").read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 2)[2] for line in lines] == [
        "INFO sithsclient: sithsclient 0.1.0: check",
        "INFO sithsclient.commands.check: check: no card in the readers",
    ]


def test_the_logon_reminder_with_no_smart_card_service_loads_neither_pkcs11_nor_qt(tmp_path: Path) -> None:
    """Away from the reader (Windows stops its smart card service then): PC/SC's refusal alone answers, as with
    an empty reader, whatever card software is installed or configured; the log says that no reader is there."""
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "sithsclient.log").write_text("", encoding="utf-8")
    script = """
        from sithsclient.cli import main
        code = main(["check", "--notify"])
        light = sorted(m for m in ("argparse", "logging", "tomllib", "platformdirs", "dataclasses") if m in sys.modules)
        print(json.dumps({"code": code, "heavy": heavy(), "qt": "PySide6" in sys.modules, "light": light}))
    """
    nowhere = str(tmp_path / "no-pcscd" / "pcscd.comm")
    result = run(script, tmp_path, SITHSCLIENT_PKCS11_MODULE=YKCS11_PATH, PCSCLITE_CSOCK_NAME=nowhere)
    assert result == {"code": 0, "heavy": [], "qt": False, "light": []}
    lines = (tmp_path / "log" / "sithsclient.log").read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 2)[2] for line in lines] == [
        "INFO sithsclient: sithsclient 0.1.0: check",
        "INFO sithsclient.commands.check: check: no card reader: the smart card service (PC/SC) is not running",
    ]


def test_the_logon_reminder_writes_where_the_log_is(tmp_path: Path) -> None:
    """The no-card answer finds the log without platformdirs: it must be the file every other command writes."""
    script = """
        import os
        from sithsclient import logfile, logs
        os.environ.pop("SITHSCLIENT_LOG_DIR")
        found = [(logfile.log_directory(), str(logs.log_directory()))]
        os.environ["XDG_STATE_HOME"] = os.path.join(os.environ["HOME"], "state")
        found.append((logfile.log_directory(), str(logs.log_directory())))
        print(json.dumps(found))
    """
    done = run(script.replace("print(json.dumps(found))", "print(json.dumps({'found': found}))"), tmp_path)
    found = done["found"]
    assert isinstance(found, list) and len(found) == 2
    for quick, ordinary in found:
        assert quick == ordinary
    assert found[1][0] == str(tmp_path / "state" / "sithsclient" / "log")


@pytest.mark.pcsc
def test_the_logon_reminder_reads_a_card_that_needs_nothing_once_a_day(tmp_path: Path, pcsc_rig: PcscRig) -> None:
    """A card that needs nothing: the first logon reads it (PKCS#11, the certificates) and says nothing; the next
    logons with the same card answer from PC/SC alone, as with no card, and the log says why. The memory gone
    stale, or not one this program wrote, means the card is read again; never a traceback."""
    hierarchy = PracticeHierarchy.load_or_create(tmp_path / "ca")
    provision_practice_card(tmp_path / "card.json", hierarchy, serial=20_261_203, upgraded=True)  # needs nothing
    log = tmp_path / "log"
    log.mkdir()
    (log / "sithsclient.log").write_text("", encoding="utf-8")
    memory = log / "logon-check.json"
    script = """
        from sithsclient.cli import main
        code = main(["check", "--notify"])
        print(json.dumps({"code": code, "heavy": heavy(), "qt": "PySide6" in sys.modules}))
    """

    def logon() -> tuple[dict[str, object], list[str]]:
        before = len((log / "sithsclient.log").read_text(encoding="utf-8").splitlines())
        result = run(script, tmp_path, SITHSCLIENT_PKCS11_MODULE=YKCS11_PATH)
        lines = (log / "sithsclient.log").read_text(encoding="utf-8").splitlines()[before:]
        return result, [line.split(" ", 3)[3].split(": ", 1)[1] for line in lines]  # the message

    pcsc_rig.insert(tmp_path / "card.json")
    try:
        first, said = logon()
        assert first["code"] == 0 and "pkcs11" in first["heavy"] and not first["qt"]  # read, and nothing shown
        assert "check: card 20261203: nothing to do (current)" in said, said
        again, said = logon()
        assert again == {"code": 0, "heavy": [], "qt": False}
        assert said[-1].startswith("check: the same card(s) as at ") and "card 20261203" in said[-1], said
        assert "which needed nothing; read again after " in said[-1]

        record = json.loads(memory.read_text(encoding="utf-8"))
        record["quiet_until"] = record["checked"]  # as the next day: the answer no longer holds
        memory.write_text(json.dumps(record), encoding="utf-8")
        stale, said = logon()
        assert "pkcs11" in stale["heavy"] and "check: card 20261203: nothing to do (current)" in said

        memory.write_text("{not json", encoding="utf-8")
        broken, said = logon()
        assert broken["code"] == 0 and "pkcs11" in broken["heavy"]
        assert not any("Traceback" in line for line in said)
        assert logon()[0]["heavy"] == []  # remembered anew
    finally:
        pcsc_rig.pull(0)
    # With no card the memory is not asked: the no-card line, as before
    nothing, said = logon()
    assert nothing == {"code": 0, "heavy": [], "qt": False} and said[-1] == "check: no card in the readers"
