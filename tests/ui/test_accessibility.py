"""Name, role and state of every control (EN 301 549 11.4.1.2), page by page and dialog by dialog, read from
the accessibility tree Qt gives screen readers, while practice mode is driven through a whole upgrade: a wrong
PIN, a pulled card (the lock), the end, a blocked PIN (the PUK dialog), a refusing issuing service (the failure
page) and IT support's report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from sithsclient.demo.practice import PracticeSession
from sithsclient.ui import i18n
from sithsclient.ui.app import Session
from sithsclient.ui.dialogs.diagnostics import DiagnosticsDialog
from sithsclient.ui.dialogs.extra_order import ExtraOrderDialog
from sithsclient.ui.dialogs.lock import LockDialog
from sithsclient.ui.dialogs.pin_questions import ChangePinDialog, FinalTryDialog, UnblockDialog
from sithsclient.ui.practice_panel import PracticePanel
from sithsclient.ui.wizard import PageId, UpgradeWizard
from tests.ui.accessible import Role, names, problems, tree
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    open_dialog,
    practice_window,
    type_pins,
    wait_card_ready,
    wait_page,
)


@pytest.fixture
def session(qtbot: QtBot, qapp: object, practice: PracticeSession) -> Iterator[Session]:
    opened = practice_window(practice)
    try:
        yield opened
    finally:
        opened.close()


def assert_readable(*windows: QWidget) -> None:
    found = [f"{type(w).__name__}: {p}" for w in windows for p in problems(w)]
    assert not found, "\n".join(found)


def parts(session: Session) -> tuple[UpgradeWizard, PracticePanel]:
    assert session.panel is not None
    return session.wizard, session.panel


def test_every_page_and_the_lock_are_named_through_a_practice_upgrade(qtbot: QtBot, session: Session) -> None:
    wizard, panel = parts(session)
    practice = panel.practice
    wait_card_ready(qtbot, wizard)
    assert_readable(wizard, panel)
    # What the issue counted over AT-SPI: the page's one card is read out, the chooser's closed list is not.
    chooser = wizard.card_page.chooser
    assert not chooser.isVisible()
    assert all(not n.shown for n in tree(chooser))

    click(qtbot, button(wizard, Button.NextButton))
    type_pins(qtbot, wizard, "000000")
    assert_readable(wizard, panel)
    assert "PIN-kod" in names(wizard)  # the field, by the name of the PIN
    click(qtbot, button(wizard, Button.NextButton))
    qtbot.waitUntil(
        lambda: wizard.pin_page.problem.isVisible() and all(f.isEnabled() for f in wizard.pin_page.fields.values())
    )
    assert_readable(wizard)
    said = [n.name for n in tree(wizard.pin_page.problem) if n.shown and n.role is Role.StaticText]
    assert said == [wizard.pin_page.problem.text()], said

    type_pins(qtbot, wizard, practice.info.pin)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.TERMS)
    assert_readable(wizard)
    panel.fault.setCurrentIndex(panel.fault.findData("delay=5"))  # time to pull the card on the progress page
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.PROGRESS)
    assert_readable(wizard)
    click(qtbot, panel.pull)
    lock = open_dialog(qtbot, LockDialog)
    assert_readable(wizard, lock, panel)
    assert lock.stop.accessibleName() or lock.stop.text()
    wizard.close()  # refused while the card is out: the box says why
    qtbot.waitUntil(lambda: wizard.close_refused_box is not None and wizard.close_refused_box.isVisible())
    box = wizard.close_refused_box
    assert isinstance(box, QMessageBox)
    assert_readable(box)
    box.accept()
    panel.fault.setCurrentIndex(panel.fault.findData("none"))
    click(qtbot, panel.insert)
    wait_page(qtbot, wizard, PageId.DONE)
    assert_readable(wizard, panel)


def test_the_dialogs_are_named(qtbot: QtBot, session: Session) -> None:
    wizard, panel = parts(session)
    practice = panel.practice
    wait_card_ready(qtbot, wizard)

    click(qtbot, wizard.card_page.change_pin)
    change = open_dialog(qtbot, ChangePinDialog)
    assert_readable(change)
    change.reject()
    click(qtbot, wizard.card_page.add_extra)
    order = open_dialog(qtbot, ExtraOrderDialog)
    assert_readable(order)
    order.reject()

    click(qtbot, button(wizard, Button.NextButton))  # two wrong PINs: the last try is asked for first
    for pin in ("000000", "000001", practice.info.pin):
        type_pins(qtbot, wizard, pin)
        click(qtbot, button(wizard, Button.NextButton))
    final = open_dialog(qtbot, FinalTryDialog)
    assert_readable(final)
    click(qtbot, final.stop)
    wait_page(qtbot, wizard, PageId.FAILURE)
    assert_readable(wizard)
    click(qtbot, button(wizard, Button.CustomButton1))
    diagnostics = open_dialog(qtbot, DiagnosticsDialog)
    assert_readable(diagnostics)
    diagnostics.reject()

    click(qtbot, panel.block)
    qtbot.waitUntil(lambda: practice.card_inserted and not panel.queue.busy, timeout=10_000)
    click(qtbot, button(wizard, Button.CustomButton2))  # try again: the PUK is asked for first
    unblock = open_dialog(qtbot, UnblockDialog)
    assert_readable(unblock, wizard)
    click(qtbot, unblock.cancel)


def test_an_open_list_is_read_out_and_a_closed_one_is_not(qtbot: QtBot, session: Session) -> None:
    _wizard, panel = parts(session)
    qtbot.waitUntil(panel.fault.isVisible)
    items = [n for n in tree(panel.fault) if n.role is Role.ListItem]
    assert items and not any(n.shown for n in items)
    panel.fault.showPopup()
    qtbot.waitUntil(lambda: any(n.shown for n in tree(panel.fault) if n.role is Role.ListItem))
    shown = [n.name for n in tree(panel.fault) if n.role is Role.ListItem and n.shown]
    assert "Fungerar som vanligt" in shown
    panel.fault.hidePopup()
    assert not any(n.shown for n in tree(panel.fault) if n.role is Role.ListItem)


def test_dialogs_are_top_level_for_screen_readers(qtbot: QtBot, session: Session) -> None:
    """Each dialog is a window of its own with a title, so a screen reader says where the person is."""
    wizard, _panel = parts(session)
    wait_card_ready(qtbot, wizard)
    click(qtbot, wizard.card_page.change_pin)
    change = open_dialog(qtbot, ChangePinDialog)
    assert change.windowTitle()
    assert any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    change.reject()


def test_the_page_is_a_named_tab_stop_only_while_it_scrolls(qtbot: QtBot, session: Session) -> None:
    wizard, _panel = parts(session)
    wait_card_ready(qtbot, wizard)
    content = wizard.card_page.findChild(QWidget, "pageContent")
    area = content.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    assert area.focusPolicy() == Qt.FocusPolicy.NoFocus  # the page fits: nothing to scroll, no stop
    wizard.resize(wizard.width(), 260)  # 200 % on a small screen: the page scrolls
    qtbot.waitUntil(lambda: area.focusPolicy() == Qt.FocusPolicy.StrongFocus)
    assert area.accessibleName() == "Sidans innehåll, rullar"
    assert_readable(wizard)


def test_the_error_dialog_and_the_reminder_are_named(qtbot: QtBot, qapp: object) -> None:
    from sithsclient.ui.dialogs.exception import ExceptionDialog
    from sithsclient.ui.notify import ReminderWindow

    i18n.install("sv")
    error = ExceptionDialog("Traceback (most recent call last): ...")
    qtbot.addWidget(error)
    error.show()
    assert_readable(error)
    click(qtbot, error.toggle)  # the details, a read-only text a screen reader reads too
    assert "Detaljer" in names(error)
    assert_readable(error)
    reminder = ReminderWindow("Certifikaten på ditt SITHS-kort går ut om 30 dagar.", lambda: None)
    qtbot.addWidget(reminder)
    reminder.show()
    assert_readable(reminder)
