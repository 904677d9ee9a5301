"""The first page: is there a reader, is there a card, whose card is it, and what can the upgrade do for it.

It is redrawn from a `ReadersSnapshot` whenever a reader or card comes or goes, so it always tells the
truth about the desk in front of the user: no reader, no card, a card being read, or the card itself with
its holder, HSA-ID, certificates and a verdict in plain words with whom to contact.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWizard,
    QWizardPage,
)

from sithsclient import advice, texts
from sithsclient.app.snapshot import CardSnapshot, ReadersSnapshot
from sithsclient.card.errors import PinState
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.ui.widgets.certificates import CertificateList
from sithsclient.ui.widgets.common import (
    ChoiceBox,
    Notice,
    Tone,
    code_label,
    heading,
    navigating,
    scrolling,
    text_label,
)
from sithsclient.upgrade.extra import EXTRA_PAIR
from sithsclient.upgrade.fetch_plan import FETCH, signature_missing
from sithsclient.upgrade.renew_plan import RENEWAL
from sithsclient.upgrade.upgrade_plan import UPGRADE

log = logging.getLogger(__name__)


# Which operations the page offers for a card: each has its way in here (Next, a button) and its note when a run
# of it on this card stopped half-way.
def may_upgrade(card: CardSnapshot) -> bool:
    return card.verdict is Verdict.MUST_UPGRADE or card.unfinished_run(UPGRADE.kind) is not None


def may_add_extra_pair(card: CardSnapshot) -> bool:
    """An ordinary SITHS card with room for an extra pair (one per card), or one whose extra pair is half-way."""
    if card.verdict not in (Verdict.MUST_UPGRADE, Verdict.CURRENT):
        return False
    return not card.extra_hsa_id or card.unfinished_run(EXTRA_PAIR.kind) is not None


def renewal_due(card: CardSnapshot, days: int) -> CertificateInfo | None:
    """The first of the card's own current certificates to end, when it ends within `days` days (expired too):
    the one `check` warns of. An extra pair's are its organisation's to renew."""
    own = [
        c
        for c in card.certificates
        if c.generation is Generation.CURRENT
        and c.purpose in (Purpose.AUTHENTICATION, Purpose.SIGNATURE)
        and c.hsa_id != card.extra_hsa_id
    ]
    first = min(own, key=lambda c: c.not_after, default=None)
    return first if first is not None and first.days_left() <= days else None


def may_renew(card: CardSnapshot, days: int) -> bool:
    """A current card whose own pair is due and not yet expired, or one whose renewal is half-way."""
    if card.unfinished_run(RENEWAL.kind) is not None:
        return True
    due = renewal_due(card, days) if card.verdict is Verdict.CURRENT else None
    return due is not None and not due.expired()


class CardPage(QWizardPage):
    start_requested = Signal()
    change_pin_requested = Signal()
    unblock_requested = Signal()
    extra_requested = Signal()
    renew_requested = Signal()
    fetch_requested = Signal()

    def __init__(
        self,
        contacts: dict[advice.Helper, advice.Contact] | None = None,
        renewal_days: int = 60,
        renewal_by_card_office: bool = False,
    ) -> None:
        super().__init__()
        self.contacts = contacts or {}
        self.renewal_days = renewal_days
        self.renewal_by_card_office = renewal_by_card_office  # the organisation's card office renews (config)
        self.setTitle(self.tr("Your SITHS card"))
        self.setSubTitle(
            self.tr("Put your card (eTjänstekort) in the card reader. The program reads it and tells you what to do.")
        )
        self._snapshot: ReadersSnapshot | None = None
        self._busy = False

        self.state = heading()
        self.state.setAccessibleDescription(self.tr("Card state"))
        self.state_detail = text_label()
        self.code = code_label()

        self.chooser = ChoiceBox()
        self.chooser.setAccessibleName(self.tr("Card to upgrade"))
        self.chooser.currentIndexChanged.connect(self._show_selected)
        self.chooser_label = QLabel(self.tr("&Card:"))
        self.chooser_label.setBuddy(self.chooser)
        chooser_row = QHBoxLayout()
        chooser_row.addWidget(self.chooser_label)
        chooser_row.addWidget(self.chooser, 1)

        self.card_box = QGroupBox(self.tr("Card"))
        form = QFormLayout(self.card_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.holder = text_label(selectable=True)
        self.hsa_id = text_label(selectable=True)
        self.serial = text_label(selectable=True)
        self.reader = text_label(selectable=True)
        self.pin_state = text_label()
        form.addRow(self.tr("Holder:"), self.holder)
        form.addRow(self.tr("HSA-ID:"), self.hsa_id)
        form.addRow(self.tr("Card number:"), self.serial)
        form.addRow(self.tr("Reader:"), self.reader)
        self.pin_label = QLabel(self.tr("PIN code:"))
        form.addRow(self.pin_label, self.pin_state)
        self.certificates = CertificateList()
        form.addRow(self.tr("Certificates:"), self.certificates)
        self.extra_label = QLabel(self.tr("Extra certificate pair:"))
        self.extra = text_label(selectable=True)
        form.addRow(self.extra_label, self.extra)

        self.verdict = Notice(Tone.INFO)
        self.verdict.setAccessibleName(self.tr("What the upgrade can do"))
        self.resume = Notice(Tone.WARNING)
        self.note = Notice(Tone.INFO)  # what happened last, e.g. "the upgrade was cancelled"
        self.renewal = Notice(Tone.WARNING)  # the card's own certificates end soon: renew, or whom to contact
        self.renewal.setAccessibleName(self.tr("Renewal"))

        self.change_pin = QPushButton(self.tr("C&hange PIN code…"))
        self.change_pin.clicked.connect(self.change_pin_requested)
        self.unblock = QPushButton(self.tr("&Unblock PIN with PUK…"))
        self.unblock.clicked.connect(self.unblock_requested)
        # Seeds 000 and 003: one extra certificate pair from another organisation, beside the card's own.
        self.add_extra = QPushButton(self.tr("Add certificates from another &organisation…"))
        self.add_extra.setAccessibleName(self.tr("Add certificates from another organisation"))
        self.add_extra.clicked.connect(self.extra_requested)
        # Seed 003: the 2024 platform leaves the signature certificate off; it is fetched by those who need it.
        self.fetch = QPushButton(self.tr("Fetch a &signature certificate…"))
        self.fetch.setAccessibleName(self.tr("Fetch a signature certificate"))
        self.fetch.clicked.connect(self.fetch_requested)
        for tool in (self.change_pin, self.unblock, self.add_extra, self.fetch):
            tool.setAutoDefault(False)  # Return starts the upgrade (the default button), not a tool
        tools = QHBoxLayout()
        tools.addWidget(self.change_pin)
        tools.addWidget(self.unblock)
        tools.addWidget(self.add_extra)
        tools.addWidget(self.fetch)
        tools.addStretch(1)

        layout = scrolling(self)
        layout.addWidget(self.state)
        layout.addWidget(self.state_detail)
        layout.addWidget(self.code)
        layout.addLayout(chooser_row)
        layout.addWidget(self.card_box)
        layout.addWidget(self.verdict)
        layout.addWidget(self.renewal)
        layout.addWidget(self.resume)
        layout.addWidget(self.note)
        layout.addLayout(tools)
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Upgrade the card"))
        self.show_reading()

    # -- what the wizard tells the page ------------------------------------------------------------------

    def show_reading(self) -> None:
        """Between a card event and the snapshot that follows it."""
        if self._snapshot is None or not self._snapshot.cards:
            self._state(self.tr("Reading the card reader…"), "", "")
            self._show_card(None)

    def show_snapshot(self, snapshot: ReadersSnapshot) -> None:
        self._snapshot = snapshot
        previous = self.selected()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for card in snapshot.cards:
            self.chooser.addItem(f"{card.holder or card.label} ({card.serial})", card.serial)
        index = next((i for i, c in enumerate(snapshot.cards) if previous and c.serial == previous.serial), 0)
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)
        several = len(snapshot.cards) > 1
        self.chooser.setVisible(several)
        self.chooser_label.setVisible(several)
        self._show_selected()

    def show_note(self, text: str, tone: Tone = Tone.INFO) -> None:
        self.note.set_text(text, tone)

    def set_busy(self, busy: bool) -> None:
        """While the upgrade starts (preflight): no second start, no PIN tools."""
        self._busy = busy
        self._update_tools()
        self.completeChanged.emit()

    def selected(self) -> CardSnapshot | None:
        if self._snapshot is None or not self._snapshot.cards:
            return None
        index = max(self.chooser.currentIndex(), 0)
        return self._snapshot.cards[min(index, len(self._snapshot.cards) - 1)]

    # -- drawing -----------------------------------------------------------------------------------------

    def _state(self, text: str, detail: str, code: str) -> None:
        if text != self.state.text():  # what the user was told, for IT support reading the log afterwards
            log.info("card page: %s", code or text)
        self.state.setText(text)
        self.state_detail.setText(detail)
        self.state_detail.setVisible(bool(detail))
        self.code.setText(texts.code_line(code) if code else "")
        self.code.setVisible(bool(code))

    def _show_selected(self) -> None:
        snapshot = self._snapshot
        card = self.selected()
        if snapshot is None:
            return
        if snapshot.problem is not None:
            self._state(
                texts.error_text(snapshot.problem.code, snapshot.problem.message),
                texts.contact_for(snapshot.problem.code, self.contacts),
                snapshot.problem.code,
            )
        elif card is not None:
            self._state(self.tr("The card in the reader"), "", "")
        elif not snapshot.readers:
            detail = (
                "" if snapshot.pcsc_available else self.tr("The smart card service of the computer does not answer.")
            )
            self._state(texts.error_text("card.no_reader"), detail, "card.no_reader")
        elif snapshot.card_in_a_reader:
            self._state(
                self.tr("The card in the reader could not be read."),
                self.tr(
                    "Is it a SITHS card? Take it out and put it back in. If it still cannot be read, contact your "
                    "local IT support."
                ),
                "card.no_card",
            )
        else:  # the ordinary moment before the card goes in: nothing has failed, so no error code
            self._state(texts.error_text("card.no_card"), self.tr("Waiting for a card…"), "")
        self._show_card(card)

    def _show_card(self, card: CardSnapshot | None) -> None:
        self.card_box.setVisible(card is not None)
        self.verdict.setVisible(card is not None)
        self.resume.setVisible(card is not None and bool(card.unfinished))
        if card is None:
            self.certificates.clear()
            self._update_tools()
            self.completeChanged.emit()
            return
        self.holder.setText(card.holder or "–")
        self.hsa_id.setText(card.hsa_id or "–")
        self.serial.setText(card.serial)
        self.reader.setText(card.reader or "–")
        pins = []
        for role, status in card.pins:
            state = texts.pin_status_text(status) if status is not None else self.tr("could not be read")
            pins.append(state if card.shared_pin else f"{texts.role_name(role)}: {state}")
        if card.shared_pin:
            pins.append(self.tr("One PIN code for both logging in and signing."))
        self.pin_label.setText(self.tr("PIN code:") if len(card.pins) == 1 else self.tr("PIN codes:"))
        self.pin_state.setText("\n".join(pins))
        self.certificates.show_certificates(card.certificates)
        tone = {Verdict.MUST_UPGRADE: Tone.WARNING, Verdict.CURRENT: Tone.SUCCESS}.get(card.verdict, Tone.ERROR)
        self.verdict.set_text(f"{texts.verdict_text(card.verdict)}\n{texts.verdict_advice(card.verdict)}", tone)
        extra = f"{card.extra_hsa_id} ({card.extra_organisation})" if card.extra_organisation else card.extra_hsa_id
        self.extra.setText(extra)
        self.extra.setVisible(bool(card.extra_hsa_id))
        self.extra_label.setVisible(bool(card.extra_hsa_id))
        self._show_renewal(card)
        unfinished = []
        upgrade, extra_pair = card.unfinished_run(UPGRADE.kind), card.unfinished_run(EXTRA_PAIR.kind)
        if upgrade is not None:
            text = self.tr("An upgrade of this card stopped before it was finished. It goes on where it stopped.")
            if upgrade.last_error_code:
                text += "\n" + texts.code_line(upgrade.last_error_code)
            unfinished.append(text)
        if extra_pair is not None:
            unfinished.append(
                self.tr(
                    "Adding the extra certificate pair of order {reference} stopped before it was finished. Choose "
                    "“Add certificates from another organisation” to go on; you need the one-time code again."
                ).format(reference=extra_pair.reference)
            )
        if card.unfinished_run(RENEWAL.kind) is not None:
            unfinished.append(
                self.tr("A renewal of this card's certificates stopped before it was finished. Choose “Renew the "
                        "certificates” to go on where it stopped.")
            )  # fmt: skip
        if unfinished:
            self.resume.set_text("\n\n".join(unfinished), Tone.WARNING)
        if upgrade is not None:
            next_text = self.tr("&Continue the upgrade")
        elif not may_upgrade(card) and self._renewable(card):  # an upgraded card: Next renews it
            next_text = self.tr("&Renew the certificates")
        else:
            next_text = self.tr("&Upgrade the card")
        self.setButtonText(QWizard.WizardButton.NextButton, next_text)
        self._update_tools()
        self.completeChanged.emit()

    def _show_renewal(self, card: CardSnapshot) -> None:
        """The card's own certificates end within the organisation's window: renew them here, or, where the card
        office renews (or one has expired), whom to contact."""
        due = renewal_due(card, self.renewal_days) if card.verdict is Verdict.CURRENT else None
        self.renewal.setVisible(due is not None)
        if due is None:
            return
        when = {"date": f"{due.not_after:%Y-%m-%d}", "days": max(0, due.days_left())}
        if due.expired():
            text = self.tr("Your certificates expired on {date}, so they can no longer be renewed here.")
            helper = advice.Helper.CARD_OFFICE
        elif self.renewal_by_card_office:
            text = self.tr("Your certificates expire on {date} ({days} days). In your organisation the card office "
                           "renews them.")  # fmt: skip
            helper = advice.Helper.CARD_OFFICE
        else:
            text = self.tr("Your certificates expire on {date} ({days} days). Renew them now: it takes a minute, and "
                           "your PIN codes stay the same.")  # fmt: skip
            helper = None
        said = text.format(**when)
        if helper is not None:
            contact = advice.contact_of(helper, self.contacts)
            said += "\n" + self.tr("Contact your local card office (biträdande utgivare).")
            if contact is not None:
                said += "\n" + texts.contact_line(helper, contact)
        self.renewal.set_text(said, Tone.ERROR if due.expired() else Tone.WARNING)

    def _update_tools(self) -> None:
        card = self.selected()
        self.change_pin.setVisible(card is not None)
        # A PIN not blocked can be changed though the other one is (a two-PIN card's signature PIN, say).
        changeable = card is not None and any(s is None or s.state is not PinState.LOCKED for _r, s in card.pins)
        self.change_pin.setEnabled(changeable and not self._busy)
        self.unblock.setVisible(card is not None and card.pin_blocked)
        self.unblock.setEnabled(not self._busy)
        ordinary = card is not None and card.verdict in (Verdict.MUST_UPGRADE, Verdict.CURRENT)
        lacks = (
            card is not None and card.verdict is Verdict.CURRENT and signature_missing(card.certificates) is not None
        )
        self.fetch.setVisible(lacks or (card is not None and card.unfinished_run(FETCH.kind) is not None))
        self.fetch.setEnabled(not self._busy)
        self.add_extra.setVisible(ordinary)
        self.add_extra.setEnabled(ordinary and not self._busy and card is not None and may_add_extra_pair(card))
        self.add_extra.setToolTip(
            ""
            if card is None or may_add_extra_pair(card)
            else self.tr("The card already holds an extra certificate pair, and a card can hold only one.")
        )

    # -- QWizardPage -------------------------------------------------------------------------------------

    def _renewable(self, card: CardSnapshot) -> bool:
        return not self.renewal_by_card_office and may_renew(card, self.renewal_days)

    def isComplete(self) -> bool:
        card = self.selected()
        return card is not None and (may_upgrade(card) or self._renewable(card)) and not self._busy

    def validatePage(self) -> bool:
        if navigating(self):
            return True
        card = self.selected()
        if self.isComplete() and card is not None:
            (self.start_requested if may_upgrade(card) else self.renew_requested).emit()
        return False  # the engine decides where the wizard goes next
