"""Done: what is on the card now, and what to do next (restart the programs that use the card)."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard, QWizardPage

from sithsclient.app.snapshot import CardSnapshot
from sithsclient.ui import i18n
from sithsclient.ui.widgets.certificates import CertificateList
from sithsclient.ui.widgets.common import Notice, Tone, heading, scrolling, text_label
from sithsclient.upgrade.events import Step


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
        already_current: bool,
        seconds: float,
        *,
        extra_organisation: str | None = None,
        unblocked: list[str] | None = None,
    ) -> None:
        if extra_organisation is not None:
            self.headline.setText(i18n.step_text(Step.DONE, extra=True))
            one = self.tr(
                "The certificates from {organisation} were added in 1 second. Your own certificates were not "
                "changed, and your PIN codes are the same as before."
            )
            many = self.tr(
                "The certificates from {organisation} were added in {s} seconds. Your own certificates were not "
                "changed, and your PIN codes are the same as before."
            )
            s = max(1, round(seconds))  # one sentence each for 1 and more: "1 sekunder" reads wrong
            summary = (one if s == 1 else many).format(organisation=extra_organisation or "–", s=s)
            if unblocked:  # not "the same as before": the PUK gave it a new one during the run
                summary = self.tr(
                    "The certificates from {organisation} were added. Your own certificates were not changed. "
                    "{names}: use the new PIN code you chose when you unblocked it."
                ).format(organisation=extra_organisation or "–", names=", ".join(unblocked))
            self.summary.setText(summary)
            self.next_steps.set_text(
                self.tr(
                    "Next: restart the programs that use the card. When a program asks which certificate to use, "
                    "look at the organisation: the two pairs carry the same name. Some systems always take the "
                    "certificate added last."
                )
            )
        elif already_current:
            self.headline.setText(self.tr("The card is already upgraded"))
            self.summary.setText(self.tr("The card has SITHS eID certificates. Nothing needed to be done."))
            self.next_steps.set_text(self.tr("If you have trouble logging in, contact your local IT support."))
        else:
            self.headline.setText(i18n.step_text(Step.DONE))
            one = self.tr("The old certificates were replaced in 1 second. Your PIN codes are the same as before.")
            many = self.tr("The old certificates were replaced in {s} seconds. Your PIN codes are the same as before.")
            one_new = self.tr(
                "The old certificates were replaced in 1 second. {names}: use the new PIN code you chose when you "
                "unblocked it."
            )
            many_new = self.tr(
                "The old certificates were replaced in {s} seconds. {names}: use the new PIN code you chose when you "
                "unblocked it."
            )
            s = max(1, round(seconds))
            summary = (one if s == 1 else many).format(s=s)
            if unblocked:  # not "the same as before": the PUK gave it a new one during the run
                summary = (one_new if s == 1 else many_new).format(s=s, names=", ".join(unblocked))
            self.summary.setText(summary)
            self.next_steps.set_text(
                self.tr(
                    "Next: restart the programs that use the card (web browser, e-mail, the patient record "
                    "system), so that they find the new certificates. You can take the card out now."
                )
            )
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
