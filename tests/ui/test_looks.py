"""The looks that carry meaning, as drawn: a notice's box in its tone's colours, a heading larger and bold,
the error code in a fixed-width font, the progress page's running step bold, a done step green, a stopped one
red. They are fonts, palettes and a painted box (ui/style.py), in every window alike, with no style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from sithsclient.ui import style
from sithsclient.ui.pages.progress import ProgressPage, StepState
from sithsclient.ui.widgets.common import Notice, Tone, code_label, heading, text_label
from sithsclient.upgrade.steps import CARD_STEPS


def _colour(widget: QWidget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_a_notice_is_drawn_in_its_tone_and_changes_with_it(qtbot: QtBot) -> None:
    notice = Notice(Tone.ERROR, "Kortet kunde inte läsas.")
    qtbot.addWidget(notice)
    notice.resize(300, 60)
    inside = (150, 5)  # above the text, inside the border
    assert _colour(notice, *inside) == QColor(style.NOTICE_COLOURS["error"][1])
    assert _colour(notice, 150, 0) != QColor(style.NOTICE_COLOURS["error"][1])  # its border
    notice.set_text("Uppgraderingen är klar.", Tone.SUCCESS)
    assert _colour(notice, *inside) == QColor(style.NOTICE_COLOURS["success"][1])
    # Dark text on the light box, whatever the desktop's theme says.
    assert notice.label.palette().color(QPalette.ColorRole.WindowText) == QColor(style.NOTICE_TEXT)


def _advances(font: QFont) -> set[float]:
    """How wide the font draws four of each of a code's kinds of character: one width when it is fixed-width.
    Asked of the font as drawn (after fontconfig's choice), not of its fixed-pitch flag, which some
    fixed-width fonts (Noto Sans Mono) leave unset."""
    metrics = QFontMetricsF(font)
    return {round(metrics.horizontalAdvance(c * 4), 2) for c in ("i", "M", "0", ".", "_", "W", "l")}


def test_headings_and_codes_read_as_such(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    plain, title, code = text_label("Kort"), heading("Kortet i läsaren"), code_label()
    for label in (plain, title, code):
        layout.addWidget(label)
    assert QFontInfo(title.font()).bold() and title.font().pointSize() == style.HEADING_POINTS
    assert len(_advances(code.font())) == 1, QFontInfo(code.font()).family()  # "iiii" as wide as "MMMM"
    assert len(_advances(plain.font())) > 1, QFontInfo(plain.font()).family()
    assert code.font().pointSizeF() == plain.font().pointSizeF()  # the code at the text's own size
    assert not QApplication.instance().styleSheet() and not window.styleSheet()  # type: ignore[union-attr]


def test_a_steps_state_shows_in_weight_and_colour(qtbot: QtBot) -> None:
    page = ProgressPage()
    qtbot.addWidget(page)
    step = CARD_STEPS[0]
    label = page.state_labels[step]
    plain = label.palette().color(QPalette.ColorRole.WindowText)
    page._set_state(step, StepState.RUNNING)
    assert label.font().bold() and label.palette().color(QPalette.ColorRole.WindowText) == plain
    page._set_state(step, StepState.DONE)
    assert not label.font().bold()
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(style.STEP_COLOURS["done"])
    page._set_state(step, StepState.FAILED)
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(style.STEP_COLOURS["failed"])
    page._set_state(step, StepState.WAITING)
    assert label.palette().color(QPalette.ColorRole.WindowText) == plain
