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
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QProxyStyle, QStyle, QStyleOption, QWidget

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

# A step's state on the progress page: running in bold, done green, stopped red (beside its mark and word). The
# colours are for a light window; on a dark one (a dark desktop) their lighter kin, each at least 4.5:1 (WCAG 1.4.3)
# on the window (tests/ui/test_accessibility_contrast.py).
STEP_COLOURS = {"done": "#107c10", "failed": "#c50f1f"}
STEP_COLOURS_DARK = {"done": "#6ccb5f", "failed": "#ff99a4"}
STEP_BOLD = frozenset({"running"})


def high_contrast() -> bool:
    """The desktop asks for high contrast (Windows' contrast themes): then the program sets no colour of its own
    and every widget keeps the system's palette. Qt before 6.10 cannot tell; the answer is then no."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    preference = getattr(Qt, "ContrastPreference", None)
    return preference is not None and accessibility().contrastPreference() == preference.HighContrast


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def step_colour(state: str, palette: QPalette) -> str | None:
    """The colour of a step's state on a window of `palette`, or None: the palette's own text colour."""
    if high_contrast():
        return None
    return (STEP_COLOURS_DARK if is_dark(palette) else STEP_COLOURS).get(state)


def notice_colours(tone: str, palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """A notice's border, background and text. In high contrast the system's own: its window and text colours,
    the tone left to the words (each notice says what it is)."""
    if high_contrast():
        text = palette.color(QPalette.ColorRole.WindowText)
        return text, palette.color(QPalette.ColorRole.Window), text
    border, background = NOTICE_COLOURS[tone]
    return QColor(border), QColor(background), QColor(NOTICE_TEXT)


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
    text_colour(widget, step_colour(state, widget.palette()))


def readable_placeholder(palette: QPalette) -> QColor:
    """A placeholder ("6 digits") that can be read: Qt's is the text at half strength, 4.0:1 on white, under
    WCAG 1.4.3's 4.5:1. This one is two thirds of the way from the field's background to its text."""
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    mixed = [
        round(b + (t - b) * 2 / 3)
        for t, b in ((text.red(), base.red()), (text.green(), base.green()), (text.blue(), base.blue()))
    ]
    return QColor(*mixed)


FOCUS_WIDTH = 2  # pixels, outside the control


class FocusRing(QFocusFrame):
    """A ring in the palette's highlight colour around whatever has the keyboard focus (WCAG 2.4.7). Fusion,
    the style on Linux, draws no focus frame on a push button, so a keyboard user could not see where Tab had
    gone. One ring for the application follows the focus; it lies outside the control, over its margin."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QPen(focus_colour(self.palette()), FOCUS_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = FOCUS_WIDTH / 2
        painter.drawRect(QRectF(self.rect()).adjusted(half, half, -half, -half))
        painter.end()


_ring: list[FocusRing] = []


def show_focus() -> None:
    """Put the focus ring on the application (once): every window of it, its dialogs included; and make its
    selected text readable."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or app.property("sithsclientFocusRing"):
        return
    app.setProperty("sithsclientFocusRing", True)
    if app.style().name().lower() == "fusion":
        app.setStyle(EdgedFusion(app.style().name()))
    fit_selection(app)
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(lambda _scheme: fit_selection(app))
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None:
        accessibility().contrastPreferenceChanged.connect(lambda _preference: fit_selection(app))

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


def luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2's contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_colour(palette: QPalette) -> QColor:
    """The highlight where it stands out 3:1 from the window (WCAG 1.4.11), else the window's text colour."""
    highlight, window = palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Window)
    return highlight if contrast(highlight, window) >= 3 else palette.color(QPalette.ColorRole.WindowText)


def readable_selection(palette: QPalette) -> tuple[QColor, QColor]:
    """The selection's background and text: the palette's highlight, darkened (or lightened) until white (or
    black) text reads on it at 4.5:1. Fusion's blue under white text is 3.7:1. Darkened no further than needed,
    it still stands 3:1 out of a dark field as a progress bar's chunk."""
    highlight = palette.color(QPalette.ColorRole.Highlight)
    light_text = luminance(palette.color(QPalette.ColorRole.HighlightedText)) > 0.5
    text = QColor("white") if light_text else QColor("black")
    for _ in range(30):
        if contrast(highlight, text) >= 4.5:
            break
        highlight = highlight.darker(104) if light_text else highlight.lighter(104)
    return highlight, text


def fit_selection(app: QApplication) -> None:
    """The desktop's palette, with only the selection's colour made readable; none of it in high contrast,
    where the system's colours stand as they are. Again at each change of the desktop's scheme."""
    app.setPalette(QPalette())  # the style's and the desktop's own, nothing of ours
    if high_contrast():
        return
    current = app.palette()
    highlight, text = readable_selection(current)
    if (highlight, text) != (
        current.color(QPalette.ColorRole.Highlight),
        current.color(QPalette.ColorRole.HighlightedText),
    ):
        fitted = QPalette()
        fitted.setColor(QPalette.ColorRole.Highlight, highlight)
        fitted.setColor(QPalette.ColorRole.HighlightedText, text)
        app.setPalette(fitted)


Primitive = QStyle.PrimitiveElement
# What Fusion draws with its outline colour around a control a person operates: buttons (and closed combo
# boxes), fields, check boxes, radio buttons.
_EDGED = frozenset(
    {
        Primitive.PE_PanelButtonCommand,
        Primitive.PE_PanelLineEdit,
        Primitive.PE_FrameLineEdit,
        Primitive.PE_IndicatorCheckBox,
        Primitive.PE_IndicatorRadioButton,
    }
)
EDGE_CONTRAST = 3.1  # WCAG 1.4.11 asks 3:1; a little over, for rounding


def edge_colour(palette: QPalette) -> QColor:
    """The edge of a control, 3:1 against the window: darker than a light window, lighter than a dark one.
    Fusion draws its 1-pixel edges antialiased between two pixels, so the edge as seen is half edge, half
    window: that mixture is what must stand out."""
    window = palette.color(QPalette.ColorRole.Window)
    edge = window.darker(140)  # Fusion's own
    dark = is_dark(palette)
    for _ in range(60):
        seen = QColor(
            *(
                (e + w) // 2
                for e, w in ((edge.red(), window.red()), (edge.green(), window.green()), (edge.blue(), window.blue()))
            )
        )
        if contrast(seen, window) >= EDGE_CONTRAST:
            break
        edge = edge.lighter(108) if dark else edge.darker(108)
        if dark and edge.value() < 40:
            edge = QColor(60, 60, 60)
    return edge


class EdgedFusion(QProxyStyle):
    """Fusion with the edges of controls at 3:1 against the window (EN 301 549 11.1.4.11): its own are the
    window colour 1.4 times darker, about 2:1. Fusion takes its outline from the palette's window colour, so the
    palette it paints a control's frame with gets a window colour whose outline is that edge."""

    _inside = 0  # Fusion draws a field's panel and then, through this style again, its frame: fit once

    def drawPrimitive(
        self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        if element not in _EDGED or self._inside or high_contrast():
            super().drawPrimitive(element, option, painter, widget)
            return
        fitted = type(option)(option)  # each option class copies itself
        palette = QPalette(fitted.palette)
        palette.setColor(QPalette.ColorRole.Window, edge_colour(palette).lighter(140))
        fitted.palette = palette
        self._inside += 1
        try:
            super().drawPrimitive(element, fitted, painter, widget)
        finally:
            self._inside -= 1
