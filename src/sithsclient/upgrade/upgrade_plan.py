"""The upgrade: the card's legacy pairs (SITHS Type 1/3 CA v1) replaced by new ones, the old ones deleted after.

What only the upgrade does: its journal is rebuilt from the card when lost (the card decides), a card already
upgraded is nothing to do, each certificate is asked for with a key update proven by the card's current
authentication certificate, and the clean-up deletes the old certificates and their keys (Raderar gamla
certifikat). Which new certificates replace the old pair is the issuing service's set (card_sets.py), asked once
the PINs are in and before the terms: two, four (an HSA-id and a personnummer pair) or one; the configuration's
`card_set` where the service cannot say.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography import x509
from cryptography.x509.oid import NameOID

from sithsclient.card.model import CardCertificate
from sithsclient.enroll.interface import CardCredential, KeyUpdateRequest, KeyUpdateResult
from sithsclient.pki.card_set import DEFAULT_SET, CardSet
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.upgrade import cleanup
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.card_sets import apply_set, describe, learn_set, retired, same_old
from sithsclient.upgrade.engine import UPGRADED_PURPOSES, UpgradeStopped, fingerprint
from sithsclient.upgrade.journal import Journal, Kind, PairRecord, PairState, Phase
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.plan import Run
from sithsclient.upgrade.prompts import Terms
from sithsclient.upgrade.steps import Step
from sithsclient.upgrade.upgrade_words import WORDS

UPGRADE = Operation("upgrade", Kind.UPGRADE, Step.DELETE_OLD, WORDS)


class UpgradePlan:
    operation = UPGRADE

    def __init__(self, fallback_set: str = DEFAULT_SET) -> None:
        self.fallback_set = fallback_set  # the configuration's card_set
        self.card_set: CardSet | None = None

    def prepare(self, run: Run, certs: list[CardCertificate]) -> Journal | None:
        journal = run.store.load(run.card.serial, self.operation.kind)
        if journal is not None and journal.phase is Phase.DONE:
            journal = None
        assessment = assess([c.info for c in certs])
        if journal is None:
            journal = self._journal_from_card(run, certs)
        if journal is None:
            if assessment.verdict is Verdict.CURRENT:
                return None
            raise UpgradeStopped("card.not_upgradable", assessment.reason, retry_safe=False)
        return journal

    def _journal_from_card(self, run: Run, certs: list[CardCertificate]) -> Journal | None:
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
            if new is not None:  # installed by a run whose journal was lost: verified again by the run
                record.new_key_id = new.key_id_hex
                record.set_issued(new.info.cert)
                record.state = PairState.FETCHED
            pairs.append(record)
        journal = Journal(card_serial=run.card.serial, hsa_id=hsa_id, pairs=pairs, kind=self.operation.kind)
        journal.note("started" if not current else "rebuilt from the card")
        return journal

    def check_service(self, run: Run) -> None:
        if any(p.state in (PairState.PLANNED, PairState.KEY_READY) for p in run.journal.pairs):
            run.probe_service()

    def terms(self, run: Run, certs: list[CardCertificate]) -> Terms:
        if self.card_set is None:  # a fresh run, or one rebuilt from the card (apply_set keeps what is there)
            self._learn_set(run, certs)
        return Terms(
            holder=next((c.info.holder_name for c in certs if c.info.holder_name), ""),
            hsa_id=run.journal.hsa_id,
            certificates_to_replace=len({p.old_key_id for p in run.journal.pairs}) + len(run.journal.retired_key_ids),
            seconds_expected=run.expected_seconds(len(run.journal.pairs)),
            operation=self.operation,
            card_set=self.card_set,
        )

    def _learn_set(self, run: Run, certs: list[CardCertificate]) -> None:
        """Before any key is made: the certificates the card is to hold, and the journal laid out for them. Asked
        with the card's authentication key, so only now that its PIN is in."""

        def credential() -> CardCredential:
            auth_old = self._old_certificate(run, Purpose.AUTHENTICATION)
            return CardCredential(run.session(Purpose.AUTHENTICATION).signer(auth_old.key_id), auth_old.info.cert)

        # The keys are made in the configured key type (the engine's); the set records it as the service's default.
        # Asked again from the start after a pull: a genm changes nothing at the service.
        self.card_set, reason = run.with_card(lambda: learn_set(run.enroller, credential, self.fallback_set, "rsa2048"))
        run.journal.card_set = describe(self.card_set, reason)
        run.journal.note(f"certificates to hold: {run.journal.card_set}")
        apply_set(run.journal, self.card_set, certs)

    def request(self, run: Run, pair: PairRecord) -> Callable[[], KeyUpdateResult]:
        """A key update, proven by the card's current authentication certificate."""
        assert pair.new_key_id is not None
        auth_old = self._old_certificate(run, Purpose.AUTHENTICATION)
        replaced = self._old_certificate(run, pair.purpose)
        credential = CardCredential(
            key=run.session(Purpose.AUTHENTICATION).signer(auth_old.key_id), certificate=auth_old.info.cert
        )
        new_key = run.session(pair.purpose).signer(bytes.fromhex(pair.new_key_id))
        subject = _with_serial(replaced.info.cert.subject, pair.subject_serial) if pair.subject_serial else None
        request = KeyUpdateRequest(
            pair.purpose, credential, replaced.info.cert, new_key, profile=pair.profile or None, subject=subject
        )
        enroller = run.enroller
        return lambda: enroller.key_update(request)

    @staticmethod
    def _old_certificate(run: Run, purpose: Purpose) -> CardCertificate:
        pair = run.journal.pair(purpose)
        if pair is None:
            raise UpgradeStopped("card.not_upgradable", f"The card has no {purpose.value} certificate to replace.")

        certs = run.card.certificates(expect=lambda found: any(same_old(pair, c) for c in found))
        for cert in certs:
            if same_old(pair, cert):
                return cert
        raise UpgradeStopped(
            "card.changed",
            "The card's old certificates are no longer where the upgrade left them. Contact IT support.",
            retry_safe=False,
        )

    def clean_up(self, run: Run) -> None:
        """The old certificates and their keys, then the leftovers of aborted attempts."""
        journal = run.journal
        if any(p.state not in (PairState.INSTALLED, PairState.OLD_DELETED) for p in journal.pairs):
            raise UpgradeStopped("engine.incomplete", "Not every new certificate is installed; nothing was deleted.")
        for pair in journal.pairs:
            if pair.state is PairState.OLD_DELETED:
                continue
            # In a set of four two new certificates replace each old one: its key is deleted once.
            if not any(p.state is PairState.OLD_DELETED and p.old_key_id == pair.old_key_id for p in journal.pairs):
                run.emit(ev.Progress(Step.DELETE_OLD, "deleting the old certificate and its keys", pair.purpose))
                run.session(pair.purpose).delete_key_pair(bytes.fromhex(pair.old_key_id))
            pair.state = PairState.OLD_DELETED
            journal.note(f"{pair.purpose.value}: old certificate and keys deleted")
            run.save()
        for purpose, key_id in retired(journal):  # an old pair the set has no certificate for (a set of one)
            run.emit(ev.Progress(Step.DELETE_OLD, "deleting the old certificate and its keys", purpose))
            run.session(purpose).delete_key_pair(key_id)  # deleting again after a pull finds nothing: harmless
            journal.note(f"{purpose.value}: old certificate and keys deleted; the set has none in its place")
        journal.retired_key_ids = []
        run.save()
        cleanup.delete_leftovers(run)

    def forget(self) -> None:
        pass  # the upgrade holds no secret of its own: its PINs are the engine's


def _with_serial(subject: x509.Name, serial_number: str) -> x509.Name:
    """The subject a profile's template named: the old one's, with the identity's number as its serialNumber."""
    return x509.Name(
        [x509.NameAttribute(a.oid, serial_number if a.oid == NameOID.SERIAL_NUMBER else str(a.value)) for a in subject]
    )
