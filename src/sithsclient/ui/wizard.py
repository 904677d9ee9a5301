"""The wizard: the engine's view for the person in front of the card.

The engine decides where the flow goes: after "Upgrade the card" it asks for PINs (PIN page), perhaps for a
final try or the PUK (dialogs), for the terms (terms page), then reports the card steps (progress page) and
its end (done or failure page). The wizard moves to the page that answers the engine's current question,
so a user can never be on a page the engine is not at. The user's Next on a page answers the question; the
wizard itself moves on (`go_to`) when the engine asks the next one.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from enum import IntEnum
from functools import partial

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget, QWizard

from sithsclient import advice, texts
from sithsclient.app import runs
from sithsclient.app.context import AppContext
from sithsclient.app.snapshot import CardSnapshot, ReadersSnapshot
from sithsclient.card.watcher import WatchEvent, WatchKind
from sithsclient.enroll.errors import EnrollmentError
from sithsclient.ui.bridge import WatcherBridge
from sithsclient.ui.card_reading import CardReading
from sithsclient.ui.dialogs.close_refused import close_refused_box
from sithsclient.ui.dialogs.diagnostics import DiagnosticsDialog
from sithsclient.ui.dialogs.extra_order import ExtraOrderDialog, ask_for_order
from sithsclient.ui.dialogs.lock import LockDialog
from sithsclient.ui.engine_runner import EngineRunner
from sithsclient.ui.first_window import window_size
from sithsclient.ui.pages.card import CardPage, may_upgrade
from sithsclient.ui.pages.done import DonePage
from sithsclient.ui.pages.failure import FailurePage
from sithsclient.ui.pages.pins import PinPage
from sithsclient.ui.pages.progress import ProgressPage
from sithsclient.ui.pages.terms import TermsPage
from sithsclient.ui.pin_tools import PinToolsView
from sithsclient.ui.prompter import Ask, GuiPrompter
from sithsclient.ui.questions import QuestionsView
from sithsclient.ui.tasks import TaskQueue
from sithsclient.ui.widgets.common import Tone
from sithsclient.ui.wizard_run import Launch, RunState, WizardRun
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Outcome
from sithsclient.upgrade.extra import EXTRA_PAIR, ExtraOrder, ExtraPairPlan
from sithsclient.upgrade.fetch_plan import FETCH, FetchPlan
from sithsclient.upgrade.renew_plan import RENEWAL, RenewPlan
from sithsclient.upgrade.steps import CARD_STEPS
from sithsclient.upgrade.upgrade_plan import UPGRADE, UpgradePlan

log = logging.getLogger(__name__)

Button = QWizard.WizardButton
_GONE = (WatchKind.CARD_REMOVED, WatchKind.READER_REMOVED, WatchKind.SERVICE_LOST)


class PageId(IntEnum):
    CARD = 0
    PINS = 1
    TERMS = 2
    PROGRESS = 3
    DONE = 4
    FAILURE = 5


_NATURAL_NEXT = {PageId.CARD: PageId.PINS, PageId.PINS: PageId.TERMS, PageId.TERMS: PageId.PROGRESS}

_LAYOUTS = {
    PageId.CARD: [Button.CustomButton1, Button.Stretch, Button.CancelButton, Button.NextButton],
    PageId.PINS: [Button.CustomButton1, Button.Stretch, Button.CancelButton, Button.NextButton],
    PageId.TERMS: [Button.CustomButton1, Button.Stretch, Button.CancelButton, Button.NextButton],
    PageId.PROGRESS: [Button.Stretch],
    PageId.DONE: [Button.CustomButton1, Button.Stretch, Button.FinishButton],
    PageId.FAILURE: [Button.CustomButton1, Button.Stretch, Button.CustomButton2, Button.FinishButton],
}


class UpgradeWizard(QWizard):
    def __init__(self, context: AppContext, *, watch: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.navigating = False  # read by the pages' validatePage: the wizard, not the user, moves on
        self._target: PageId | None = None
        self.outcome: Outcome | None = None
        self.close_refused_box: QMessageBox | None = None
        self.diagnostics: DiagnosticsDialog | None = None
        self.extra_dialog: ExtraOrderDialog | None = None
        self.run = WizardRun()  # the last run, or the one going on or about to start

        title = self.tr("SITHS card upgrade")
        if context.practice is not None:
            title += " – " + self.tr("practice mode")
        self.setWindowTitle(title)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(Button.CustomButton1, self.tr("For &IT support…"))
        self.setButtonText(Button.CustomButton2, self.tr("&Try again"))
        self.setButtonText(Button.CancelButton, self.tr("Cancel"))
        self.setButtonText(Button.FinishButton, self.tr("&Close"))
        self.button(Button.CustomButton1).setAccessibleDescription(self.tr("Information for IT support"))
        for which in (Button.CustomButton1, Button.CancelButton):
            # Return means "go on" (the default button), wherever the focus is, never "open diagnostics"
            side = self.button(which)
            if isinstance(side, QPushButton):
                side.setAutoDefault(False)

        known = advice.contacts(context.config)  # the organisation's own card office and IT support
        self.card_page = CardPage(known, context.config.renewal_days, context.config.renewal == "card_office")
        self.pin_page = PinPage(known)
        self.terms_page = TermsPage(context.config.terms_text, context.config.terms_url)
        self.progress_page = ProgressPage()
        self.done_page = DonePage()
        self.failure_page = FailurePage(known)
        for page_id, page in (
            (PageId.CARD, self.card_page),
            (PageId.PINS, self.pin_page),
            (PageId.TERMS, self.terms_page),
            (PageId.PROGRESS, self.progress_page),
            (PageId.DONE, self.done_page),
            (PageId.FAILURE, self.failure_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(PageId.CARD)
        self.card_page.setButtonText(Button.CancelButton, self.tr("Close"))
        self.pin_page.setButtonText(Button.CancelButton, self.tr("Cancel"))
        self.terms_page.setButtonText(Button.CancelButton, self.tr("Cancel"))

        self.card_queue = TaskQueue("card", self)
        self.reading = CardReading(context, self.card_queue, self.card_page, self._may_read, self)
        self.reading.read.connect(self._snapshot_read)
        self.card_queue.busy_changed.connect(self._queue_busy)
        self.runner = EngineRunner(self)
        self.runner.engine_event.connect(self._on_engine_event)
        self.runner.finished.connect(self._on_engine_finished)
        self.prompter = GuiPrompter(self)
        self.bridge = WatcherBridge(self, source=context.card_source)
        self.bridge.changed.connect(self._on_watch)
        self.lock = LockDialog(self)
        self.lock.stop_requested.connect(self._stop_from_lock)
        self.questions = QuestionsView(
            self,
            self.runner,
            self.bridge,
            self.lock,
            self.pin_page,
            self.terms_page,
            lambda ask: self.go_to(PageId.PINS if ask is Ask.PINS else PageId.TERMS),
        )

        self.card_page.start_requested.connect(self.start_upgrade)
        self.pin_tools = PinToolsView(self, self.card_page, self.card_queue, self.refresh)
        self.card_page.change_pin_requested.connect(lambda: self.pin_tools.change_pin(busy=self.runner.running))
        self.card_page.unblock_requested.connect(lambda: self.pin_tools.unblock(busy=self.runner.running))
        self.card_page.extra_requested.connect(self._extra_requested)
        self.card_page.renew_requested.connect(self.start_renewal)
        self.card_page.fetch_requested.connect(
            lambda: self._start(Launch(FETCH, FetchPlan, self._again_on_the_same_card))
        )
        self.currentIdChanged.connect(self._layout_buttons)
        self.customButtonClicked.connect(self._custom_button)
        self._layout_buttons(PageId.CARD)
        self.resize(*window_size(self))  # the size of the first window it replaces
        if watch:
            self.bridge.start()
        self.refresh()

    def _may_read(self) -> bool:
        """The first page reads the card only while no run has it and the window is open."""
        return not (self.runner.running or self.run.state is RunState.SHUT_DOWN)

    # -- navigation ------------------------------------------------------------------------------------

    def nextId(self) -> int:
        if self._target is not None:
            return int(self._target)
        return int(_NATURAL_NEXT.get(PageId(self.currentId()), -1)) if self.currentId() >= 0 else -1

    def go_to(self, page: PageId) -> None:
        """Show `page`, as the engine asks. Pages already passed are reached by starting the history anew."""
        if self.currentId() == page:
            return
        if page in self.visitedIds():
            self.restart()
            if self.currentId() == page:
                return
        self._target = page
        self.navigating = True
        try:
            self.next()
        finally:
            self.navigating = False
            self._target = None

    def _layout_buttons(self, page_id: int) -> None:
        if page_id < 0:
            return
        # IT support follows the person's way through the wizard in the log (and the tests under wine, too).
        log.info("page: %s", PageId(page_id).name.lower())
        self.setButtonLayout(_LAYOUTS[PageId(page_id)])
        self.button(Button.CustomButton2).setEnabled(
            self.outcome is not None and not self.outcome.ok and self.outcome.retry_safe
        )
        # IT support's report also while a run waits for the user (PINs, terms): that is when people call.
        self.button(Button.CustomButton1).setEnabled(not self.runner.running or self._waiting_for_user())
        # Keyboard users land where the page's work is, never on a button the new layout has just hidden.
        focus = {
            PageId.PINS: next(iter(self.pin_page.fields.values()), None),
            PageId.TERMS: self.terms_page.checkbox,
            PageId.PROGRESS: self.progress_page,
            PageId.DONE: self.button(Button.FinishButton),
            PageId.FAILURE: self.button(Button.FinishButton),
        }.get(PageId(page_id), self.button(Button.NextButton))
        if focus is not None:
            focus.setFocus()

    def _custom_button(self, which: int) -> None:
        if which == Button.CustomButton1.value:
            self.show_diagnostics()
        elif which == Button.CustomButton2.value:
            self.resume()

    # -- the first page ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.reading.refresh()

    @property
    def snapshot(self) -> ReadersSnapshot | None:
        return self.reading.snapshot

    def _snapshot_read(self, value: object) -> None:
        assert isinstance(value, ReadersSnapshot)
        if self.currentId() == PageId.DONE:
            self.done_page.show_snapshot(value, self.run.serial)  # the card in the reader now, swapped or not
        if self.run.state is RunState.AWAITING_CARD and self.currentId() == PageId.CARD:
            # "Try again" waits for its card: a snapshot read before the card was back does not count.
            card = self._card_with_serial(self.run.serial)
            if card is not None and may_upgrade(card):
                self.card_page.chooser.setCurrentIndex(value.cards.index(card))
                self.start_upgrade()

    def _queue_busy(self, busy: bool) -> None:
        launch = self.run.queued
        if not busy and self.run.state is RunState.QUEUED and launch is not None:
            self.run.state, self.run.queued = RunState.IDLE, None
            self._start(launch)

    def _card_with_serial(self, serial: str) -> CardSnapshot | None:
        if self.snapshot is None:
            return None
        return next((c for c in self.snapshot.cards if c.serial == serial), None)

    def _on_watch(self, event: WatchEvent) -> None:
        card = self.runner.card if self.runner.running else None
        if card is None:
            self.reading.card_event()
            return
        if event.kind in _GONE and (not event.reader or event.reader == card.reader):
            if self.prompter.pending is None:
                self.lock.show_removed(card.serial, card.reader)  # at once, before the engine notices
            self._card_out(True)
        elif event.kind is WatchKind.CARD_INSERTED and event.reader == card.reader:
            self._card_out(False)

    def _card_out(self, out: bool) -> None:
        # IT support reads in the log when the card left the reader during a run, and when it came back
        log.info("card %s during the upgrade", "out of the reader" if out else "back in the reader")
        self.pin_page.set_card_out(out)
        self.terms_page.set_card_out(out)

    # -- the run ---------------------------------------------------------------------------------------

    def start_upgrade(self) -> None:
        # The configuration's card_set: the certificates asked for where the issuing service does not say.
        self._start(Launch(UPGRADE, partial(UpgradePlan, self.context.config.card_set), self._again_on_the_same_card))

    def start_renewal(self) -> None:
        days, card_set = self.context.config.renewal_days, self.context.config.card_set
        self._start(Launch(RENEWAL, lambda: RenewPlan(days, fallback_set=card_set), self.start_renewal))

    def start_extra(self, order: ExtraOrder) -> None:
        """Add the extra certificate pair of `order` to the selected card (seeds 000, 003). Its one-time code
        goes with the run: "Try again" asks for the order again, its reference filled in."""
        reference = order.reference
        self._start(Launch(EXTRA_PAIR, lambda: ExtraPairPlan(order), lambda: self._order_again(reference)))

    def _again_on_the_same_card(self) -> None:
        self.run.state = RunState.AWAITING_CARD
        self.refresh()

    def _order_again(self, reference: str) -> None:
        self.refresh()
        self._extra_requested(reference)

    def _start(self, launch: Launch) -> None:
        snapshot = self.card_page.selected()
        if snapshot is None or snapshot.card is None or self.runner.running:
            return
        if self.card_queue.busy:  # the card is being read: start right after, never alongside
            self.run.state, self.run.queued = RunState.QUEUED, launch
            self.card_page.set_busy(True)
            return
        self.card_page.show_note("")
        try:
            enroller = self.context.enroller()
        except EnrollmentError as exc:
            self._show_failure(Outcome(False, exc.code, exc.message, retry_safe=False))
            return
        card = snapshot.card
        self.run.begin(card.serial, launch)
        self.questions.organisation = ""
        self.terms_page.show_unblocked("")
        self.outcome = None
        self.prompter = GuiPrompter(self)
        self.prompter.asked.connect(self.questions.ask)
        # A second window, or IT support's command line, on the same card: this run waits for it.
        settings = replace(self.context.run_settings(), wait_for_other_run=True)
        engine = runs.new_run(card, launch.make_plan(), enroller, self.prompter, self.runner.listener, settings)
        self.progress_page.reset(launch.operation)
        self.card_page.set_busy(True)
        self.runner.start(engine)
        self.button(Button.CustomButton1).setEnabled(False)
        log.info("%s of card %s started", launch.operation.name, card.serial)

    def _extra_requested(self, reference: str = "") -> None:
        snapshot = self.card_page.selected()
        if snapshot is None or snapshot.card is None or self.runner.running:
            return
        self.extra_dialog = ask_for_order(self, snapshot, reference, self.start_extra)

    def resume(self) -> None:
        """Try again: the last run's operation is asked for anew (the engine then reads its journal and the card
        and goes on)."""
        if self.runner.running or self.run.again is None:
            return
        self.outcome = None
        self.restart()
        self.run.again()

    def _on_engine_event(self, event: object) -> None:
        if not isinstance(event, ev.Event):
            return
        self.progress_page.on_event(event)
        if isinstance(event, ev.WaitingForOtherRun):
            self.go_to(PageId.PROGRESS)
        elif isinstance(event, ev.PinUnblocked):
            self.run.unblocked.append(event.role)
            self.terms_page.show_unblocked(self.questions.role_subject(event.role))
        elif isinstance(event, ev.StepStarted) and event.step in CARD_STEPS:
            self.go_to(PageId.PROGRESS)
        elif isinstance(event, ev.Paused):
            card = self.runner.card
            if card is None:
                return
            if self.prompter.pending is not None:
                self._card_out(True)
            elif event.code == "card.wrong_card":
                self.lock.show_wrong_card(card.serial)
            else:
                self.lock.show_removed(card.serial, card.reader)
        elif isinstance(event, ev.Resumed):
            self.lock.release()
            self._card_out(False)

    def _on_engine_finished(self, outcome: object) -> None:
        assert isinstance(outcome, Outcome)
        self.outcome = outcome
        self.lock.release()
        self.questions.forget()
        self.prompter.close()
        self.pin_page.wipe()
        self.card_page.set_busy(False)
        self.button(Button.CustomButton1).setEnabled(True)
        run, ended_as = self.run, self.run.state
        operation = run.operation
        assert operation is not None, "a run that ends was begun"
        if ended_as is not RunState.SHUT_DOWN:
            run.state = RunState.IDLE
        log.info("%s of card %s ended: %s", operation.name, run.serial, outcome.code or "ok")
        if ended_as is RunState.CLOSING:
            self.close()
            return
        if outcome.ok:
            self.done_page.show_finished(
                operation,
                outcome.already_current,
                self.progress_page.elapsed(),
                organisation=self.questions.organisation,
                unblocked=[self.questions.pin_name(role) for role in run.unblocked],
            )
            self.go_to(PageId.DONE)
        elif ended_as is RunState.STOPPING and outcome.code == "cancelled":
            self.restart()
            self.card_page.show_note(texts.error_text("cancelled"), Tone.INFO)
        else:
            self._show_failure(outcome)
        self.refresh()

    def _show_failure(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.failure_page.show_outcome(outcome)
        self.go_to(PageId.FAILURE)
        self._layout_buttons(PageId.FAILURE)

    def _stop_from_lock(self) -> None:
        if not self.runner.cancel():
            self.lock.refuse_stop()

    # -- for IT support ------------------------------------------------------------------------------------

    def _waiting_for_user(self) -> bool:
        return self.runner.running and self.prompter.pending is not None

    def show_diagnostics(self) -> None:
        if self.runner.running and not self._waiting_for_user():
            return  # the card is being written: the button is off then
        context = self.context  # the cards where the wizard reads them (practice mode's card in the program)
        self.diagnostics = DiagnosticsDialog(
            context.config, context.journal_store, self.card_queue, self, context=context
        )
        if self.outcome is not None and not self.outcome.ok:
            self.diagnostics.show_last_stop(self.outcome.code)
        self.diagnostics.open()
        waiting = self.prompter.pending if self.runner.running else None  # a run at a question: the card is its
        self.diagnostics.gather(read_cards=waiting is None, read_before=self.snapshot, run=self.run, waiting=waiting)

    # -- closing -------------------------------------------------------------------------------------------

    def _refuse_close(self) -> bool:
        """While the engine works on the card (or waits for it to come back), the window stays."""
        busy_on_card = self.runner.running and self.prompter.pending is None and self.currentId() == PageId.PROGRESS
        if not (busy_on_card or self.lock.isVisible()):
            return False
        self.close_refused_box = close_refused_box(self, card_out=self.lock.isVisible())
        return True

    def reject(self) -> None:
        """Cancel and Esc: stop at a question, refuse during a card step, otherwise close."""
        if self._refuse_close():
            return
        if self.runner.running:
            pending = self.prompter.pending
            if pending is not None and pending.kind in (Ask.PINS, Ask.TERMS):
                self.run.state = RunState.STOPPING
                self.questions.question = None
                self.pin_page.wipe()
                pending.answer(None)
            else:  # "Stäng" while the card is being checked (preflight): stop there, then close as asked
                self.run.state = RunState.CLOSING
                self.runner.cancel()
            return
        self.shutdown()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.run.state is RunState.SHUT_DOWN:
            event.accept()
            return
        if self._refuse_close():
            event.ignore()
            return
        if self.runner.running:  # at a question or in preflight: stop safely, then close
            self.run.state = RunState.CLOSING
            self.prompter.close()
            self.runner.cancel()
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)  # QDialog's: reject(), so `finished` tells the practice panel

    def shutdown(self) -> None:
        """Stop everything this window started: the engine (at a safe point), the watcher, the card queue."""
        if self.run.state is RunState.SHUT_DOWN:
            return
        self.run.state = RunState.SHUT_DOWN
        self.reading.stop()
        self.prompter.close()
        self.runner.cancel()
        self.runner.wait()
        self.bridge.stop()
        self.card_queue.shutdown()
        self.pin_page.wipe()
