"""Every state mark of the progress page is a glyph of the font the program draws with on Linux (DejaVu Sans,
installed by scripts/setup.sh), so no step shows a missing-glyph box (U+23F8 for "paused" did)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot

from sithsclient.ui.pages.progress import ProgressPage, StepState
from sithsclient.upgrade.steps import CARD_STEPS


def test_every_state_mark_is_in_the_font(qtbot: QtBot) -> None:
    page = ProgressPage()
    qtbot.addWidget(page)
    step = CARD_STEPS[0]
    metrics = QFontMetrics(QFont("DejaVu Sans"))
    for state in StepState:
        page._set_state(step, state)
        mark = page.state_labels[step].text().split(" ", 1)[0]
        assert mark and all(metrics.inFontUcs4(ord(c)) for c in mark), (state, mark)
