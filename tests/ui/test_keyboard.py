"""Keyboard alone (EN 301 549 11.2.1.1, 11.2.1.2; WCAG 2.4.3, 2.4.7): a practice upgrade from the card page to
the end, the PUK dialog and the practice panel, with keys only, no mouse. On each page every control can be
reached with Tab, and the one that has the focus shows it (its pixels change when the focus comes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sithsclient.demo.practice import PracticeSession
from sithsclient.ui import i18n
from sithsclient.ui.app import Session
from sithsclient.ui.dialogs.pin_questions import UnblockDialog
from sithsclient.ui.practice_panel import PracticePanel
from sithsclient.ui.wizard import PageId, UpgradeWizard
from tests.ui.driver import open_dialog, practice_window, wait_card_ready, wait_page

Key = Qt.Key
CONTROLS = (QAbstractButton, QLineEdit, QComboBox)


@pytest.fixture(params=["sv", "en"])
def session(request: pytest.FixtureRequest, qtbot: QtBot, qapp: object, practice: PracticeSession) -> Iterator[Session]:
    opened = practice_window(practice, request.param)
    try:
        yield opened
    finally:
        opened.close()
        i18n.install("sv")


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press(window: QWidget, key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key, to whatever has the focus in `window`: what a keyboard does."""
    target = window.focusWidget() or window
    QTest.keyClick(target, key, modifier)


def type_text(window: QWidget, text: str) -> None:
    target = window.focusWidget()
    assert target is not None, "nothing has the focus to type into"
    QTest.keyClicks(target, text)


def tab_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits, from the focus round to it again."""
    start = window.focusWidget()
    assert start is not None, f"nothing in {window.windowTitle()!r} has the focus"
    chain = [start]
    for _ in range(60):
        press(window, Key.Key_Tab)
        now = window.focusWidget()
        assert now is not None
        if now is start:
            return chain
        chain.append(now)
    raise AssertionError(f"Tab does not come round in {window.windowTitle()!r}: {chain}")


def controls(window: QWidget) -> list[QWidget]:
    """What a person can operate in `window` now: shown, enabled controls."""
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, CONTROLS) and w.isVisible() and w.isEnabled() and w.window() is window
    ]


def assert_keyboard_reaches_all(window: QWidget) -> None:
    """Every control is on the Tab chain, and shows the focus when it has it."""
    chain = tab_chain(window)
    missing = [f"{type(w).__name__} {text_of(w)!r}" for w in controls(window) if w not in chain]
    assert not missing, f"not reached with Tab: {missing}"
    unseen = []
    for _ in chain:  # round once more, as the person would, looking at each control as it gets the focus
        widget = window.focusWidget()
        assert widget is not None
        focused = around(window, widget)
        press(window, Key.Key_Tab)
        if around(window, widget) == focused:
            unseen.append(f"{type(widget).__name__} {text_of(widget)!r}")
    assert not unseen, f"the focus is not seen on: {unseen}"


def around(window: QWidget, widget: QWidget) -> QImage:
    """The control and a few pixels round it, as the window shows them (a focus ring lies outside it)."""
    corner = widget.mapTo(window, QPoint(0, 0))
    return window.grab(QRect(corner, widget.size()).adjusted(-4, -4, 4, 4)).toImage()


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton | QLabel):
        return widget.text()
    return widget.accessibleName()


def parts(session: Session) -> tuple[UpgradeWizard, PracticePanel]:
    assert session.panel is not None
    return session.wizard, session.panel


def test_an_upgrade_by_keyboard_alone(qtbot: QtBot, session: Session) -> None:
    wizard, panel = parts(session)
    practice = panel.practice
    wait_card_ready(qtbot, wizard)
    activate(qtbot, wizard)
    assert_keyboard_reaches_all(wizard)
    wizard.button(wizard.WizardButton.NextButton).setFocus()  # where the page puts it when it opens
    press(wizard, Key.Key_Return)  # the default button: upgrade the card
    wait_page(qtbot, wizard, PageId.PINS)
    qtbot.waitUntil(lambda: isinstance(wizard.focusWidget(), QLineEdit) and wizard.focusWidget().isEnabled())
    type_text(wizard, "000000")
    press(wizard, Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.pin_page.problem.isVisible() and wizard.focusWidget().isEnabled())
    assert isinstance(wizard.focusWidget(), QLineEdit)  # straight back in the field after a wrong PIN
    assert_keyboard_reaches_all(wizard)
    wizard.pin_page.fields[next(iter(wizard.pin_page.fields))].setFocus()
    type_text(wizard, practice.info.pin)
    press(wizard, Key.Key_Return)
    wait_page(qtbot, wizard, PageId.TERMS)
    assert wizard.focusWidget() is wizard.terms_page.checkbox
    assert_keyboard_reaches_all(wizard)
    wizard.terms_page.checkbox.setFocus()
    press(wizard, Key.Key_Space)
    assert wizard.terms_page.checkbox.isChecked()
    press(wizard, Key.Key_Return)
    wait_page(qtbot, wizard, PageId.DONE)
    assert wizard.focusWidget() is wizard.button(wizard.WizardButton.FinishButton)
    assert_keyboard_reaches_all(wizard)


def test_the_puk_dialog_and_the_panel_by_keyboard_alone(qtbot: QtBot, session: Session) -> None:
    wizard, panel = parts(session)
    practice = panel.practice
    wait_card_ready(qtbot, wizard)
    activate(qtbot, panel)
    qtbot.waitUntil(lambda: not panel.queue.busy and panel.block.isEnabled())
    assert_keyboard_reaches_all(panel)
    panel.block.setFocus()
    assert panel.focusWidget() is panel.block
    press(panel, Key.Key_Space)  # block the PIN: the card is pulled and put back, blocked
    qtbot.waitUntil(lambda: wizard.card_page.unblock.isVisible() and wizard.card_page.isComplete(), timeout=10_000)

    activate(qtbot, wizard)
    wizard.button(wizard.WizardButton.NextButton).setFocus()
    press(wizard, Key.Key_Return)
    dialog = open_dialog(qtbot, UnblockDialog)
    activate(qtbot, dialog)
    assert dialog.focusWidget() is dialog.puk  # the first field, ready to type in
    assert_keyboard_reaches_all(dialog)
    dialog.puk.setFocus()
    type_text(dialog, practice.info.puk)
    press(dialog, Key.Key_Tab)
    type_text(dialog, "135790")
    press(dialog, Key.Key_Tab)
    type_text(dialog, "135790")
    press(dialog, Key.Key_Return)
    wait_page(qtbot, wizard, PageId.TERMS)
    activate(qtbot, wizard)
    press(wizard, Key.Key_Space)
    press(wizard, Key.Key_Return)
    wait_page(qtbot, wizard, PageId.DONE)

    activate(qtbot, panel)  # the panel's mnemonics: Alt and the underlined letter
    assert panel.pull.isEnabled()
    letter = panel.pull.text().split("&", 1)[1][0].upper()  # "&Dra ut kortet", "&Pull the card out"
    press(panel, Key(ord(letter)), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not practice.card_inserted, timeout=10_000)
