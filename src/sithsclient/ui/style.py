"""The few looks the wizard needs: coloured notices, readable headings, the error code in a fixed font.

Colours carry meaning only together with words (a notice always says what it is), and the notice text is
set dark on its light box so that a dark desktop theme keeps it readable.

They are fonts and palettes set on the widgets that need them, not a Qt style sheet: a style sheet on a
window puts every widget in it through QStyleSheetStyle's rule matching and keeps its rules per widget, which
for these nine rules cost the wizard about 2.5 MiB of its peak memory (bench/run.py, "peak memory") and every
window that forgot to set it showed plain notices.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget

HEADING_POINTS = 13

# A notice's (border, background) by its tone.
NOTICE_COLOURS = {
    "info": ("#0f6cbd", "#ebf3fc"),
    "warning": ("#bc4b09", "#fdf6f3"),
    "error": ("#c50f1f", "#fdf3f4"),
    "success": ("#107c10", "#f1faf1"),
}
NOTICE_TEXT = "#201f1e"
NOTICE_RADIUS = 4

# A step's state on the progress page: running in bold, done green, stopped red (beside its mark and word).
STEP_COLOURS = {"done": "#107c10", "failed": "#c50f1f"}
STEP_BOLD = frozenset({"running"})


def as_heading(widget: QWidget) -> None:
    font = QFont(widget.font())
    font.setPointSize(HEADING_POINTS)
    font.setBold(True)
    widget.setFont(font)


def as_code(widget: QWidget) -> None:
    """The system's fixed-width family at the widget's own size (Consolas on Windows, DejaVu Sans Mono here)."""
    font = QFont(widget.font())
    font.setFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
    widget.setFont(font)


def text_colour(widget: QWidget, colour: str | None) -> None:
    """The widget's text in `colour`, or (None) as its window's (a palette that sets no role inherits all)."""
    if colour is None:
        widget.setPalette(QPalette())
        return
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    widget.setPalette(palette)


def step_look(widget: QWidget, state: str) -> None:
    font = QFont(widget.font())
    font.setBold(state in STEP_BOLD)
    widget.setFont(font)
    text_colour(widget, STEP_COLOURS.get(state))


FOCUS_WIDTH = 2  # pixels, outside the control


class FocusRing(QFocusFrame):
    """A ring in the palette's highlight colour around whatever has the keyboard focus (WCAG 2.4.7). Fusion,
    the style on Linux, draws no focus frame on a push button, so a keyboard user could not see where Tab had
    gone. One ring for the application follows the focus; it lies outside the control, over its margin."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), FOCUS_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = FOCUS_WIDTH / 2
        painter.drawRect(QRectF(self.rect()).adjusted(half, half, -half, -half))
        painter.end()


_ring: list[FocusRing] = []


def show_focus() -> None:
    """Put the focus ring on the application (once): every window of it, its dialogs included."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or app.property("sithsclientFocusRing"):
        return
    app.setProperty("sithsclientFocusRing", True)

    def follow(_old: QWidget | None, new: QWidget | None) -> None:
        ring = _ring[0] if _ring and _alive(_ring[0]) else None
        if new is None or new.isWindow() or new.parentWidget() is None:
            if ring is not None:
                ring.setWidget(None)  # type: ignore[arg-type]  # Qt takes none: the ring goes
            return
        if ring is None:
            ring = FocusRing(new.parentWidget())
            _ring[:] = [ring]
        ring.setWidget(new)

    app.focusChanged.connect(follow)


def _alive(widget: QWidget) -> bool:
    """False once Qt has deleted it (with the window it last stood in)."""
    from shiboken6 import Shiboken

    return bool(Shiboken.isValid(widget))
