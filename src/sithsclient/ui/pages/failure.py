"""The failure page: what happened, the stable code, whether trying again is safe, and whom to contact.

"Try again" runs the engine once more; it reads its journal and the card and goes on where it stopped.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWizard, QWizardPage

from sithsclient import advice, logs, texts
from sithsclient.ui.widgets.common import Notice, Tone, announce, code_label, heading, scrolling, text_label
from sithsclient.upgrade.engine import Outcome


class FailurePage(QWizardPage):
    def __init__(self, contacts: dict[advice.Helper, advice.Contact] | None = None) -> None:
        super().__init__()
        self.contacts = contacts or {}
        self.setTitle(self.tr("The upgrade stopped"))
        self.setSubTitle(self.tr("What happened, and what you can do now."))
        self.outcome: Outcome | None = None
        self.what = heading()
        self.what.setAccessibleDescription(self.tr("What happened"))
        self.code = code_label()
        self.retry = Notice(Tone.INFO)
        self.retry.setAccessibleName(self.tr("Can I try again?"))
        self.contact = Notice(Tone.INFO)
        self.contact.setAccessibleName(self.tr("Whom to contact"))
        self.log = text_label(selectable=True)
        layout = scrolling(self)
        layout.addWidget(self.what)
        layout.addWidget(self.code)
        layout.addWidget(self.retry)
        layout.addWidget(self.contact)
        layout.addStretch(1)
        layout.addWidget(self.log)
        self.setFinalPage(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Close"))

    def show_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.what.setText(texts.error_text(outcome.code, outcome.message))
        self.code.setText(texts.code_line(outcome.code))
        self.retry.set_text(texts.retry_text(outcome.retry_safe), Tone.SUCCESS if outcome.retry_safe else Tone.ERROR)
        self.contact.set_text(texts.contact_for(outcome.code, self.contacts), Tone.INFO)
        self.log.setText(self.tr("The program's log is in {path}").format(path=logs.log_file()))
        announce(self.what, f"{self.what.text()}\n{self.code.text()}", assertive=True)
