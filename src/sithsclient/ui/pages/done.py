"""Done: what is on the card now, and what to do next (restart the programs that use the card)."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard, QWizardPage

from sithsclient.app.snapshot import CardSnapshot
from sithsclient.ui import i18n
from sithsclient.ui.widgets.certificates import CertificateList
from sithsclient.ui.widgets.common import Notice, Tone, heading, scrolling, text_label
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.steps import Step


class DonePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Finished"))
        self.setSubTitle(self.tr("Your card is ready to use."))
        self.headline = heading()
        self.summary = text_label()
        self.on_card = text_label(self.tr("On the card now:"))
        self.certificates = CertificateList()
        self.next_steps = Notice(Tone.INFO)
        self.next_steps.setAccessibleName(self.tr("What to do next"))
        layout = scrolling(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary)
        layout.addWidget(self.next_steps)
        layout.addWidget(self.on_card)
        layout.addWidget(self.certificates)
        layout.addStretch(1)
        self.setFinalPage(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Close"))

    def show_finished(
        self,
        operation: Operation,
        already_current: bool,
        seconds: float,
        *,
        organisation: str = "",
        unblocked: list[str] | None = None,
    ) -> None:
        """The run of `operation` ended well; `organisation`: where the certificates came from (its terms')."""
        words = operation.words
        if already_current:
            self.headline.setText(i18n.say(operation, words.already_headline))
            self.summary.setText(i18n.say(operation, words.already_summary))
            self.next_steps.set_text(i18n.say(operation, words.already_next))
        else:
            self.headline.setText(i18n.step_text(Step.DONE, operation))
            s = max(1, round(seconds))  # one sentence each for 1 and more: "1 sekunder" reads wrong
            if unblocked:  # not "the same as before": the PUK gave it a new one during the run
                summary = words.done_unblocked_one if s == 1 else words.done_unblocked_many
            else:
                summary = words.done_one if s == 1 else words.done_many
            names = ", ".join(unblocked or [])
            self.summary.setText(
                i18n.say(operation, summary).format(s=s, names=names, organisation=organisation or "–")
            )
            self.next_steps.set_text(i18n.say(operation, words.done_next))
        # The list waits for the card to be read again: an empty list under "the upgrade is finished" would read
        # as a card with no certificates.
        self.certificates.clear()
        self.certificates.setVisible(False)
        self.on_card.setText(self.tr("Reading the card again to show what is on it now…"))

    def show_card(self, card: CardSnapshot | None) -> None:
        if card is None:
            self.on_card.setText(self.tr("The card could not be read again; take it out and put it back to check it."))
            return
        self.on_card.setText(self.tr("On the card now:"))
        self.certificates.show_certificates(card.certificates)
        self.certificates.setVisible(True)
