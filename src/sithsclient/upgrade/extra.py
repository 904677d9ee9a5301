"""An extra certificate pair from another organisation (seeds 000 and 003), added beside the card's own pairs.

    preflight (card, the order's code checked with the service) → PINs → terms
      → generate two new key pairs (Genererar certifikatsbegäran)
      → fetch with the one-time code, check, install, read back, test-sign (Hämtar och installerar certifikat) → done

The card's own certificates and keys are never touched: nothing is deleted but keys this flow made and could not
finish. A card holds at most one extra pair (SITHS rules, seed 003): a card that already has certificates of two
HSA-IDs is refused before anything is asked. The run is journaled like an upgrade, in a journal of its own; the
one-time code is like a PIN: it lives in memory for the run only, and is asked again to resume.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.x509.oid import NameOID

from sithsclient.card.model import CardCertificate
from sithsclient.enroll.interface import InitialRequest, KeyUpdateResult
from sithsclient.pki.inventory import assess, holders
from sithsclient.pki.model import Verdict
from sithsclient.upgrade import cleanup
from sithsclient.upgrade.engine import UPGRADED_PURPOSES, UpgradeStopped
from sithsclient.upgrade.extra_words import WORDS
from sithsclient.upgrade.journal import Journal, Kind, PairRecord, PairState, Phase
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.plan import Run
from sithsclient.upgrade.prompts import Terms

log = logging.getLogger(__name__)

# Only this flow's own unfinished keys are cleaned up, quietly: nothing the holder would miss.
EXTRA_PAIR = Operation("extra pair", Kind.EXTRA, None, WORDS)


@dataclass(frozen=True)
class ExtraOrder:
    """What the other organisation's card office gave the holder: the order's reference and its one-time code."""

    reference: str
    code: str = field(repr=False)

    def normalised(self) -> ExtraOrder:
        # Typed from paper: spaces and letter case are forgiven, the dashes are part of the code.
        return ExtraOrder(self.reference.strip().upper(), "".join(self.code.split()).upper())


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


class ExtraPairPlan:
    """Adds the pair of `order` to the card. The engine's run does the rest, as for an upgrade: the same PIN
    handling, the same wait for the same card after a pull, the same generate and install actions that look at
    the card before they act."""

    operation = EXTRA_PAIR

    def __init__(self, order: ExtraOrder) -> None:
        self._order: ExtraOrder | None = order.normalised()
        self._subject: x509.Name | None = None

    def forget(self) -> None:
        self._order = None  # the one-time code goes with the run, as the PINs do

    # -- what may be added to this card --------------------------------------------------------------------

    def prepare(self, run: Run, certs: list[CardCertificate]) -> Journal:
        self._check_card(run, certs)
        return self._journal(run, certs)

    def check_service(self, run: Run) -> None:
        journal = run.journal
        if any(p.state in (PairState.PLANNED, PairState.KEY_READY) for p in journal.pairs):
            self._subject = self._ordered_subject(run, journal.hsa_id)
        run.save()

    def _check_card(self, run: Run, certs: list[CardCertificate]) -> None:
        verdict = assess([c.info for c in certs])
        if verdict.verdict not in (Verdict.MUST_UPGRADE, Verdict.CURRENT):
            raise UpgradeStopped(
                "extra.card_unsuitable",
                f"{verdict.reason} An extra certificate pair can be added only to an ordinary SITHS card.",
                retry_safe=False,
            )
        # One operation at a time on a card's own certificates: the other journals of this card must be done.
        others = [run.store.load(run.card.serial, kind) for kind in Kind if kind is not self.operation.kind]
        if any(other is not None and other.phase is not Phase.DONE for other in others):
            raise UpgradeStopped(
                "extra.upgrade_unfinished",
                "An upgrade of this card is not finished. Finish it first, then add the extra certificate pair.",
                retry_safe=False,
            )

    def _journal(self, run: Run, certs: list[CardCertificate]) -> Journal:
        """The journal of this order, or a new one; one of another order is given up (its keys tidied away)."""
        assert self._order is not None
        journal = run.store.load(run.card.serial, self.operation.kind)
        abandoned: list[str] = []
        unsettled: list[dict[str, str]] = []
        if journal is not None and journal.phase is not Phase.DONE:
            if journal.reference == self._order.reference:
                return journal
            abandoned = [p.new_key_id for p in journal.pairs if p.new_key_id and p.state is not PairState.INSTALLED]
            # Issued for order given up and not on the card: revoked before their keys go (issuance.py).
            why = f"order {journal.reference} given up"
            unsettled = [*journal.unsettled, *(e for p in journal.pairs if (e := p.unsettled(why)) is not None)]
            log.info("extra pair of order %s given up for order %s", journal.reference, self._order.reference)
        subject = self._ordered_subject(run, None)
        self._subject = subject
        hsa_id = _attribute(subject, NameOID.SERIAL_NUMBER)
        on_card = holders([c.info for c in certs], own=run.store.own(run.card.serial))
        own = on_card[0] if on_card else ""
        if hsa_id == own:
            raise UpgradeStopped(
                "extra.own_hsa_id",
                f"This order is for the card's own HSA-ID ({own}); an extra certificate pair is for another "
                "organisation's HSA-ID. Contact the card office that gave you the order.",
                retry_safe=False,
            )
        others = [h for h in on_card if h not in (own, hsa_id)]
        if others:
            raise UpgradeStopped(
                "extra.limit",
                f"The card already holds an extra certificate pair (HSA-ID {others[0]}), and a card may hold only "
                "one. Contact the card office: that pair must be removed before another can be added.",
                retry_safe=False,
            )
        present = {c.info.purpose for c in certs if c.info.hsa_id == hsa_id and not c.info.expired()}
        pairs = [PairRecord(purpose, "", "") for purpose in UPGRADED_PURPOSES if purpose not in present]
        if not pairs:
            raise UpgradeStopped(
                "extra.present",
                f"The card already holds the certificate pair for HSA-ID {hsa_id}. Nothing was changed.",
                retry_safe=False,
            )
        journal = Journal(
            card_serial=run.card.serial,
            hsa_id=hsa_id,
            pairs=pairs,
            kind=self.operation.kind,
            reference=self._order.reference,
            abandoned_key_ids=abandoned,
            unsettled=unsettled,
        )
        journal.note(f"started: order {self._order.reference} for {hsa_id}")
        return journal

    def _ordered_subject(self, run: Run, hsa_id: str | None) -> x509.Name:
        """The order's subject, from the service with the one-time code: before any key is made, a wrong or used
        code is found out here."""
        order = self._order
        assert order is not None
        enroller = run.enroller
        subject = run.call_service(lambda: enroller.ordered_subject(order.reference, order.code))
        if hsa_id is not None and _attribute(subject, NameOID.SERIAL_NUMBER) != hsa_id:
            raise UpgradeStopped(
                "extra.order_changed",
                "The order now names another HSA-ID than when this card's extra pair was begun. Contact the card "
                "office that gave you the order.",
                retry_safe=False,
            )
        return subject

    # -- the terms, how this pair's certificates are asked for, and what is tidied after -------------------

    def terms(self, run: Run, certs: list[CardCertificate]) -> Terms:
        ordered = self._subject
        return Terms(
            holder=_attribute(ordered, NameOID.COMMON_NAME) if ordered is not None else "",
            hsa_id=run.journal.hsa_id,
            certificates_to_replace=0,
            seconds_expected=run.expected_seconds(len(run.journal.pairs)),
            operation=self.operation,
            organisation=_attribute(ordered, NameOID.ORGANIZATION_NAME) if ordered is not None else "",
        )

    def request(self, run: Run, pair: PairRecord) -> Callable[[], KeyUpdateResult]:
        """An initial request with the order's one-time code: nothing on the card is replaced or proves anything."""
        assert pair.new_key_id is not None
        order, subject = self._order, self._subject
        if subject is None and pair.issued_cert is not None:  # a received certificate is confirmed: no new request
            subject = pair.issued_cert.subject
        elif subject is None:  # one received was settled as not valid: asked anew, in the order's name
            subject = self._subject = self._ordered_subject(run, run.journal.hsa_id)
        assert order is not None and subject is not None
        new_key = run.session(pair.purpose).signer(bytes.fromhex(pair.new_key_id))
        request = InitialRequest(pair.purpose, order.reference, order.code, subject, new_key)
        enroller = run.enroller
        return lambda: enroller.initial_enroll(request)

    def clean_up(self, run: Run) -> None:
        """Nothing of the card's own is touched: only keys this flow made and could not finish go."""
        cleanup.delete_leftovers(run)
