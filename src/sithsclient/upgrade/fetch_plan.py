"""A certificate fetched later: the signature certificate a card of the 2024 platform was given without (seed
003: "can be fetched afterwards by those who need it"), added beside the card's current authentication one.

    preflight (an upgraded card, current authentication certificate, no signature one) → PINs → terms
      → generate a new key pair → a CMP certification request (cr, RFC 9483 4.1.2) protected by the card's current
        authentication certificate, check, install, read back, test-sign → done

Nothing of the card's own is replaced or deleted: only keys this flow made and could not finish are tidied away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sithsclient.card.model import CardCertificate
from sithsclient.enroll.errors import UnexpectedMessage
from sithsclient.enroll.interface import CardCredential, CertificationRequest, KeyUpdateResult, KnowsSets
from sithsclient.pki.card_set import HSA_SIGN, Identity, identity_of_issuer
from sithsclient.pki.inventory import CertificateInfo, holders
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade import cleanup
from sithsclient.upgrade.engine import UpgradeStopped, fingerprint
from sithsclient.upgrade.fetch_words import WORDS
from sithsclient.upgrade.journal import Journal, Kind, PairRecord, PairState, Phase
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.plan import Run
from sithsclient.upgrade.prompts import Terms

FETCH = Operation("fetch", Kind.FETCH, None, WORDS)


def signature_missing(certs: Sequence[CertificateInfo]) -> CertificateInfo | None:
    """The card's current authentication certificate where no current signature certificate is beside it (of its own
    HSA-id, not a personnummer or another organisation's): a card a signature certificate can be fetched for."""
    own = holders(certs)
    if not own:
        return None

    def current(purpose: Purpose) -> list[CertificateInfo]:
        return [
            c
            for c in certs
            if c.generation is Generation.CURRENT
            and c.purpose is purpose
            and c.hsa_id == own[0]
            and identity_of_issuer(c.issuer) is Identity.HSA_ID
            and not c.expired()
        ]

    authentication, signature = current(Purpose.AUTHENTICATION), current(Purpose.SIGNATURE)
    return authentication[0] if authentication and not signature else None


class FetchPlan:
    operation = FETCH

    def prepare(self, run: Run, certs: list[CardCertificate]) -> Journal | None:
        journal = run.store.load(run.card.serial, self.operation.kind)
        if journal is not None and journal.phase is not Phase.DONE:
            return journal
        info = signature_missing([c.info for c in certs])
        authentication = next((c for c in certs if c.info is info), None)
        if authentication is None:
            if any(c.info.generation is Generation.LEGACY for c in certs):
                raise UpgradeStopped(
                    "card.not_upgradable", "The card has the old certificates: upgrade it first.", retry_safe=False
                )
            return None  # a signature certificate is there already (or nothing the program can fetch it for)
        # The record's "old" certificate is the authentication one that proves the request; it is never deleted.
        pair = PairRecord(Purpose.SIGNATURE, authentication.key_id_hex, fingerprint(authentication.info.cert))
        pair.profile = HSA_SIGN
        fresh = Journal(card_serial=run.card.serial, hsa_id=authentication.info.hsa_id, pairs=[pair], kind=FETCH.kind)
        fresh.note("started: the signature certificate is fetched")
        return fresh

    def check_service(self, run: Run) -> None:
        if any(p.state in (PairState.PLANNED, PairState.KEY_READY) for p in run.journal.pairs):
            run.probe_service()

    def terms(self, run: Run, certs: list[CardCertificate]) -> Terms:
        return Terms(
            holder=next((c.info.holder_name for c in certs if c.info.holder_name), ""),
            hsa_id=run.journal.hsa_id,
            certificates_to_replace=0,
            seconds_expected=run.expected_seconds(len(run.journal.pairs)),
            operation=self.operation,
        )

    def request(self, run: Run, pair: PairRecord) -> Callable[[], KeyUpdateResult]:
        """A cr for the new key, proven by the card's current authentication certificate."""
        assert pair.new_key_id is not None
        found = run.card.certificates(expect=lambda seen: any(c.key_id_hex == pair.old_key_id for c in seen))
        authentication = next(
            (c for c in found if c.key_id_hex == pair.old_key_id and fingerprint(c.info.cert) == pair.old_cert_sha256),
            None,
        )
        if authentication is None:
            raise UpgradeStopped(
                "card.changed", "The card's authentication certificate is no longer where it was. Contact IT support."
            )
        credential = CardCredential(
            run.session(Purpose.AUTHENTICATION).signer(authentication.key_id), authentication.info.cert
        )
        new_key = run.session(pair.purpose).signer(bytes.fromhex(pair.new_key_id))
        request = CertificationRequest(pair.purpose, credential, new_key, profile=pair.profile or None)
        enroller = run.enroller

        def ask() -> KeyUpdateResult:
            if not isinstance(enroller, KnowsSets):
                raise UnexpectedMessage("this issuing service's protocol cannot fetch a further certificate")
            return enroller.certification_request(request)

        return ask

    def clean_up(self, run: Run) -> None:
        cleanup.delete_leftovers(run)  # only this flow's own unfinished keys

    def forget(self) -> None:
        pass
