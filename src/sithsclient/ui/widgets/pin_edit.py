"""A PIN field: masked, digits only, exactly six, and a hint when Caps Lock or Num Lock gets in the way.

Qt cannot ask the keyboard whether Caps Lock is on, so the field infers it from what a key produced: an
upper-case letter without Shift (or a lower-case one with Shift) means Caps Lock. A number-pad key that
produced no digit means Num Lock is off. The field never keeps the PIN anywhere but in its own text, and
`wipe()` empties it as soon as the PIN has been handed on.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from sithsclient.ui import style

PIN_LENGTH = 6  # SITHS PINs (and the practice and test cards); checked before anything reaches the card
PUK_LENGTH = 8

_KEYPAD_NAVIGATION = {
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Insert,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Clear,
}


class PinEdit(QLineEdit):
    """`hint_changed(str)`: a short hint about the keyboard, or "" when there is nothing to say."""

    hint_changed = Signal(str)

    def __init__(self, length: int = PIN_LENGTH, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.length = length
        self.hint = ""
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMaxLength(length)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]*"), self))
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhHiddenText
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # nothing to copy, paste or undo
        self.setPlaceholderText(self.tr("{n} digits").format(n=length))
        self._placeholder_readable()
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0" * (length + 8)) + 24)

    def _placeholder_readable(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.PlaceholderText, style.readable_placeholder(palette))
        self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # a dark or high-contrast desktop came
            self.setPalette(QPalette())
            self._placeholder_readable()

    def is_complete(self) -> bool:
        text = self.text()
        return len(text) == self.length and text.isascii() and text.isdigit()

    def wipe(self) -> None:
        self.clear()
        self._set_hint("")

    def _set_hint(self, hint: str) -> None:
        if hint != self.hint:
            self.hint = hint
            self.hint_changed.emit(hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        typed = event.text()
        if len(typed) == 1 and typed.isalpha():
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if typed.isupper() != shift:
                self._set_hint(self.tr("Caps Lock is on. A PIN code has digits only."))
            else:
                self._set_hint(self.tr("A PIN code has digits only."))
        elif (
            event.modifiers() & Qt.KeyboardModifier.KeypadModifier
            and Qt.Key(event.key()) in _KEYPAD_NAVIGATION
            and not typed
        ):
            self._set_hint(self.tr("Num Lock is off: turn it on to type digits on the number pad."))
        elif typed.isdigit():
            self._set_hint("")
        super().keyPressEvent(event)
