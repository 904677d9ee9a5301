"""The logon reminder of `sithsclient check --notify`: a desktop notification that opens the wizard.

A tray message where the desktop has a system tray; elsewhere a small window with the same words, since a
reminder nobody sees is no reminder. A click opens the wizard; without a click it goes away by itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QStyle, QSystemTrayIcon, QVBoxLayout, QWidget

from sithsclient import advice, texts
from sithsclient.app.context import AppContext
from sithsclient.app.reminders import Reminder, ReminderKind
from sithsclient.config import Config
from sithsclient.ui.app import Session, prepare
from sithsclient.ui.widgets.common import heading, text_label
from sithsclient.upgrade.journal import JournalStore

SHOWN_FOR_MS = 10 * 60 * 1000


class ReminderTexts(QWidget):
    """Only a translation context: the reminder's words."""

    def title(self) -> str:
        return self.tr("Your SITHS card")

    def line(self, reminder: Reminder, renew_here: bool = False) -> str:
        """`renew_here`: the holder renews with this program (config renewal = "self"), else the card office."""
        if reminder.kind is ReminderKind.MUST_UPGRADE:
            return self.tr(
                "The certificates on your card must be upgraded. Click here to do it now; it takes about 90 seconds."
            )
        purpose = texts.purpose_word(reminder.purpose) if reminder.purpose else ""
        if reminder.kind is ReminderKind.EXPIRED:
            return self.tr("The certificate for {purpose} expired on {date}. Contact your card office.").format(
                purpose=purpose, date=reminder.not_after
            )
        if reminder.organisation:  # an extra pair: its own organisation's card office renews it
            return self.tr(
                "The certificate for {purpose} from {organisation} expires on {date}. Contact the card office of "
                "{organisation} in good time."
            ).format(purpose=purpose, organisation=reminder.organisation, date=reminder.not_after)
        if renew_here:
            return self.tr(
                "The certificate for {purpose} expires in {days} days ({date}). Click here to renew it now."
            ).format(purpose=purpose, days=reminder.days_left, date=reminder.not_after)
        return self.tr(
            "The certificate for {purpose} expires in {days} days ({date}). Contact your card office in good time."
        ).format(purpose=purpose, days=reminder.days_left, date=reminder.not_after)

    def message(self, reminders: list[Reminder], config: Config | None = None) -> str:
        """The reminders' lines, once each; with the organisation's card office where it is the one to contact."""
        renew_here = config is None or config.renewal == "self"
        lines: list[str] = []
        for reminder in reminders:
            line = self.line(reminder, renew_here)
            if line not in lines:
                lines.append(line)
        office = advice.contacts(config)[advice.Helper.CARD_OFFICE] if config is not None else None
        to_office = any(
            (r.kind is ReminderKind.EXPIRED or not renew_here) and not r.organisation
            for r in reminders
            if r.purpose is not None
        )
        if office is not None and office.known and to_office:
            lines.append(texts.contact_line(advice.Helper.CARD_OFFICE, office))
        return "\n".join(lines)


class ReminderWindow(QWidget):
    """The reminder where there is no system tray."""

    def __init__(self, message: str, open_wizard: Callable[[], None]) -> None:
        super().__init__()
        words = ReminderTexts()
        self.setWindowTitle(words.title())
        self.title = heading(words.title())
        self.message = text_label(message)
        self.open_button = QPushButton(self.tr("&Open the upgrade program"))
        self.later = QPushButton(self.tr("&Later"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(open_wizard)
        self.open_button.clicked.connect(self.close)
        self.later.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)


class Reminders:
    """The notification and, after a click, the wizard. Kept as one object so nothing is collected early."""

    def __init__(self, reminders: list[Reminder], context: AppContext) -> None:
        self.context = context
        self.session: Session | None = None
        words = ReminderTexts()
        self.message = words.message(reminders, context.config)
        self.tray: QSystemTrayIcon | None = None
        self.window: ReminderWindow | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = QWidget().style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(icon)
            self.tray.setToolTip(words.title())
            self.tray.messageClicked.connect(self.open_wizard)
            self.tray.activated.connect(lambda _reason: self.open_wizard())
            self.tray.show()
            self.tray.showMessage(words.title(), self.message, QSystemTrayIcon.MessageIcon.Warning, SHOWN_FOR_MS)
        else:
            self.window = ReminderWindow(self.message, self.open_wizard)
            self.window.show()

    def open_wizard(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(True)  # closing the wizard ends the reminder's process
        if self.session is None:
            self.session = Session(self.context)
            self.session.show()
        if self.tray is not None:
            self.tray.hide()

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
        if self.tray is not None:
            self.tray.hide()
        if self.window is not None:
            self.window.close()


def notify(reminders: list[Reminder], config: Config, language: str | None) -> int:
    app = prepare(language, config.language)
    shown = Reminders(reminders, AppContext(config=config, journal_store=JournalStore()))

    def give_up() -> None:  # nobody clicked: go away, the next logon asks again
        if shown.session is None:
            shown.close()
            app.quit()

    QTimer.singleShot(SHOWN_FOR_MS, give_up)
    app.setQuitOnLastWindowClosed(shown.window is not None)
    code = app.exec()
    shown.close()
    return code
