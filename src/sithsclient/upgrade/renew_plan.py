"""The renewal: the card's own current pairs (SITHS e-id) replaced before they expire, the old ones deleted after.

    preflight (which pairs are due) → PINs → terms → generate new key pairs (Genererar certifikatsbegäran)
      → a key update each, proven by the current authentication certificate; install, read back, test-sign
      → delete the old certificates and keys (Raderar gamla certifikat) → done

A pair is due when its certificate expires within the organisation's `renewal_days`; one not yet due is nothing to
do (`due_from` says from when it will be). A certificate already expired cannot prove a key update (RFC 9483
4.1.3): the card office. An extra pair from another organisation is that organisation's to renew, never touched.
On a card that cannot delete a key (PIV) each renewal takes new room: the terms say how many more fit, and a
card without room for this one is refused before anything is written.

The service's set (card_sets.py) is asked as the upgrade asks it, before any key is made: each due certificate is
renewed under the profile the set names for it (its certProfile in the key update). A certificate of the set the
card lacks is not made by a renewal: the terms say that `fetch` adds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sithsclient.card.model import CardCertificate
from sithsclient.codes import Code
from sithsclient.enroll.interface import CardCredential, KeyUpdateRequest, KeyUpdateResult
from sithsclient.pki.card_set import DEFAULT_SET, HSA_SIGN, Identity, identity_of_issuer
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.upgrade.card_sets import describe, learn_set
from sithsclient.upgrade.engine import UPGRADED_PURPOSES, UpgradeStopped, fingerprint
from sithsclient.upgrade.fetch_plan import signature_missing
from sithsclient.upgrade.journal import Journal, Kind, PairRecord, PairState, Phase
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.plan import Run
from sithsclient.upgrade.prompts import Terms
from sithsclient.upgrade.renew_words import WORDS
from sithsclient.upgrade.steps import Step
from sithsclient.upgrade.upgrade_plan import UpgradePlan

RENEWAL = Operation("renewal", Kind.RENEWAL, Step.DELETE_OLD, WORDS)


def due_from(not_after: dt.datetime, renewal_days: int) -> dt.date:
    """The first day on which a certificate ending at `not_after` is due (as `check` counts: whole days left)."""
    start = not_after - dt.timedelta(days=renewal_days + 1)
    return start.date() if start.time() == dt.time(0) else start.date() + dt.timedelta(days=1)


class RenewPlan(UpgradePlan):
    """Renews what is due of the card's own pairs. The clean-up (old certificates and keys, then leftovers) and
    the check of the service are the upgrade's; what is due, the terms and the request are its own."""

    operation = RENEWAL

    def __init__(
        self, renewal_days: int, now: Callable[[], dt.datetime] | None = None, fallback_set: str = DEFAULT_SET
    ) -> None:
        super().__init__(fallback_set)
        self.renewal_days = renewal_days
        self.fetch_later = False  # the service's set has a signature certificate the card lacks
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self.due_from: dt.date | None = None  # set when nothing is due yet: the day it will be

    # -- what is due on this card --------------------------------------------------------------------------

    def prepare(self, run: Run, certs: list[CardCertificate]) -> Journal | None:
        journal = run.store.load(run.card.serial, self.operation.kind)
        if journal is not None and journal.phase is not Phase.DONE:
            return journal  # resumed as it was: its pairs were due when it began
        self._check_card(run, certs)
        own = self._own_current(run, certs)
        now = self._now()
        expired = [c for c in own if c.info.expired(now)]
        if expired:
            raise UpgradeStopped(
                Code.RENEWAL_EXPIRED,
                f"The {expired[0].info.purpose.value} certificate expired on {expired[0].info.not_after:%Y-%m-%d}; "
                "an expired certificate cannot be renewed from here. Contact your card office. Nothing was changed on "
                "the card.",
                retry_safe=False,
            )
        by_purpose: dict[Purpose, list[CardCertificate]] = {}
        for cert in sorted(own, key=lambda c: c.info.not_after):
            by_purpose.setdefault(cert.info.purpose, []).append(cert)
        if Purpose.AUTHENTICATION not in by_purpose:
            raise UpgradeStopped(
                Code.RENEWAL_UNSUITABLE,
                "The card has no current authentication certificate to prove the renewal with.",
                retry_safe=False,
            )
        pairs = []
        for purpose in UPGRADED_PURPOSES:
            found = by_purpose.get(purpose, [])
            if not found or found[0].info.days_left(now) > self.renewal_days:
                continue
            old = found[0]
            record = PairRecord(purpose, old.key_id_hex, fingerprint(old.info.cert))
            newer = [c for c in found[1:] if c.info.days_left(now) > self.renewal_days]
            if newer:  # installed by a renewal whose journal was lost: proven again by the run before the old goes
                record.new_key_id = newer[-1].key_id_hex
                record.set_issued(newer[-1].info.cert)
                record.state = PairState.FETCHED
            pairs.append(record)
        if not pairs:
            self.due_from = due_from(min(c.info.not_after for c in own), self.renewal_days)
            return None
        journal = Journal(card_serial=run.card.serial, hsa_id=own[0].info.hsa_id, pairs=pairs, kind=self.operation.kind)
        journal.note(f"started: {', '.join(p.purpose.value for p in pairs)} due within {self.renewal_days} days")
        return journal

    def _check_card(self, run: Run, certs: list[CardCertificate]) -> None:
        """One operation at a time on the card's own certificates; a card of the old kind is upgraded instead."""
        upgrade = run.store.load(run.card.serial, Kind.UPGRADE)
        verdict = assess([c.info for c in certs]).verdict
        if verdict is Verdict.MUST_UPGRADE or (upgrade is not None and upgrade.phase is not Phase.DONE):
            raise UpgradeStopped(
                Code.RENEWAL_UPGRADE_FIRST,
                "The card has certificates of the old kind, or its upgrade is not finished: run the upgrade instead.",
                retry_safe=False,
            )
        if verdict is not Verdict.CURRENT:
            raise UpgradeStopped(Code.RENEWAL_UNSUITABLE, assess([c.info for c in certs]).reason, retry_safe=False)

    def _own_current(self, run: Run, certs: list[CardCertificate]) -> list[CardCertificate]:
        """The card's own current certificates, expired ones too; not an extra pair's (another organisation's), nor
        a personnummer pair's (its serialNumber is no HSA-id; renewing it is left to do). The card's own HSA-ID is
        the one its journals know, else that of its oldest current certificate, unless that is the extra pair's
        (after a renewal elsewhere the own pair is the newest)."""
        extra = run.store.load(run.card.serial, Kind.EXTRA)
        others = {extra.hsa_id} if extra is not None else set()
        personal = sorted(
            (
                c
                for c in certs
                if c.info.generation is Generation.CURRENT
                and c.info.purpose in UPGRADED_PURPOSES
                and c.info.hsa_id
                and c.info.hsa_id not in others
                and identity_of_issuer(c.info.issuer) is not Identity.PERSONNUMMER  # a set of four's other pair
            ),
            key=lambda c: c.info.not_before,
        )
        if not personal:
            raise UpgradeStopped(
                Code.RENEWAL_UNSUITABLE, "The card holds no current certificates of its own.", retry_safe=False
            )
        known = run.store.own(run.card.serial)
        own = known if any(c.info.hsa_id == known for c in personal) else personal[0].info.hsa_id
        return [c for c in personal if c.info.hsa_id == own]

    # -- the terms, and how each certificate is asked for ---------------------------------------------------

    def terms(self, run: Run, certs: list[CardCertificate]) -> Terms:
        if not run.journal.card_set:  # a fresh run: a resumed one keeps the profiles it journalled
            self._learn_profiles(run, certs)
        return Terms(
            holder=next((c.info.holder_name for c in certs if c.info.holder_name), ""),
            hsa_id=run.journal.hsa_id,
            certificates_to_replace=len(run.journal.pairs),
            seconds_expected=run.expected_seconds(len(run.journal.pairs)),
            operation=self.operation,
            runs_left=self._runs_left(run),
            fetch_later=self.fetch_later,
        )

    def _learn_profiles(self, run: Run, certs: list[CardCertificate]) -> None:
        """The service's set, asked as the upgrade asks it (now that the authentication PIN is in): the profile
        of each due certificate's purpose and identity. One the set lacks is renewed as before, without a profile."""

        def credential() -> CardCredential:
            auth = self._current_authentication(run)
            return CardCredential(run.session(Purpose.AUTHENTICATION).signer(auth.key_id), auth.info.cert)

        self.card_set, reason = run.with_card(lambda: learn_set(run.enroller, credential, self.fallback_set, "rsa2048"))
        run.journal.card_set = describe(self.card_set, reason)
        run.journal.note(f"certificates to hold: {run.journal.card_set}")
        for pair in run.journal.pairs:
            old = next((c for c in certs if c.key_id_hex == pair.old_key_id), None)
            identity = identity_of_issuer(old.info.issuer) if old is not None else None
            spec = next(
                (c for c in self.card_set.certificates if (c.purpose, c.identity) == (pair.purpose, identity)), None
            )
            pair.profile = spec.profile if spec is not None else ""
        self.fetch_later = (
            HSA_SIGN in self.card_set.profiles() and signature_missing([c.info for c in certs]) is not None
        )

    def _runs_left(self, run: Run) -> int | None:
        """On a card that cannot delete a key: how many more renewals fit after this one. A card without room
        for this one is refused here, after the PINs and before anything is written (card.full)."""
        sessions = run.sessions()
        if all(session.deletes_keys for session in sessions):
            return None
        rooms = [room for session in sessions if (room := session.key_room()) is not None]
        if not rooms:
            return None
        needed = sum(1 for p in run.journal.pairs if p.state is PairState.PLANNED and p.new_key_id is None)
        if min(rooms) < needed:
            raise UpgradeStopped(
                Code.CARD_FULL,
                f"The card has no room for the {needed} new key pairs this renewal needs (room for {min(rooms)}): "
                "the card office gives you a new card. Nothing was changed.",
                retry_safe=False,
            )
        return (min(rooms) - needed) // max(1, len(UPGRADED_PURPOSES))

    def request(self, run: Run, pair: PairRecord) -> Callable[[], KeyUpdateResult]:
        """A key update proven by the card's current authentication certificate (the one being renewed, or the
        still-valid one when only the signature certificate is due)."""
        assert pair.new_key_id is not None
        auth = self._current_authentication(run)
        replaced = self._old_certificate(run, pair.purpose)
        credential = CardCredential(
            key=run.session(Purpose.AUTHENTICATION).signer(auth.key_id), certificate=auth.info.cert
        )
        new_key = run.session(pair.purpose).signer(bytes.fromhex(pair.new_key_id))
        request = KeyUpdateRequest(pair.purpose, credential, replaced.info.cert, new_key, profile=pair.profile or None)
        enroller = run.enroller
        return lambda: enroller.key_update(request)

    def _current_authentication(self, run: Run) -> CardCertificate:
        if run.journal.pair(Purpose.AUTHENTICATION) is not None:
            return self._old_certificate(run, Purpose.AUTHENTICATION)
        now = self._now()
        valid = [
            c
            for c in run.card.certificates()
            if c.info.purpose is Purpose.AUTHENTICATION
            and c.info.generation is Generation.CURRENT
            and c.info.hsa_id == run.journal.hsa_id
            and not c.info.expired(now)
        ]
        if not valid:
            raise UpgradeStopped(
                Code.RENEWAL_EXPIRED, "The card has no valid authentication certificate to prove the renewal with."
            )
        return max(valid, key=lambda c: c.info.not_after)
