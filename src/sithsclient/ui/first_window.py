"""The wizard's first page, drawn before the program has loaded what reading a card needs.

Importing the wizard brings cryptography, python-pkcs11, the engine and every page: most of a start's time.
A person should see the window at once, so `ui/app.py` shows this one first, with the words and size of the
wizard's card page in its first state ("Läser kortläsaren…"), then loads the rest and puts the wizard in its
place. Only Qt and the wizard's style are imported here.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizard, QWizardPage

from sithsclient.ui.widgets.common import heading

Button = QWizard.WizardButton


def window_size(window: QWidget) -> tuple[int, int]:
    """The wizard's size: room for the longest Swedish page; on a small screen at 200 % it fits the screen
    and the pages scroll instead."""
    metrics = window.fontMetrics()
    width, height = metrics.averageCharWidth() * 125, metrics.height() * 40
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    if screen is not None:
        width, height = min(width, screen.width() * 95 // 100), min(height, screen.height() * 90 // 100)
    return width, height


def _tr(context: str, text: str) -> str:
    """The wizard's own words, from its translation contexts: the same strings, not new ones."""
    return QCoreApplication.translate(context, text)


class _Reading(QWizardPage):
    """The card page before a card was read: nothing to upgrade yet."""

    def isComplete(self) -> bool:
        return False


class FirstWindow(QWizard):
    """The card page as it first looks, with its buttons shown but inactive until the wizard takes over."""

    def __init__(self, practice: bool = False) -> None:
        super().__init__()
        self.closed_by_user = False
        self.painted = False
        self._handed_over = False
        title = _tr("UpgradeWizard", "SITHS card upgrade")
        if practice:
            title += " – " + _tr("UpgradeWizard", "practice mode")
        self.setWindowTitle(title)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonLayout([Button.CustomButton1, Button.Stretch, Button.CancelButton, Button.NextButton])
        self.setButtonText(Button.CustomButton1, _tr("UpgradeWizard", "For &IT support…"))
        page = _Reading()
        page.setTitle(_tr("CardPage", "Your SITHS card"))
        page.setSubTitle(
            _tr(
                "CardPage",
                "Put your card (eTjänstekort) in the card reader. The program reads it and tells you what to do.",
            )
        )
        page.setButtonText(Button.NextButton, _tr("CardPage", "&Upgrade the card"))
        page.setButtonText(Button.CancelButton, _tr("UpgradeWizard", "Close"))
        # The card page's layout without its scroll area: one line needs no scrolling, and a scroll area's
        # first viewport costs a noticeable part of this window's start.
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        state = heading(_tr("CardPage", "Reading the card reader…"))
        state.setAccessibleDescription(_tr("CardPage", "Card state"))
        layout.addWidget(state)
        layout.addStretch(1)
        self.addPage(page)
        self.addPage(QWizardPage())  # so that the card page shows "Upgrade the card", not "Finish"
        self.button(Button.CustomButton1).setEnabled(False)
        self.resize(*window_size(self))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted = True

    def draw(self, app: QCoreApplication, timeout_s: float = 1.0) -> None:
        """Show the window and let Qt paint it before the caller blocks the event loop with its imports: on X
        the window is mapped and exposed asynchronously, so one round of events is not always enough."""
        self.show()
        deadline = time.monotonic() + timeout_s
        while not self.painted and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        app.processEvents()  # the paint's flush to the screen

    def hand_over(self) -> None:
        """The wizard is shown in this window's place: go without counting as the user's close."""
        self._handed_over = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closed (or Ctrl-C) before the wizard was loaded: the program ends instead of showing it.
        self.closed_by_user = not self._handed_over
        super().closeEvent(event)
