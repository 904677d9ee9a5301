"""The practice panel, beside the wizard in practice mode: pull and insert the practice card, make the
issuing service fail in each way it can, block a PIN, choose a card with one PIN or two, and the practice PIN
and PUK to type.

It is a window of its own, so that the card lock (window-modal over the wizard) never blocks the button
that puts the card back. The rig's actions wait for PC/SC, so they run on a queue of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sithsclient.app.context import PracticeControls, PracticeInfoLike
from sithsclient.texts import QT_TRANSLATE_NOOP
from sithsclient.ui.tasks import TaskQueue
from sithsclient.ui.widgets.common import ChoiceBox, Notice, Tone, heading, text_label

# The issuing service's faults (demo/issuer/faults.py), with what a trainee or IT support sees them as.
FAULTS: tuple[tuple[str, str], ...] = (
    ("none", QT_TRANSLATE_NOOP("PracticePanel", "Works normally")),
    ("delay=5", QT_TRANSLATE_NOOP("PracticePanel", "Answers slowly (5 seconds)")),
    ("pending=2", QT_TRANSLATE_NOOP("PracticePanel", "Asks the program to wait and ask again")),
    ("http_500", QT_TRANSLATE_NOOP("PracticePanel", "Internal fault (HTTP 500)")),
    ("reject", QT_TRANSLATE_NOOP("PracticePanel", "Refuses to issue (card office stopped it)")),
    ("wrong_key", QT_TRANSLATE_NOOP("PracticePanel", "Issues for the wrong key")),
    ("wrong_subject", QT_TRANSLATE_NOOP("PracticePanel", "Issues for another person")),
    ("untrusted_issuer", QT_TRANSLATE_NOOP("PracticePanel", "Issues from an unknown CA")),
    ("bad_protection", QT_TRANSLATE_NOOP("PracticePanel", "Signs its answer wrongly")),
    ("garbage", QT_TRANSLATE_NOOP("PracticePanel", "Answers with garbage")),
    ("oversized", QT_TRANSLATE_NOOP("PracticePanel", "Answers with far too much data")),
)
DUE_DAYS = 20  # within any organisation's renewal window (default 60 days)


# The certificates the service gives the card (pki/card_set.py), in the words of those who have seen them.
CARD_SETS: tuple[tuple[str, str], ...] = (
    ("two", QT_TRANSLATE_NOOP("PracticePanel", "Two certificates (as before)")),
    ("four", QT_TRANSLATE_NOOP("PracticePanel", "Four: an HSA-id pair and a personnummer pair")),
    ("one", QT_TRANSLATE_NOOP("PracticePanel", "One: for logging in only (2024 platform)")),
)

CODES_MS = 1000  # how often the panel looks at the practice card's codes (a small file)


class PracticePanel(QWidget):
    def __init__(self, practice: PracticeControls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        self.queue = TaskQueue("practice", self)
        self.queue.busy_changed.connect(self._busy)
        self.setWindowTitle(self.tr("Practice mode"))
        self.title = heading(self.tr("Practice mode"))
        self.codes = Notice(Tone.INFO)
        self.codes.setAccessibleName(self.tr("Practice PIN and PUK"))
        # The codes as the card has them: a PUK unblock or "Change PIN code" in the wizard sets new ones.
        self._codes_timer = QTimer(self)
        self._codes_timer.timeout.connect(self._show_codes)
        self._codes_timer.start(CODES_MS)

        card_box = QGroupBox(self.tr("Practice card"))
        self.card_state = text_label()
        self.pull = QPushButton(self.tr("&Pull the card out"))
        self.insert = QPushButton(self.tr("&Insert the card"))
        self.block = QPushButton(self.tr("&Block the PIN code"))
        self.block.setToolTip(self.tr("As after three wrong PIN codes: only the PUK code helps."))
        self.block_signature = QPushButton(self.tr("Block the PIN code for &signing"))
        self.block_signature.setToolTip(
            self.tr("As after three wrong PIN codes for signing: only that PIN's PUK code helps.")
        )
        # An upgraded card whose pair ends soon: the renewal, from the reminder or the first page, can be practised.
        self.due = QPushButton(self.tr("Make the card &due for renewal ({days} days left)").format(days=DUE_DAYS))
        self.due.clicked.connect(lambda: self._do(lambda: self.practice.make_due(DUE_DAYS)))
        self.pull.clicked.connect(lambda: self._do(self.practice.pull_card))
        self.insert.clicked.connect(lambda: self._do(self.practice.insert_card))
        self.block.clicked.connect(lambda: self._do(lambda: self.practice.block_pin("authentication")))
        self.block_signature.clicked.connect(lambda: self._do(lambda: self.practice.block_pin("signature")))
        # Most eTjänstekort have two PINs (legitimering, underskrift); the practice card can have either layout.
        self.layout_choice = ChoiceBox()
        self.layout_choice.addItem(self.tr("One PIN code for both"), 1)
        self.layout_choice.addItem(self.tr("Two PIN codes: for logging in and for signing"), 2)
        self.layout_choice.setAccessibleName(self.tr("The practice card's PIN codes"))
        self.layout_choice.setCurrentIndex(self.layout_choice.findData(practice.pin_count))
        self.layout_choice.setEnabled(practice.can_change_layout)
        self.layout_choice.currentIndexChanged.connect(self._layout_chosen)
        layout_label = QLabel(self.tr("PIN &codes:"))
        layout_label.setBuddy(self.layout_choice)
        row = QHBoxLayout()
        row.addWidget(self.pull)
        row.addWidget(self.insert)
        card_layout = QVBoxLayout(card_box)
        card_layout.addWidget(self.card_state)
        card_layout.addLayout(row)
        card_layout.addWidget(layout_label)
        card_layout.addWidget(self.layout_choice)
        card_layout.addWidget(self.block)
        card_layout.addWidget(self.block_signature)
        card_layout.addWidget(self.due)

        service_box = QGroupBox(self.tr("Practice issuing service"))
        self.fault = ChoiceBox()
        for name, description in FAULTS:
            self.fault.addItem(QCoreApplication.translate("PracticePanel", description), name)
        self.fault.setAccessibleName(self.tr("How the issuing service behaves"))
        self.fault.currentIndexChanged.connect(self._fault_chosen)
        fault_label = QLabel(self.tr("&Behaviour:"))
        fault_label.setBuddy(self.fault)
        self.fault_state = text_label()
        self.card_set = ChoiceBox()
        for name, description in CARD_SETS:
            self.card_set.addItem(QCoreApplication.translate("PracticePanel", description), name)
        self.card_set.setAccessibleName(self.tr("Which certificates the issuing service gives the card"))
        self.card_set.currentIndexChanged.connect(lambda i: self.practice.set_card_set(str(self.card_set.itemData(i))))
        card_set_label = QLabel(self.tr("Certificates &given:"))
        card_set_label.setBuddy(self.card_set)
        service_layout = QVBoxLayout(service_box)
        service_layout.addWidget(fault_label)
        service_layout.addWidget(self.fault)
        service_layout.addWidget(self.fault_state)
        service_layout.addWidget(card_set_label)
        service_layout.addWidget(self.card_set)

        # Seeds 000/003: what another organisation's card office hands over for an extra certificate pair.
        order_box = QGroupBox(self.tr("Another organisation's card office"))
        self.order = QPushButton(self.tr("&Order an extra certificate pair"))
        self.order.setToolTip(self.tr("As the card office of Kommun Övning would: a reference and a one-time code."))
        self.order.clicked.connect(self._order)
        self.order_slip = text_label(selectable=True)
        self.order_slip.setAccessibleDescription(self.tr("The order's reference and one-time code"))
        self.order_slip.setVisible(False)
        order_layout = QVBoxLayout(order_box)
        order_layout.addWidget(self.order)
        order_layout.addWidget(self.order_slip)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.codes)
        layout.addWidget(card_box)
        layout.addWidget(service_box)
        layout.addWidget(order_box)
        layout.addStretch(1)
        self._update()

    def _do(self, action: object) -> None:
        assert callable(action)
        self.queue.run(action, lambda _none: self._update(), lambda exc: self._failed(exc))

    def practise_again(self, back_to_start: Callable[[], None]) -> None:
        """The done page's "Practise again": the wizard goes `back_to_start`, where it sees the upgraded card
        leave and a fresh practice card come."""
        back_to_start()
        self._do(self.practice.new_card)

    def _layout_chosen(self, index: int) -> None:
        pins = int(self.layout_choice.itemData(index))
        if pins != self.practice.pin_count:
            # A new practice card with that layout goes in (the wizard sees the old one leave and this one come).
            self._do(lambda: self.practice.set_pin_count(pins))

    def _order(self) -> None:
        reference, code = self.practice.order_extra_pair()  # instant: a file in the in-process service
        self.order_slip.setText(
            self.tr(
                "Reference: {reference}\nOne-time code: {code}\nIn the wizard: “Add certificates from another "
                "organisation”."
            ).format(reference=reference, code=code)
        )
        self.order_slip.setVisible(True)

    def _fault_chosen(self, index: int) -> None:
        name = str(self.fault.itemData(index))
        self.practice.set_fault(name)  # instant: a switch in the in-process service
        self._update()

    def _failed(self, exc: Exception) -> None:
        self.card_state.setText(self.tr("That did not work: {error}").format(error=exc))

    def _busy(self, busy: bool) -> None:
        for button in (self.pull, self.insert, self.block, self.block_signature, self.due):
            button.setEnabled(not busy)
        self.layout_choice.setEnabled(not busy and self.practice.can_change_layout)
        if not busy:
            self._update()

    def _show_codes(self) -> None:
        intro = self.tr("This is a practice card and a practice issuing service: nothing here touches a real card.")
        text = "\n".join([intro, *self._code_lines(self.practice.info)])
        if text != self.codes.text():
            self.codes.set_text(text)
            self.codes.setAccessibleName(self.tr("Practice PIN and PUK"))

    def _code_lines(self, info: PracticeInfoLike) -> list[str]:
        """Which code serves what: one line per code, saying so where one code serves both PINs."""
        if info.sig_pin is None:
            return [
                self.tr("PIN code: {pin} (the card's one PIN code, for logging in and for signing)").format(
                    pin=info.pin
                ),
                self.tr("PUK code: {puk}").format(puk=info.puk),
            ]
        if info.sig_pin == info.pin:
            pins = [self.tr("PIN code: {pin}, the same for logging in and for signing").format(pin=info.pin)]
        else:
            pins = [
                self.tr("PIN code for logging in: {pin}").format(pin=info.pin),
                self.tr("PIN code for signing: {pin}").format(pin=info.sig_pin),
            ]
        if info.sig_puk == info.puk:
            return [*pins, self.tr("PUK code: {puk}, the same for both PIN codes").format(puk=info.puk)]
        return [
            *pins,
            self.tr("PUK code for logging in: {puk}").format(puk=info.puk),
            self.tr("PUK code for signing: {puk}").format(puk=info.sig_puk),
        ]

    def _update(self) -> None:
        self._show_codes()
        inserted = self.practice.card_inserted
        self.card_state.setText(self.tr("The card is in the reader.") if inserted else self.tr("The card is out."))
        two = self.practice.pin_count == 2
        self.block.setText(self.tr("&Block the PIN code for logging in") if two else self.tr("&Block the PIN code"))
        self.block_signature.setVisible(two)
        if not self.queue.busy:
            self.pull.setEnabled(inserted)
            self.insert.setEnabled(not inserted)
        self.fault_state.setText(self.tr("Takes effect at the next upgrade.") if self.fault.currentIndex() > 0 else "")

    def shutdown(self) -> None:
        self._codes_timer.stop()
        self.queue.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        event.accept()
