"""A user's hands and eyes for the wizard: click the buttons they see, type in the fields they see, and
wait for what they would wait for. No internals are touched to make things happen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget, QWizard
from pytestqt.qtbot import QtBot

from sithsclient.app.context import AppContext
from sithsclient.demo.practice import PracticeSession
from sithsclient.ui import i18n
from sithsclient.ui.app import Session
from sithsclient.ui.wizard import PageId, UpgradeWizard
from sithsclient.upgrade.journal import JournalStore

Button = QWizard.WizardButton
TIMEOUT_MS = 30_000


def visible_text(widget: QWidget) -> str:
    """All text a user can see in `widget` (labels, buttons, checkboxes, tables), one string."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTreeWidget

    parts: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        if isinstance(child, QLabel) and child.textFormat() != Qt.TextFormat.PlainText:
            document = QTextDocument()
            document.setHtml(child.text())
            parts.append(document.toPlainText())
        elif isinstance(child, QLabel | QAbstractButton):
            parts.append(child.text().replace("&&", "\0").replace("&", "").replace("\0", "&"))
        elif isinstance(child, QTreeWidget):
            for index in range(child.topLevelItemCount()):
                item = child.topLevelItem(index)
                assert item is not None
                parts.extend(item.text(c) for c in range(child.columnCount()))
    if isinstance(widget, QWizard) and widget.currentPage() is not None:
        page = widget.currentPage()
        parts += [page.title(), page.subTitle()]
    return "\n".join(p for p in parts if p)


def page_text(wizard: UpgradeWizard) -> str:
    page = wizard.currentPage()
    assert page is not None
    return "\n".join([page.title(), page.subTitle(), visible_text(page)])


def button(wizard: UpgradeWizard, which: Button) -> QAbstractButton:
    found = wizard.button(which)
    assert found is not None
    return found


def click(qtbot: QtBot, target: QAbstractButton) -> None:
    assert target.isVisible(), f"{target.text()!r} is not visible"
    assert target.isEnabled(), f"{target.text()!r} is not enabled"
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def wait_page(qtbot: QtBot, wizard: UpgradeWizard, page: PageId, timeout: int = TIMEOUT_MS) -> None:
    qtbot.waitUntil(lambda: wizard.currentId() == page, timeout=timeout)


def wait_text(qtbot: QtBot, widget: QWidget, text: str, timeout: int = TIMEOUT_MS) -> None:
    def shows() -> None:
        seen = visible_text(widget) if not isinstance(widget, UpgradeWizard) else page_text(widget)
        assert text in seen, seen

    qtbot.waitUntil(shows, timeout=timeout)


def wait_card_ready(qtbot: QtBot, wizard: UpgradeWizard, timeout: int = TIMEOUT_MS) -> None:
    """Until the first page shows a card that can be upgraded (Next enabled)."""
    qtbot.waitUntil(lambda: button(wizard, Button.NextButton).isEnabled(), timeout=timeout)


def stop_card_reading(qtbot: QtBot, wizard: UpgradeWizard, timeout: int = TIMEOUT_MS) -> None:
    """Until the wizard's reads of the card are over, then no more of them: a test that opens the card itself
    in this process (tests/fixtures/cli.py's card_state reinitializes the module) would otherwise pull the
    sessions from under the wizard's read after the done page, or the wizard's from under its own."""
    qtbot.waitUntil(lambda: not wizard.card_queue.busy, timeout=timeout)
    wizard.card_queue.shutdown()


def type_pins(qtbot: QtBot, wizard: UpgradeWizard, *pins: str) -> None:
    wait_page(qtbot, wizard, PageId.PINS)

    # Waited for, not read at once: after a wrong PIN the page stays, its fields disabled, until the engine's
    # answer has come and it asks again for the PIN that was wrong alone (a loaded machine shows the moment).
    def asks_for_these() -> None:
        count = len(wizard.pin_page.fields)
        assert count == len(pins), f"the page asks for {count} PINs"

    qtbot.waitUntil(asks_for_these, timeout=TIMEOUT_MS)
    fields = list(wizard.pin_page.fields.values())
    qtbot.waitUntil(lambda: all(f.isEnabled() for f in fields))
    for field, pin in zip(fields, pins, strict=True):
        field.setFocus()
        qtbot.keyClicks(field, pin)


def accept_terms(qtbot: QtBot, wizard: UpgradeWizard) -> None:
    wait_page(qtbot, wizard, PageId.TERMS)
    checkbox = wizard.terms_page.checkbox
    assert not button(wizard, Button.NextButton).isEnabled()  # not before the box is ticked
    qtbot.mouseClick(checkbox, Qt.MouseButton.LeftButton, pos=QPoint(8, checkbox.height() // 2))  # on the box
    click(qtbot, button(wizard, Button.NextButton))


def open_dialog(qtbot: QtBot, kind: type[QDialog], timeout: int = TIMEOUT_MS) -> QDialog:
    found: list[QDialog] = []

    def shown() -> None:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        assert found

    qtbot.waitUntil(shown, timeout=timeout)
    return found[0]


def practice_window(practice: PracticeSession, language: str = "sv") -> Session:
    """Practice mode's wizard and panel, shown in `language`; the caller closes it."""
    i18n.install(language)
    opened = Session(AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice))
    opened.show()
    return opened
