"""The engine: one fixed run that reads the card before every action, driven by a plan per operation.

    preflight → PINs → terms → generate keys (Genererar certifikatsbegäran)
      → fetch, check, install, read back, test-sign (Hämtar och installerar certifikat)
      → clean up (an upgrade: Raderar gamla certifikat) → done

What differs between operations (an upgrade, an extra pair) is in its plan (plan.py); the engine holds what every
run shares: the wait for the same card and the log-in again after a pull, and the journal's saving. The PINs and
their sessions are pin_sessions.py's, the cancel and the card's absence, told from other threads, control.py's.

Invariants (docs/design.md, 1-6): old certificates go only after every new one is installed, read back and
proven by a signature on the card; each action first looks at what is on the card and does only what is missing; the
journal, written before and after each action, holds no secret; PINs live in memory only during the run and
a final try is never spent unasked; when the card leaves, nothing more is sent until the same card is back; every
certificate issued ends on the card or is settled as not valid (issuance.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from sithsclient.card.errors import (
    CardError,
    CardFullError,
    CardRemovedError,
    WrongCardError,
)
from sithsclient.card.interface import PinSession, SmartCard
from sithsclient.card.model import CardCertificate, KeyType_
from sithsclient.card.watcher import WatchEvent
from sithsclient.enroll.errors import EnrollmentError
from sithsclient.enroll.interface import Enroller
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade import duration, issuance
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.control import RunControl
from sithsclient.upgrade.errors import UpgradeStopped as UpgradeStopped  # where the plans and views import it
from sithsclient.upgrade.errors import unwritable_reason
from sithsclient.upgrade.journal import Journal, JournalStore, PairState, Phase
from sithsclient.upgrade.pin_sessions import PIN_QUESTIONS, PinSessions
from sithsclient.upgrade.plan import Plan
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.prompts import Prompter
from sithsclient.upgrade.steps import Step

log = logging.getLogger(__name__)

# Holds the card for one run across processes: `exclusive(serial, still_waiting)`; while another run holds it,
# it calls still_waiting() (False: stop waiting) or raises UpgradeStopped at once (app/card_lock.py).
Exclusive = Callable[[str, Callable[[], bool]], AbstractContextManager[object]]

T = TypeVar("T")

UPGRADED_PURPOSES = (Purpose.AUTHENTICATION, Purpose.SIGNATURE)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    code: str = ""
    message: str = ""
    retry_safe: bool = True
    already_current: bool = False
    details: dict[str, str] = field(default_factory=dict)  # the facts of the code's detail sentence


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def has_siths_certificates(certs: list[CardCertificate]) -> bool:
    """A card read while it is being pulled can look empty (ykcs11): one without SITHS certificates is looked
    at again once the reader has had time to notice."""
    return any(c.info.generation in (Generation.LEGACY, Generation.CURRENT) for c in certs)


class Engine:
    """One run of `plan` on `card`; `run()` blocks (call it off the GUI thread) and reports through `listener`."""

    def __init__(
        self,
        card: SmartCard,
        plan: Plan,
        enroller: Enroller,
        prompter: Prompter,
        *,
        journal_store: JournalStore | None = None,
        listener: ev.Listener | None = None,
        presence: CardPresence | None = None,
        key_type: KeyType_ = KeyType_.RSA_2048,
        reachable: Callable[[], None] | None = None,
        wait_for_card_s: float = 600.0,
        practice: bool = False,
        exclusive: Exclusive | None = None,
        service_speed: duration.ServiceSpeed | None = None,
    ) -> None:
        self.card = card
        self.plan = plan
        self.enroller = enroller
        self.prompter = prompter
        self.store = journal_store or JournalStore()
        self.listener = listener or (lambda _event: None)
        self.presence = presence or CardPresence(watch=False)
        self.key_type = key_type
        self.reachable = reachable
        self.wait_for_card_s = wait_for_card_s
        self.practice = practice  # a practice card: only the time said on the terms page differs
        self.exclusive = exclusive  # one run per card across processes (app/card_lock.py); None: no lock
        self.service_speed = service_speed or duration.ServiceSpeed()  # the session's, for the time said
        self._waited = False
        self.control = RunControl(self.emit)
        self.pin_sessions = PinSessions(lambda: self.card, prompter, self._with_card, self.emit)
        self._journal: Journal | None = None
        self.presence.attach(card)
        self.presence._on_removed = self._on_removed

    # -- control from other threads ------------------------------------------------------------------

    def cancel(self) -> bool:
        """Ask the run to stop at the next safe point. Refused (False) once the clean-up began."""
        return self.control.cancel()

    def _on_removed(self, event: WatchEvent) -> None:
        self.control.card_removed()

    # -- what a plan may use (plan.Run) -------------------------------------------------------------------

    @property
    def journal(self) -> Journal:
        assert self._journal is not None, "the plan's journal is set at preflight"
        return self._journal

    def session(self, purpose: Purpose) -> PinSession:
        return self.pin_sessions.session(purpose)

    def sessions(self) -> list[PinSession]:
        return self.pin_sessions.sessions()

    def emit(self, event: ev.Event) -> None:
        try:
            self.listener(event)
        except Exception:  # a view's bug must not break an upgrade half-way
            log.exception("listener failed on %s", event)

    def save(self) -> None:
        self.store.save(self.journal)

    def call_service(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except EnrollmentError as exc:
            log.warning("issuing service: %s", exc)
            raise UpgradeStopped(exc.code, exc.message) from exc
        except OSError as exc:
            raise UpgradeStopped("network.unreachable", f"The issuing service could not be reached ({exc}).") from exc

    def with_card(self, action: Callable[[], T]) -> T:
        return self._with_card(action)

    def probe_service(self) -> None:
        if self.reachable is not None:
            self.call_service(self.reachable)

    # -- the run -----------------------------------------------------------------------------------------

    def run(self) -> Outcome:
        self.presence.start()
        try:
            self._check_journal()  # before the lock too: both live in the user's data folder
            with self._one_run_per_card():
                outcome = self._run()
        except UpgradeStopped as stop:
            outcome = Outcome(False, stop.code, stop.message, stop.retry_safe, details=stop.details)
        finally:
            self.pin_sessions.close()
            self.card.release()
            self.pin_sessions.forget()  # docs/design.md, invariant 4: the PINs go with the run
            self.plan.forget()
            self.presence.stop()
        if outcome.ok:
            return outcome
        if self._journal is not None and _nothing_written(self._journal):
            # Stopped before this or any earlier run touched the card (a cancel on the PIN or terms page, a
            # PIN, the service down): no half-done upgrade is left behind, so no journal either, and the card
            # page offers the plain upgrade again instead of "go on where it stopped".
            self._remove_quietly(self._journal)
        elif self._journal is not None:
            self._journal.last_error = {"code": outcome.code, "message": outcome.message}
            self._journal.note(f"stopped: {outcome.code}")
            self._save_quietly()
        self.emit(ev.Failed(outcome.code, outcome.message, outcome.retry_safe))
        return outcome

    def _check_journal(self) -> None:
        """Never an upgrade without a journal: a folder that cannot be written (read-only, the disk full) stops
        the run here, before the card is read or written."""
        try:
            self.store.check_writable()
        except OSError as exc:
            reason = unwritable_reason(exc)
            raise UpgradeStopped(
                "journal.unwritable",
                f"The program cannot write its journal in {self.store.directory} ({reason}), so it does not "
                "start: without a journal an interrupted upgrade could not go on. Nothing was done on the card.",
                details={"folder": str(self.store.directory), "problem": reason},
            ) from exc

    def _one_run_per_card(self) -> AbstractContextManager[object]:
        if self.exclusive is None:
            return nullcontext()
        return self.exclusive(self.card.serial, self._still_waiting)

    def _still_waiting(self) -> bool:
        """Called while another run holds the card: said once; False once the person cancels."""
        if not self._waited:
            self._waited = True
            self.emit(ev.WaitingForOtherRun())
        return not self.control.cancelled

    def took_service(self, seconds: float) -> None:
        self.service_speed.record(seconds)

    def expected_seconds(self, keys: int) -> int:
        service_s = self.service_speed.per_certificate()
        return duration.expected_seconds(self.key_type, keys, practice=self.practice, service_s=service_s)

    def _run(self) -> Outcome:
        self.emit(ev.StepStarted(Step.PREFLIGHT))
        self._with_card(lambda: self.card.hold())
        certs = self._with_card(lambda: self.card.certificates(expect=has_siths_certificates))
        journal = self.plan.prepare(self, certs)
        if journal is None:
            self.emit(ev.StepDone(Step.PREFLIGHT))
            self.emit(ev.Finished(True, self._summaries(certs), self._infos(certs), operation=self.plan.operation))
            return Outcome(True, already_current=True)
        self._journal = journal
        self.plan.check_service(self)
        self.emit(ev.StepDone(Step.PREFLIGHT))

        self.emit(ev.StepStarted(Step.PINS))
        self.pin_sessions.log_in_all()
        self.emit(ev.StepDone(Step.PINS))

        self.emit(ev.StepStarted(Step.TERMS))
        if journal.terms_accepted_at is None:
            if not self.prompter.accept_terms(self.plan.terms(self, certs)):
                raise UpgradeStopped("cancelled", "The terms were not accepted. Nothing was changed on the card.")
            journal.terms_accepted_at = journal.updated_at
        self.save()
        self.emit(ev.StepDone(Step.TERMS))

        self._step(Step.GENERATE, self._generate_keys)
        self._step(Step.FETCH_INSTALL, self._fetch_and_install)
        if not self.control.begin_clean_up():  # from here on the run is not stopped, unless a cancel came first
            self._check_cancel()
        clean_up_step = self.plan.operation.clean_up_step
        if clean_up_step is not None:
            self._step(clean_up_step, lambda: self.plan.clean_up(self))
        else:
            self._with_card(lambda: self.plan.clean_up(self))
        journal.phase = Phase.DONE
        journal.last_error = None
        journal.note("done")
        self.save()
        self.emit(ev.StepStarted(Step.DONE))
        final = self._with_card(self._final_certificates)
        self.emit(ev.StepDone(Step.DONE))
        self.emit(ev.Finished(False, self._summaries(final), self._infos(final), operation=self.plan.operation))
        return Outcome(True)

    def _step(self, step: Step, action: Callable[[], None]) -> None:
        self._check_cancel()
        self.emit(ev.StepStarted(step))
        self._with_card(action)
        self.emit(ev.StepDone(step))

    def _check_cancel(self) -> None:
        if self.control.cancelled:
            raise UpgradeStopped("cancelled", "The upgrade was cancelled. The card still works; run again to go on.")

    def _final_certificates(self) -> list[CardCertificate]:
        """What is on the card at the end, to show. On a held PIV card this comes from ykcs11's copy, which it
        keeps after a pull: only a card confirmed present makes it the card's, else the run waits for it."""
        certs = self.card.certificates()
        self.card.confirm_present()
        return certs

    def _remove_quietly(self, journal: Journal) -> None:
        try:
            self.store.remove(journal.card_serial, journal.kind)
        except OSError:
            log.exception("could not remove the journal of a run that wrote nothing")

    def _save_quietly(self) -> None:
        try:
            self.save()
        except OSError:
            log.exception("could not write the journal")

    # -- the card steps every plan shares ------------------------------------------------------------------

    def _check_room(self) -> None:
        """Before the first key is made: a card that says it cannot take the keys still to make is refused now,
        with nothing written. (Where the module does not say, a full card is found when a key is made.)"""
        to_make = [
            pair
            for pair in self.journal.pairs
            if pair.state is PairState.PLANNED
            and (
                pair.new_key_id is None
                or not self.session(pair.purpose).has_private_key(bytes.fromhex(pair.new_key_id))
            )
        ]
        if not to_make:
            return
        rooms = [room for session in self.sessions() if (room := session.key_room()) is not None]
        if rooms and min(rooms) < len(to_make):
            log.warning("the card has room for %d key pairs, %d are needed", min(rooms), len(to_make))
            full = CardFullError()
            raise UpgradeStopped(full.code, full.message, retry_safe=False)

    def _generate_keys(self) -> None:
        self._check_room()
        for pair in self.journal.pairs:
            self._check_cancel()
            if pair.state is not PairState.PLANNED:
                continue
            session = self.session(pair.purpose)
            if pair.new_key_id is None:
                pair.new_key_id = session.free_key_id().hex()
                self.journal.note(f"{pair.purpose.value}: key id {pair.new_key_id} chosen")
                self.save()  # before the key exists, so that a pull now leaves a key we can find
            key_id = bytes.fromhex(pair.new_key_id)
            if not session.has_private_key(key_id):
                self.emit(ev.Progress(Step.GENERATE, "generating a new key pair on the card", pair.purpose))
                session.generate_key(pair.purpose, self.key_type, key_id)
            pair.state = PairState.KEY_READY
            self.journal.note(f"{pair.purpose.value}: key ready")
            self.save()

    def _fetch_and_install(self) -> None:
        issuance.settle_given_up(self)  # before the clean-up may delete their keys
        for pair in self.journal.pairs:
            self._check_cancel()
            issuance.fetch_and_install(self, self.plan, pair)

    # -- the card leaving -----------------------------------------------------------------------------------

    def _with_card(self, action: Callable[[], T]) -> T:
        """Run a card action; if the card leaves, wait for the same card, log in again and redo the action.

        `action` must look up `self.card` when it runs (a lambda, not a bound method of the card): after a pull
        the card is found again as a new object, and the old one's gate stays closed.

        Every action reads the card before it writes, so redoing one after a pull is safe (docs/design.md, invariant 2).
        """
        while True:
            self._check_cancel()
            try:
                result = action()
            except CardRemovedError:
                self._await_same_card()
                continue
            except CardError as exc:
                if isinstance(exc, PIN_QUESTIONS):  # the person answers these (pin_sessions.py)
                    raise
                # A full card fails the same way again: only the card office helps (the old set is intact).
                raise UpgradeStopped(exc.code, exc.message, retry_safe=not isinstance(exc, CardFullError)) from exc
            return result

    def _await_same_card(self) -> None:
        self.control.card_removed()
        self.pin_sessions.lost()
        self.card.forget()
        deadline = time.monotonic() + self.wait_for_card_s
        # With a watcher, look only after a card went in: asking ykcs11 to start over while the reader is
        # empty or still settling can leave it answering CKR_DEVICE_ERROR from then on.
        look = not self.presence.watching
        while time.monotonic() < deadline:
            if self.control.cancelled:
                raise UpgradeStopped(
                    "cancelled", "The upgrade was cancelled while the card was out. Run again to go on."
                )
            if self.presence.wait_for_insertion(0.5):
                look = True
            if not look:
                continue
            try:
                card = self.card.find_again()
            except CardRemovedError:
                continue
            except WrongCardError as other:
                look = not self.presence.watching  # wait for the next card to go in
                self.control.wrong_card(other.message, other.found)
                continue
            try:
                self._log_in_again(card)
            except CardRemovedError:
                look = not self.presence.watching
                continue
            self.control.card_back()
            return
        raise UpgradeStopped("card.removed", "The card did not come back. Run the upgrade again to go on.")

    def _log_in_again(self, card: SmartCard) -> None:
        self.card = card
        self.presence.attach(card)
        card.hold()
        self.pin_sessions.log_in_again(card)

    # -- reporting -----------------------------------------------------------------------------------------

    @staticmethod
    def _infos(certs: list[CardCertificate]) -> tuple[CertificateInfo, ...]:
        return tuple(c.info for c in certs)

    @staticmethod
    def _summaries(certs: list[CardCertificate]) -> tuple[str, ...]:
        return tuple(
            f"{c.info.purpose.value}: {c.info.hsa_id}, valid to {c.info.not_after:%Y-%m-%d} ({c.info.issuer})"
            for c in certs
        )


def _nothing_written(journal: Journal) -> bool:
    """No pair has begun on the card: no key id was chosen (it is written down before a key is made), nothing
    was found installed by an earlier run."""
    return all(pair.state is PairState.PLANNED and pair.new_key_id is None for pair in journal.pairs)
