"""One wizard per user session: a second start brings the open wizard forward and ends, in a real second
process; practice mode has its own, so a rehearsal never brings a real upgrade forward."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sithsclient.ui import single_instance


def second_start(folder: Path, *, practice: bool) -> bool:
    code = (
        "import sys; from pathlib import Path; from sithsclient.ui import single_instance as s;"
        f"print(s.bring_running_forward(practice={practice}, folder=Path({str(folder)!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=os.environ)
    return out.stdout.strip() == "True"


def test_a_second_start_brings_the_open_wizard_forward(qtbot: QtBot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    opened = single_instance.OpenWizard(practice=False, folder=tmp_path)
    opened.show_requested.connect(lambda: single_instance.bring_forward(window))
    opened.listen()
    try:
        with qtbot.waitSignal(opened.show_requested, timeout=20000):
            assert second_start(tmp_path, practice=False)  # the second start is told: it ends
        qtbot.waitUntil(lambda: not window.isMinimized())
        assert not second_start(tmp_path, practice=True)  # practice mode is another instance
    finally:
        opened.close()


def test_with_no_wizard_open_a_start_goes_on_and_a_crashed_ones_socket_is_no_obstacle(tmp_path: Path) -> None:
    assert not second_start(tmp_path, practice=False)
    if sys.platform != "win32":  # what a killed wizard leaves behind on POSIX: its socket file
        where, _family = single_instance.address(practice=False, folder=tmp_path)
        Path(where).write_text("")
        assert not second_start(tmp_path, practice=False)
        opened = single_instance.OpenWizard(practice=False, folder=tmp_path)
        opened.listen()
        try:
            assert second_start(tmp_path, practice=False)
        finally:
            opened.close()
