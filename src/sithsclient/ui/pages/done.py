"""Done: what is on the card now, and what to do next (restart the programs that use the card).

"What is on the card now" is the card in the reader, read again after every card event: the upgraded one, or
(after a swap) another card, said to be another. In practice mode "Practise again" puts a fresh practice card in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWizard, QWizardPage

from sithsclient.app.snapshot import CardSnapshot, ReadersSnapshot
from sithsclient.pki.card_set import Identity, identity_of_issuer
from sithsclient.ui import i18n
from sithsclient.ui.widgets.certificates import CertificateList
from sithsclient.ui.widgets.common import Notice, Tone, announce, heading, scrolling, text_label
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.steps import Step
from sithsclient.upgrade.upgrade_words import WHICH_TO_PICK


class DonePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Finished"))
        self.setSubTitle(self.tr("Your card is ready to use."))
        self.headline = heading()
        self.summary = text_label()
        self.on_card = text_label(self.tr("On the card now:"))
        self.certificates = CertificateList()
        self.which = Notice(Tone.INFO)  # a card with an HSA-id and a personnummer pair: which to pick
        self.which.setAccessibleName(self.tr("Which certificate to pick"))
        self.which.setVisible(False)
        self.next_steps = Notice(Tone.INFO)
        self.next_steps.setAccessibleName(self.tr("What to do next"))
        self.practise_again = QPushButton(self.tr("&Practise again"))
        self.practise_again.setToolTip(self.tr("A new practice card with the old certificates goes in."))
        self.practise_again.setVisible(False)
        layout = scrolling(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary)
        layout.addWidget(self.next_steps)
        layout.addWidget(self.which)
        layout.addWidget(self.on_card)
        layout.addWidget(self.certificates)
        row = QHBoxLayout()
        row.addWidget(self.practise_again)
        row.addStretch(1)
        layout.addLayout(row)
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
        announce(self.headline, f"{self.headline.text()}\n{self.summary.text()}")  # the end, for screen readers

        self.practise_again.setEnabled(True)

    def offer_practice_again(self, practise: Callable[[], None]) -> None:
        """Practice mode: "Practise again" calls `practise` (a fresh practice card, back to the first page)."""

        def clicked() -> None:
            self.practise_again.setEnabled(False)  # once per upgrade: the card is being swapped
            practise()

        self.practise_again.setVisible(True)
        self.practise_again.clicked.connect(clicked)

    def show_snapshot(self, snapshot: ReadersSnapshot, serial: str) -> None:
        """What the card in the reader holds now: the card of the run (`serial`), or another one put in since."""
        card = next((c for c in snapshot.cards if c.serial == serial), None)
        if card is not None:
            self.show_card(card)
        elif snapshot.cards:
            other = snapshot.cards[0]
            self.show_card(other, self.tr("Another card is in the reader now ({holder}, card {serial}). On it:"))
        elif not snapshot.card_in_a_reader:
            self.show_card(None, self.tr("No card in the reader. Put the card in to see what is on it now."))
        else:
            self.show_card(None)

    def show_card(self, card: CardSnapshot | None, words: str = "") -> None:
        if card is None:  # never the list of a card read before: it may not be the one in the reader now
            self._show_which(None)
            self.certificates.clear()
            self.certificates.setVisible(False)
            self.on_card.setText(
                words or self.tr("The card could not be read again; take it out and put it back to check it.")
            )
            return
        self.on_card.setText(
            (words or self.tr("On the card now:")).format(holder=card.holder or card.label, serial=card.serial)
        )
        self.certificates.show_certificates(card.certificates)
        self.certificates.setVisible(True)
        self._show_which(card)

    def _show_which(self, card: CardSnapshot | None) -> None:
        """Where the card holds both an HSA-id and a personnummer certificate, which one to pick when a program
        asks, in the words the certificates themselves show (their issuer, the number in the subject)."""
        infos = [] if card is None else [c for c in card.certificates if not c.expired()]
        identities = {identity_of_issuer(c.issuer) for c in infos}
        hsa_id = next((c.hsa_id for c in infos if identity_of_issuer(c.issuer) is Identity.HSA_ID), "")
        both = {Identity.HSA_ID, Identity.PERSONNUMMER} <= identities
        self.which.set_text(QCoreApplication.translate("Upgrade", WHICH_TO_PICK).format(hsa_id=hsa_id) if both else "")
        self.which.setVisible(both)
