"""The upgrade engine: the seed's steps as a state machine that reads the card before every action.

    preflight → PINs → terms → generate keys (Genererar certifikatsbegäran)
      → fetch, check, install, read back, test-sign (Hämtar och installerar certifikat)
      → delete old certificates, their keys and leftovers (Raderar gamla certifikat) → done

Invariants (DESIGN.md): old certificates go only after every new one is installed, read back and proven by
a signature on the card; each action first looks at what is on the card and does only what is missing; the
journal, written before and after each action, holds no secret; PINs live in memory only during the run and
a final try is never spent unasked; when the card leaves, nothing more is sent until the same card is back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from sithsclient.card import module as card_module
from sithsclient.card.card import Card, CardCertificate, CardSession, KeyType_, role_for_purpose
from sithsclient.card.discovery import group_cards, list_tokens
from sithsclient.card.errors import (
    CardError,
    CardRemovedError,
    PinBlockedError,
    PinFinalTryError,
    PinFormatError,
    PinIncorrectError,
)
from sithsclient.card.layouts import PinRole
from sithsclient.card.watcher import WatchEvent
from sithsclient.enroll.errors import EnrollmentError
from sithsclient.enroll.interface import CardCredential, Enroller, KeyUpdateRequest, KeyUpdateResult
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.events import Step
from sithsclient.upgrade.journal import Journal, JournalStore, Kind, PairRecord, PairState, Phase
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.prompts import PinRequest, Prompter, Terms

log = logging.getLogger(__name__)

T = TypeVar("T")

UPGRADED_PURPOSES = (Purpose.AUTHENTICATION, Purpose.SIGNATURE)
SECONDS_EXPECTED = 90  # the seed says "about 90 seconds"
SETTLE_S = 0.8  # longer than pcscd's 400 ms presence poll: after it, a pulled card reads as absent


class UpgradeStopped(Exception):
    """Ends a run; carries the stable code and whether running again is safe (it resumes)."""

    def __init__(self, code: str, message: str, *, retry_safe: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_safe = retry_safe


@dataclass(frozen=True)
class Outcome:
    ok: bool
    code: str = ""
    message: str = ""
    retry_safe: bool = True
    already_current: bool = False


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


class UpgradeEngine:
    """Run once per card; `run()` blocks (call it off the GUI thread) and reports through `listener`."""

    def __init__(
        self,
        card: Card,
        enroller: Enroller,
        prompter: Prompter,
        *,
        journal_store: JournalStore | None = None,
        listener: ev.Listener | None = None,
        presence: CardPresence | None = None,
        key_type: KeyType_ = KeyType_.RSA_2048,
        reachable: Callable[[], None] | None = None,
        wait_for_card_s: float = 600.0,
    ) -> None:
        self.card = card
        self.enroller = enroller
        self.prompter = prompter
        self.store = journal_store or JournalStore()
        self.listener = listener or (lambda _event: None)
        self.presence = presence or CardPresence(watch=False)
        self.key_type = key_type
        self.reachable = reachable
        self.wait_for_card_s = wait_for_card_s
        self._pins: dict[PinRole, str] = {}
        self._sessions: dict[PinRole, CardSession] = {}
        self._cancel = threading.Event()
        self._deleting = False
        self._paused = False
        self.journal: Journal | None = None
        self.presence.attach(card)
        self.presence._on_removed = self._on_removed

    # -- control from other threads ------------------------------------------------------------------

    def cancel(self) -> bool:
        """Ask the run to stop at the next safe point. Refused (False) once deletion of old certificates began."""
        if self._deleting:
            return False
        self._cancel.set()
        return True

    def _on_removed(self, event: WatchEvent) -> None:
        if not self._paused:
            self._paused = True
            self._emit(ev.Paused("card.removed", "The card was removed. Put the same card back to continue."))

    # -- the run -----------------------------------------------------------------------------------------

    def _emit(self, event: ev.Event) -> None:
        try:
            self.listener(event)
        except Exception:  # a view's bug must not break an upgrade half-way
            log.exception("listener failed on %s", event)

    def run(self) -> Outcome:
        self.presence.start()
        try:
            outcome = self._run()
        except UpgradeStopped as stop:
            outcome = Outcome(False, stop.code, stop.message, stop.retry_safe)
        finally:
            self._close_sessions()
            self.card.release()
            self._pins.clear()  # invariant 4: the PINs go with the run
            self.presence.stop()
        if outcome.ok:
            return outcome
        if self.journal is not None:
            self.journal.last_error = {"code": outcome.code, "message": outcome.message}
            self.journal.note(f"stopped: {outcome.code}")
            self._save_quietly()
        self._emit(ev.Failed(outcome.code, outcome.message, outcome.retry_safe))
        return outcome

    def _run(self) -> Outcome:
        self._emit(ev.StepStarted(Step.PREFLIGHT))
        self._with_card(lambda: self.card.hold())
        certs = self._with_card(self._read_certificates)
        journal = self.store.load(self.card.serial)
        if journal is not None and journal.phase is Phase.DONE:
            journal = None
        assessment = assess([c.info for c in certs])
        if journal is None:
            journal = self._journal_from_card(certs)
        if journal is None:
            if assessment.verdict is Verdict.CURRENT:
                self._emit(ev.StepDone(Step.PREFLIGHT))
                self._emit(ev.Finished(True, self._summaries(certs)))
                return Outcome(True, already_current=True)
            raise UpgradeStopped("card.not_upgradable", assessment.reason, retry_safe=False)
        self.journal = journal
        needs_service = any(p.state in (PairState.PLANNED, PairState.KEY_READY) for p in journal.pairs)
        if needs_service and self.reachable is not None:
            self._call_service(self.reachable)
        self._emit(ev.StepDone(Step.PREFLIGHT))

        self._emit(ev.StepStarted(Step.PINS))
        self._login_all()
        self._emit(ev.StepDone(Step.PINS))

        self._emit(ev.StepStarted(Step.TERMS))
        if journal.terms_accepted_at is None:
            terms = Terms(
                holder=next((c.info.holder_name for c in certs if c.info.holder_name), ""),
                hsa_id=journal.hsa_id,
                certificates_to_replace=len(journal.pairs),
                seconds_expected=SECONDS_EXPECTED,
            )
            if not self.prompter.accept_terms(terms):
                raise UpgradeStopped("cancelled", "The terms were not accepted. Nothing was changed on the card.")
            journal.terms_accepted_at = journal.updated_at
        self._save()
        self._emit(ev.StepDone(Step.TERMS))

        self._step(Step.GENERATE, self._generate_keys)
        self._step(Step.FETCH_INSTALL, self._fetch_and_install)
        self._deleting = True
        self._step(Step.DELETE_OLD, self._delete_old)
        journal.phase = Phase.DONE
        journal.last_error = None
        journal.note("done")
        self._save()
        self._emit(ev.StepStarted(Step.DONE))
        final = self._with_card(lambda: self._final_certificates())
        self._emit(ev.StepDone(Step.DONE))
        self._emit(ev.Finished(False, self._summaries(final)))
        return Outcome(True)

    def _step(self, step: Step, action: Callable[[], None]) -> None:
        self._check_cancel()
        self._emit(ev.StepStarted(step))
        self._with_card(action)
        self._emit(ev.StepDone(step))

    def _check_cancel(self) -> None:
        if self._cancel.is_set() and not self._deleting:
            raise UpgradeStopped("cancelled", "The upgrade was cancelled. The card still works; run again to go on.")

    # -- the journal -------------------------------------------------------------------------------------

    def _read_certificates(self) -> list[CardCertificate]:
        """The card's certificates. Some modules (ykcs11) read a card that is being pulled as an empty one, so
        a card without SITHS certificates is looked at once more after the reader has had time to notice."""
        certs = self.card.certificates()
        if not any(c.info.generation in (Generation.LEGACY, Generation.CURRENT) for c in certs):
            time.sleep(SETTLE_S)
            certs = self.card.certificates()
        return certs

    def _final_certificates(self) -> list[CardCertificate]:
        """What is on the card at the end, to show. On a held PIV card this comes from ykcs11's copy, which it
        keeps after a pull: only a card confirmed present makes it the card's, else the run waits for it."""
        certs = self.card.certificates()
        self.card.confirm_present(PinRole.AUTHENTICATION)
        return certs

    def _journal_from_card(self, certs: list[CardCertificate]) -> Journal | None:
        """A fresh journal, or one rebuilt from the card after a lost journal: the card decides."""
        legacy = [c for c in certs if c.info.generation is Generation.LEGACY and c.info.purpose in UPGRADED_PURPOSES]
        if not legacy:
            return None
        if assess([c.info for c in certs]).verdict not in (Verdict.MUST_UPGRADE, Verdict.CURRENT):
            return None
        hsa_id = legacy[0].info.hsa_id
        current = {
            c.info.purpose: c
            for c in certs
            if c.info.generation is Generation.CURRENT and c.info.hsa_id == hsa_id and not c.info.expired()
        }
        pairs = []
        for old in sorted(legacy, key=lambda c: list(UPGRADED_PURPOSES).index(c.info.purpose)):
            record = PairRecord(old.info.purpose, old.key_id_hex, fingerprint(old.info.cert))
            new = current.get(old.info.purpose)
            if new is not None:  # installed by a run whose journal was lost: verified again below
                record.new_key_id = new.key_id_hex
                record.set_issued(new.info.cert)
                record.state = PairState.FETCHED
            pairs.append(record)
        journal = Journal(card_serial=self.card.serial, hsa_id=hsa_id, pairs=pairs)
        journal.note("started" if not current else "rebuilt from the card")
        return journal

    def _save(self) -> None:
        assert self.journal is not None
        self.store.save(self.journal)

    def _save_quietly(self) -> None:
        try:
            self._save()
        except OSError:
            log.exception("could not write the journal")

    # -- PINs ----------------------------------------------------------------------------------------------

    def _login_all(self) -> None:
        problem: CardError | None = None
        while True:
            roles = [r for r in self.card.pin_roles if r not in self._sessions]
            if not roles:
                return
            statuses = {r: self._with_card(lambda r=r: self.card.pin_status(r)) for r in roles}  # type: ignore[misc]
            pins = self.prompter.pins(PinRequest(roles, statuses, problem))
            if pins is None:
                raise UpgradeStopped("cancelled", "No PIN was given. Nothing was changed on the card.")
            problem = None
            for role in roles:
                pin = pins.get(role, "")
                try:
                    self._open(role, pin)
                except (PinIncorrectError, PinFormatError) as exc:
                    problem = exc
                    break

    def _open(self, role: PinRole, pin: str) -> None:
        """Log in one PIN; a final try only with the user's yes; a blocked PIN offers the PUK."""
        confirmed = False
        while True:
            try:
                session = self._with_card(lambda: self.card.open(role, pin, confirm_final_try=confirmed))  # noqa: B023
            except PinFinalTryError as exc:
                if not self.prompter.confirm_final_try(role):
                    raise UpgradeStopped(exc.code, exc.message) from None
                confirmed = True
                continue
            except PinBlockedError as exc:
                answer = self.prompter.unblock(role)
                if answer is None:
                    raise UpgradeStopped(exc.code, exc.message) from None
                puk, new_pin = answer
                self._with_card(lambda: self.card.unblock_pin(role, puk, new_pin))  # noqa: B023
                pin, confirmed = new_pin, False
                continue
            break
        self._pins[role] = pin
        for served in self._roles_served_by(role):
            self._sessions[served] = session

    def _roles_served_by(self, role: PinRole) -> list[PinRole]:
        return list(PinRole) if self.card.layout.shared_pin else [role]

    def _session(self, purpose: Purpose) -> CardSession:
        return self._sessions[role_for_purpose(purpose)]

    def _close_sessions(self) -> None:
        for session in {id(s): s for s in self._sessions.values()}.values():
            session.close()
        self._sessions.clear()

    # -- the card steps ------------------------------------------------------------------------------------

    def _generate_keys(self) -> None:
        assert self.journal is not None
        for pair in self.journal.pairs:
            self._check_cancel()
            if pair.state is not PairState.PLANNED:
                continue
            session = self._session(pair.purpose)
            if pair.new_key_id is None:
                pair.new_key_id = session.free_key_id().hex()
                pair_note = f"{pair.purpose.value}: key id {pair.new_key_id} chosen"
                self.journal.note(pair_note)
                self._save()  # before the key exists, so that a pull now leaves a key we can find
            key_id = bytes.fromhex(pair.new_key_id)
            if not session.has_private_key(key_id):
                self._emit(ev.Progress(Step.GENERATE, "generating a new key pair on the card", pair.purpose))
                session.generate_key(pair.purpose, self.key_type, key_id)
            pair.state = PairState.KEY_READY
            self.journal.note(f"{pair.purpose.value}: key ready")
            self._save()

    def _fetch_and_install(self) -> None:
        assert self.journal is not None
        for pair in self.journal.pairs:
            self._check_cancel()
            if pair.state is PairState.KEY_READY:
                self._fetch(pair)
            if pair.state is PairState.FETCHED:
                self._install(pair)

    def _old_certificate(self, purpose: Purpose) -> CardCertificate:
        assert self.journal is not None
        pair = self.journal.pair(purpose)
        if pair is None:
            raise UpgradeStopped("card.not_upgradable", f"The card has no {purpose.value} certificate to replace.")
        for attempt in range(2):
            for cert in self.card.certificates():
                if cert.key_id_hex == pair.old_key_id and fingerprint(cert.info.cert) == pair.old_cert_sha256:
                    return cert
            if attempt == 0:
                time.sleep(SETTLE_S)  # a card being pulled can read as empty: look again once it is settled
        raise UpgradeStopped(
            "card.changed",
            "The card's old certificates are no longer where the upgrade left them. Contact IT support.",
            retry_safe=False,
        )

    def _fetch(self, pair: PairRecord) -> None:
        assert self.journal is not None and pair.new_key_id is not None
        self._emit(ev.Progress(Step.FETCH_INSTALL, "fetching the new certificate", pair.purpose))
        result = self._call_service(self._enrollment(pair))
        pair.set_issued(result.certificate)
        pair.state = PairState.FETCHED
        self.journal.note(f"{pair.purpose.value}: certificate fetched (transaction {result.transaction_id})")
        self._save()

    def _enrollment(self, pair: PairRecord) -> Callable[[], KeyUpdateResult]:
        """The call that asks the issuing service for `pair`'s certificate: a key update, proven by the card's
        current authentication certificate (an extra pair asks otherwise: extra.py)."""
        assert pair.new_key_id is not None
        auth_old = self._old_certificate(Purpose.AUTHENTICATION)
        replaced = self._old_certificate(pair.purpose)
        credential = CardCredential(
            key=self._session(Purpose.AUTHENTICATION).signer(auth_old.key_id), certificate=auth_old.info.cert
        )
        new_key = self._session(pair.purpose).signer(bytes.fromhex(pair.new_key_id))
        request = KeyUpdateRequest(pair.purpose, credential, replaced.info.cert, new_key)
        return lambda: self.enroller.key_update(request)

    def _install(self, pair: PairRecord) -> None:
        assert self.journal is not None and pair.new_key_id is not None
        cert = pair.issued_cert
        assert cert is not None
        key_id = bytes.fromhex(pair.new_key_id)
        session = self._session(pair.purpose)
        card_public = session.public_key(key_id) if session.has_private_key(key_id) else None
        if card_public is None or card_public != cert.public_key():
            raise UpgradeStopped(
                "certificate.wrong_key",
                "The new certificate does not belong to the new key on the card. Nothing was installed.",
            )
        self._emit(ev.Progress(Step.FETCH_INSTALL, "installing the new certificate", pair.purpose))
        on_card = session.read_certificate(key_id)
        if on_card is not None and _der(on_card) != _der(cert):
            session.delete_certificate(key_id)
            on_card = None
        if on_card is None:
            session.install_certificate(cert, key_id)
        session.test_signature(key_id)
        pair.state = PairState.INSTALLED
        self.journal.note(f"{pair.purpose.value}: installed, read back and test-signed")
        self._save()

    def _delete_old(self) -> None:
        assert self.journal is not None
        if any(p.state not in (PairState.INSTALLED, PairState.OLD_DELETED) for p in self.journal.pairs):
            raise UpgradeStopped("engine.incomplete", "Not every new certificate is installed; nothing was deleted.")
        for pair in self.journal.pairs:
            if pair.state is PairState.OLD_DELETED:
                continue
            self._emit(ev.Progress(Step.DELETE_OLD, "deleting the old certificate and its keys", pair.purpose))
            self._session(pair.purpose).delete_key_pair(bytes.fromhex(pair.old_key_id))
            pair.state = PairState.OLD_DELETED
            self.journal.note(f"{pair.purpose.value}: old certificate and keys deleted")
            self._save()
        self._delete_leftovers()

    def _delete_leftovers(self) -> None:
        """Keys of aborted attempts: ours (journalled or labelled by us), without a certificate, not in use."""
        assert self.journal is not None
        keep = {p.new_key_id for p in self.journal.pairs}
        for kind in Kind:  # an unfinished run of the other kind on this card is not ours to tidy up
            other = self.store.load(self.card.serial, kind)
            if other is not None and other.phase is not Phase.DONE:
                keep |= {p.new_key_id for p in other.pairs}
        seen: set[int] = set()
        for session in self._sessions.values():
            if id(session) in seen:
                continue
            seen.add(id(session))
            for key in session.private_keys():
                key_hex = key.key_id.hex()
                if key_hex in keep:
                    continue
                ours = key_hex in self.journal.abandoned_key_ids or key.label.startswith("SITHS ")
                # Asked of this very key, not from a list: a list read while a card leaves can be short.
                if ours and session.read_certificate(key.key_id) is None:
                    session.delete_key_pair(key.key_id)
                    self.journal.note(f"leftover key {key_hex} deleted")
        self.journal.abandoned_key_ids.clear()
        self._save()

    # -- the card leaving, and the issuing service failing -------------------------------------------

    def _call_service(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except EnrollmentError as exc:
            log.warning("issuing service: %s", exc)
            raise UpgradeStopped(exc.code, exc.message) from exc
        except OSError as exc:
            raise UpgradeStopped("network.unreachable", f"The issuing service could not be reached ({exc}).") from exc

    def _with_card(self, action: Callable[[], T]) -> T:
        """Run a card action; if the card leaves, wait for the same card, log in again and redo the action.

        `action` must look up `self.card` when it runs (a lambda, not a bound method): after a pull the card is
        found again as a new object, and the old one's gate stays closed.

        Every action reads the card before it writes, so redoing one after a pull is safe (invariant 2).
        """
        while True:
            self._check_cancel()
            try:
                result = action()
            except CardRemovedError:
                self._await_same_card()
                continue
            except CardError as exc:
                if isinstance(exc, PinIncorrectError | PinFinalTryError | PinBlockedError | PinFormatError):
                    raise
                raise UpgradeStopped(exc.code, exc.message) from exc
            return result

    def _await_same_card(self) -> None:
        if not self._paused:
            self._paused = True
            self._emit(ev.Paused("card.removed", "The card was removed. Put the same card back to continue."))
        self._sessions.clear()  # dead with the card; closing them would send commands
        self.card.forget()
        deadline = time.monotonic() + self.wait_for_card_s
        # With a watcher, look only after a card went in: asking ykcs11 to start over while the reader is
        # empty or still settling can leave it answering CKR_DEVICE_ERROR from then on.
        look = not self.presence.watching
        while time.monotonic() < deadline:
            if self._cancel.is_set() and not self._deleting:
                raise UpgradeStopped(
                    "cancelled", "The upgrade was cancelled while the card was out. Run again to go on."
                )
            if self.presence.wait_for_insertion(0.5):
                look = True
            if not look:
                continue
            card, other = self._find_same_card()
            if card is None:
                if other:
                    look = not self.presence.watching  # wait for the next card to go in
                    self._emit(
                        ev.Paused(
                            "card.wrong_card",
                            f"This is another card (serial {other}). Put back the card with serial {self.card.serial}.",
                            other_serial=other,
                        )
                    )
                continue
            try:
                self._log_in_again(card)
            except CardRemovedError:
                look = not self.presence.watching
                continue
            self._paused = False
            self._emit(ev.Resumed())
            return
        raise UpgradeStopped("card.removed", "The card did not come back. Run the upgrade again to go on.")

    def _log_in_again(self, card: Card) -> None:
        self.card = card
        self.presence.attach(card)
        card.hold()
        sessions: dict[PinRole, CardSession] = {}
        for role, pin in list(self._pins.items()):
            # The PIN worked a moment ago on this very card: no try is at risk.
            session = card.open(role, pin, confirm_final_try=True)
            for served in self._roles_served_by(role):
                sessions[served] = session
        self._sessions = sessions

    def _find_same_card(self) -> tuple[Card | None, str]:
        """(the same card, or None and the serial of another card that is in the reader instead)."""
        try:
            card_module.reinitialize(self.card.module_path)
            cards = group_cards(
                self.card.module_path,
                self.card.lib,
                list_tokens(self.card.lib),
                management_key_hex=self.card.management_key_hex(),
            )
        except Exception as exc:  # the module may fail in many ways while readers settle
            log.info("looking for the card: %r", exc)
            return None, ""
        for card in cards:
            if card.serial == self.card.serial:
                return card, ""
        return None, cards[0].serial if cards else ""

    # -- reporting -----------------------------------------------------------------------------------------

    @staticmethod
    def _summaries(certs: list[CardCertificate]) -> tuple[str, ...]:
        return tuple(
            f"{c.info.purpose.value}: {c.info.hsa_id}, valid to {c.info.not_after:%Y-%m-%d} ({c.info.issuer})"
            for c in certs
        )
