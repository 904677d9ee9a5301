"""Contrast (EN 301 549 11.1.4.3 text, 11.1.4.11 non-text; WCAG relative luminance), computed from the colours
the wizard really paints: the style's palette on a light and on a dark desktop, and the program's own colours
(notices, step states, the focus ring, the PIN field's placeholder). Text at least 4.5:1, the rest 3:1.

The light palette is the one the application has here (Fusion's); the dark one is what Qt's Fusion builds for a
dark desktop (qt_fusionPalette: window 50,50,50, text 240, base the window 1.4 times darker), which the
offscreen platform cannot switch to by itself.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from sithsclient.ui import style
from sithsclient.ui.pages.progress import StepState
from sithsclient.ui.widgets.common import Notice, Tone
from sithsclient.ui.widgets.pin_edit import PinEdit

Role = QPalette.ColorRole
TEXT, OTHER = 4.5, 3.0


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: QColor, background: QColor) -> QColor:
    """`colour` with its alpha as painted on `background`."""
    alpha = colour.alphaF()
    return QColor(
        *(
            round(c * alpha + b * (1 - alpha))
            for c, b in (
                (colour.red(), background.red()),
                (colour.green(), background.green()),
                (colour.blue(), background.blue()),
            )
        )
    )


def dark_palette() -> QPalette:
    window, text = QColor(50, 50, 50), QColor(240, 240, 240)
    palette = QPalette(
        text, window, window.lighter(150), window.darker(150), window.darker(130), text, window.darker(140)
    )
    palette.setColor(Role.Highlight, QColor(48, 140, 198))
    palette.setColor(Role.HighlightedText, text)
    placeholder = QColor(text)
    placeholder.setAlpha(128)
    palette.setColor(Role.PlaceholderText, placeholder)
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> QPalette:
    """The palette as the wizard has it: the desktop's, its selection made readable (style.fit_selection)."""
    if request.param == "light":
        style.fit_selection(qapp)
        return QPalette(qapp.palette())
    dark = dark_palette()
    highlight, text = style.readable_selection(dark)
    dark.setColor(Role.Highlight, highlight)
    dark.setColor(Role.HighlightedText, text)
    return dark


def test_the_light_palette_is_the_one_the_application_has(qapp: QApplication) -> None:
    assert not style.is_dark(qapp.palette()) and style.is_dark(dark_palette())
    assert qapp.palette().color(Role.Window) == QColor(239, 239, 239)  # Fusion's, as qt_fusionPalette has it


def test_fusions_own_selection_would_not_read(qapp: QApplication) -> None:
    """Why the selection is darkened: Fusion's blue under white is under 4.5:1, light and dark."""
    for palette in (qapp.style().standardPalette(), dark_palette()):
        assert contrast(palette.color(Role.HighlightedText), palette.color(Role.Highlight)) < TEXT


def test_text_is_at_least_4_5_to_1(palette: QPalette, qtbot: QtBot) -> None:
    pairs = {
        "window text": (Role.WindowText, Role.Window),
        "field text": (Role.Text, Role.Base),
        "button text": (Role.ButtonText, Role.Button),
        "selected text": (Role.HighlightedText, Role.Highlight),
    }
    low = {
        what: round(contrast(palette.color(fg), palette.color(bg)), 2)
        for what, (fg, bg) in pairs.items()
        if contrast(palette.color(fg), palette.color(bg)) < TEXT
    }
    window = palette.color(Role.Window)
    for state in (StepState.DONE, StepState.FAILED):
        label = QLabel("✔ Klart")
        qtbot.addWidget(label)
        label.setPalette(palette)
        style.step_look(label, state.value)
        painted = label.palette().color(Role.WindowText)
        if contrast(painted, window) < TEXT:
            low[f"step {state.value}"] = round(contrast(painted, window), 2)
    field = PinEdit()
    qtbot.addWidget(field)
    field.setPalette(palette)
    field._placeholder_readable()
    base = field.palette().color(Role.Base)
    placeholder = over(field.palette().color(Role.PlaceholderText), base)
    if contrast(placeholder, base) < TEXT:
        low["PIN placeholder"] = round(contrast(placeholder, base), 2)
    assert not low, low


def test_qts_own_placeholder_would_not_be(palette: QPalette) -> None:
    """Why the PIN field sets its own: the text at half strength is under 4.5:1 in both palettes."""
    base = palette.color(Role.Base)
    assert contrast(over(palette.color(Role.PlaceholderText), base), base) < TEXT


def test_notices_read_and_their_boxes_show(palette: QPalette, qtbot: QtBot) -> None:
    for tone in Tone:
        notice = Notice(tone, "Kortet kunde inte läsas.")
        qtbot.addWidget(notice)
        notice.setPalette(palette)
        border, background, text = style.notice_colours(tone.value, notice.palette())
        painted = notice.label.palette().color(Role.WindowText)
        assert painted == text
        assert contrast(text, background) >= TEXT, tone
        assert contrast(border, background) >= OTHER, tone  # the box's edge, inside it


def test_the_focus_ring_and_the_progress_bar_show(palette: QPalette) -> None:
    ring = style.focus_colour(palette)
    assert contrast(ring, palette.color(Role.Window)) >= OTHER  # the ring lies on the window, outside the control
    chunk = palette.color(Role.Highlight)  # Fusion's bar: the highlight in a groove of the field colour
    assert contrast(chunk, palette.color(Role.Base)) >= OTHER


def test_the_measure_is_wcags() -> None:
    """The formula on WCAG's own figures: black on white 21:1, #767676 on white just over 4.5:1."""
    assert round(contrast(QColor("black"), QColor("white")), 1) == 21.0
    assert 4.5 < contrast(QColor("#767676"), QColor("white")) < 4.6
    assert contrast(QColor("#777777"), QColor("white")) < 4.5


def test_only_the_selection_is_the_programs_own(qapp: QApplication) -> None:
    """Every other colour of the window stays the desktop's, so a dark or high-contrast desktop goes through."""
    style.fit_selection(qapp)
    fitted = qapp.palette()
    own = [
        role for role in Role if role is not Role.NColorRoles and fitted.isBrushSet(QPalette.ColorGroup.Active, role)
    ]
    assert set(own) <= {Role.Highlight, Role.HighlightedText}, own


def test_high_contrast_leaves_the_system_colours_alone(
    qapp: QApplication, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the desktop in high contrast (Windows' contrast themes; not to be switched on here, so the answer of
    style.high_contrast is given), nothing of the program's colours is painted: the system's palette stands."""
    monkeypatch.setattr(style, "high_contrast", lambda: True)
    system = QPalette(dark_palette())
    system.setColor(Role.Highlight, QColor("#ffff00"))  # as Windows' "Night sky": what the person chose
    try:
        style.fit_selection(qapp)
        own = [
            r for r in Role if r is not Role.NColorRoles and qapp.palette().isBrushSet(QPalette.ColorGroup.Active, r)
        ]
        assert not own, own  # the application's palette is the desktop's, untouched
        assert style.step_colour(StepState.DONE.value, system) is None
        notice = Notice(Tone.ERROR, "Kortet kunde inte läsas.")
        qtbot.addWidget(notice)
        notice.setPalette(system)
        border, background, text = style.notice_colours(Tone.ERROR.value, notice.palette())
        assert (background, text) == (system.color(Role.Window), system.color(Role.WindowText))
        assert border == text
        assert not notice.label.palette().isBrushSet(QPalette.ColorGroup.Active, Role.WindowText)
        assert style.focus_colour(system) == QColor("#ffff00")
    finally:
        monkeypatch.undo()
        style.fit_selection(qapp)


@pytest.mark.parametrize("kind", ["button", "field", "check box", "combo box"])
def test_the_edges_of_controls_show(kind: str, palette: QPalette, qapp: QApplication, qtbot: QtBot) -> None:
    """Measured on the pixels the style paints: the control's edge against the window around it (WCAG 1.4.11).
    Fusion's own edge is about 2:1; the program's style (style.EdgedFusion) draws it at 3:1 at least."""
    style.show_focus()
    assert isinstance(qapp.style(), style.EdgedFusion)
    made = {"button": QPushButton("Byt PIN-kod…"), "field": QLineEdit(), "check box": QCheckBox("Jag godkänner")}
    if kind == "combo box":
        combo = QComboBox()
        combo.addItem("Fungerar som vanligt")
        made[kind] = combo
    widget = made[kind]
    qtbot.addWidget(widget)
    widget.setPalette(palette)
    widget.resize(max(widget.sizeHint().width(), 160), widget.sizeHint().height())
    image = widget.grab().toImage()
    window = palette.color(Role.Window)
    middle = image.height() // 2
    edge = max((image.pixelColor(x, middle) for x in range(0, 8)), key=lambda c: contrast(c, window))
    assert contrast(edge, window) >= OTHER, (kind, edge.name(), round(contrast(edge, window), 2))
