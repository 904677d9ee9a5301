"""Labels and boxes every page uses, so that all pages wrap, scale and read the same way."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from sithsclient.ui import style


class Tone(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    SUCCESS = "success"


def text_label(text: str = "", *, selectable: bool = False, name: str = "") -> QLabel:
    """A word-wrapping label: long Swedish sentences and 200 % scaling must never clip."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
    if name:
        label.setObjectName(name)
    return label


def rich_text_escaped(text: str) -> str:
    """`text` as it must stand in a label's rich text (or an attribute of it): html.escape's five replacements,
    without the html package, whose import brings 2,231 named entities (0.4 MiB of the wizard's memory)."""
    for plain, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.replace(plain, escaped)
    return text


def heading(text: str = "") -> QLabel:
    label = text_label(text)
    label.setObjectName("heading")
    style.as_heading(label)
    return label


def code_label() -> QLabel:
    """The stable error code: selectable, so IT support can be told it exactly."""
    label = text_label(selectable=True, name="code")
    style.as_code(label)
    return label


class Notice(QFrame):
    """A coloured box with one message: what matters most on a page. It draws its own box (style.py)."""

    def __init__(self, tone: Tone = Tone.INFO, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.tone = tone
        self.label = text_label(text)
        self.label.setObjectName("noticeText")
        style.text_colour(self.label, None if style.high_contrast() else style.NOTICE_TEXT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(11, 9, 11, 9)  # inside the 1-pixel border
        layout.addWidget(self.label)
        self.setVisible(bool(text))  # an empty box says nothing: it stays hidden until it has words

    def set_tone(self, tone: Tone) -> None:
        self.tone = tone
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        border, background, _text = style.notice_colours(self.tone.value, self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(border, 1))
        painter.setBrush(background)
        # half a pixel in, so that the 1-pixel border lies on whole pixels
        box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(box, style.NOTICE_RADIUS, style.NOTICE_RADIUS)
        painter.end()

    def set_text(self, text: str, tone: Tone | None = None) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        if tone is not None:
            self.set_tone(tone)
        self.setVisible(bool(text))

    def text(self) -> str:
        return self.label.text()


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have a screen reader say `text` now, without moving the focus: a status message (EN 301 549 11.4.1.3),
    e.g. a step done, a wrong PIN, the card lock. `assertive` interrupts what is being read (the card is out, the
    PIN was wrong); otherwise it waits its turn. Qt 6.8 and later hand it to AT-SPI and UI Automation as an
    announcement; an older Qt raises an alert on the widget, which screen readers read out as well."""
    if not text:
        return
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent
    except ImportError:  # Qt before 6.8
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


def navigating(page: QWizardPage) -> bool:
    """True while the wizard itself moves to another page (the engine decided), not the user's Next click."""
    return bool(getattr(page.wizard(), "navigating", False))


def scrolling(page: QWidget) -> QVBoxLayout:
    """The page's content in a scroll area; returns the layout to fill. At 200 % on a small screen a page
    scrolls rather than squeezing its labels until words are cut off."""
    content = QWidget()
    content.setObjectName("pageContent")
    inner = QVBoxLayout(content)
    inner.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # the area is transparent: the page's own background shows, as without it
    area.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    # A Tab stop only while there is something to scroll (200 % on a small screen), and then a named one: a
    # screen reader said "blank" for the unnamed stop on every page (EN 301 549 11.4.1.2).
    area.setAccessibleName(QCoreApplication.translate("Page", "Page content, scrolls"))
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    bar = area.verticalScrollBar()
    bar.rangeChanged.connect(
        lambda _low, high: area.setFocusPolicy(Qt.FocusPolicy.StrongFocus if high > 0 else Qt.FocusPolicy.NoFocus)
    )
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)
    return inner


class ChoiceBox(QComboBox):
    """A combo box whose closed list is not on screen for assistive technology either. Qt tells a list item
    hidden only when it lies outside its view's rectangle, so the closed list of a combo box (hidden on every
    page for the card chooser) said "showing, focusable" over AT-SPI: its view is kept empty while closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view().resize(0, 0)

    def showPopup(self) -> None:
        super().showPopup()
        container = self.view().parentWidget()
        layout = container.layout() if container is not None else None
        if layout is not None:  # the list takes its room again, as the popup was laid out
            layout.invalidate()
            layout.activate()

    def hidePopup(self) -> None:
        super().hidePopup()
        self.view().resize(0, 0)
