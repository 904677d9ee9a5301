"""Fetch and install (Hämtar och installerar certifikat): every certificate the service issues for the card ends
on the card or is settled as not valid, and none is asked for twice for one key.

A pair's certificate goes KEY_READY → asked for → RECEIVED (the certificate itself journalled, with its open
transaction, before its certConf: that needs the card again) → FETCHED (confirmed) → INSTALLED (on the card, read
back, test-signed). Whatever stops the run, the journal names what the service issued:
- RECEIVED: the run goes on by confirming that certificate in its own transaction, never by a new request. If the
  service no longer holds it open (not confirmed in time: it has revoked it, RFC 9483 4.1.1, or it cannot say),
  it is revoked if need be (rr, RFC 9483 4.2, signed by its own key), and only then is another asked for.
- An attempt given up (the journal's `unsettled`): each certificate is revoked, signed by its own key, before
  the clean-up may delete that key.
- A request whose answer never came: the service issued a certificate the client never saw; not confirmed, the
  service settles it as not valid when its transaction times out (implicit confirmation is off).
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from sithsclient.enroll.errors import TransactionClosed, TransportError
from sithsclient.enroll.interface import Carry, KeyUpdateResult, Receipt, Settling
from sithsclient.enroll.protection import SigningKey
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.errors import UpgradeStopped
from sithsclient.upgrade.journal import PairRecord, PairState
from sithsclient.upgrade.plan import Plan, Run
from sithsclient.upgrade.steps import Step

log = logging.getLogger(__name__)


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def fetch_and_install(run: Run, plan: Plan, pair: PairRecord) -> None:
    """One pair, from wherever the journal and the card left it, to installed."""
    if pair.state in (PairState.INSTALLED, PairState.OLD_DELETED):
        check_installed(run, pair)
    while pair.state in (PairState.KEY_READY, PairState.RECEIVED):
        if pair.state is PairState.KEY_READY:
            fetch(run, plan, pair)
        else:
            confirm(run, plan, pair)
    if pair.state is PairState.FETCHED:
        install(run, pair)


def fetch(run: Run, plan: Plan, pair: PairRecord) -> None:
    assert pair.new_key_id is not None
    run.emit(ev.Progress(Step.FETCH_INSTALL, "fetching the new certificate", pair.purpose))
    call = plan.request(run, pair)
    enroller = run.enroller
    asked = time.monotonic()
    if isinstance(enroller, Settling):
        carry = Carry(lambda receipt: _received(run, pair, receipt))
        result = run.call_service(lambda: _carried(enroller, carry, call))
    else:
        result = run.call_service(call)
    run.took_service(time.monotonic() - asked)
    pair.set_issued(result.certificate)
    pair.pending = None
    pair.state = PairState.FETCHED
    run.journal.note(f"{pair.purpose.value}: certificate fetched (transaction {result.transaction_id})")
    run.save()


def _carried(enroller: Settling, carry: Carry, call: Callable[[], KeyUpdateResult]) -> KeyUpdateResult:
    with enroller.carrying(carry):
        return call()


def _received(run: Run, pair: PairRecord, receipt: Receipt) -> None:
    """Before anything else happens to a certificate received: into the journal (public data, no PIN)."""
    pair.set_issued(receipt.certificate)
    pair.pending = {"transaction_id": receipt.transaction_id, "server_nonce": receipt.server_nonce}
    pair.state = PairState.RECEIVED
    run.journal.note(
        f"{pair.purpose.value}: certificate {receipt.certificate.serial_number:x} received "
        f"(transaction {receipt.transaction_id}), to be confirmed"
    )
    run.save()


def confirm(run: Run, plan: Plan, pair: PairRecord) -> None:
    """A certificate received before the run stopped: confirmed in its own transaction, or, if the service no
    longer holds that open, settled as not valid, so that another may be asked for the same key."""
    assert pair.new_key_id is not None
    cert, pending, enroller = pair.issued_cert, pair.pending, run.enroller
    if cert is None or pending is None or not isinstance(enroller, Settling):
        pair.state = PairState.FETCHED if cert is not None else PairState.KEY_READY
        return
    key_id = bytes.fromhex(pair.new_key_id)
    session = run.session(pair.purpose)
    if not session.has_private_key(key_id) or session.public_key(key_id) != cert.public_key():
        run.card.confirm_present()  # a card being pulled can read as empty: not a changed card
        # Not confirmed, the service settles it as not valid when its transaction times out.
        raise UpgradeStopped(
            "card.changed",
            "The new key is no longer on the card where the upgrade left it. Contact IT support.",
            retry_safe=False,
        )
    # Said as the fetch it finishes: to the person it is the same step.
    run.emit(ev.Progress(Step.FETCH_INSTALL, "fetching the new certificate", pair.purpose))
    receipt = Receipt(cert, pending["transaction_id"], pending.get("server_nonce", ""))
    call = plan.request(run, pair)

    def confirming() -> KeyUpdateResult | TransactionClosed:
        try:
            return _carried(enroller, Carry(lambda _receipt: None, resume=receipt), call)
        except TransactionClosed as closed:
            return closed

    outcome = run.call_service(confirming)
    if isinstance(outcome, TransactionClosed):
        if not outcome.settled:  # the service cannot say: it is revoked before another is asked for
            _revoke(run, enroller, cert, session.signer(key_id))
        run.journal.note(
            f"{pair.purpose.value}: certificate {cert.serial_number:x} not valid "
            f"({'revoked by the service' if outcome.settled else 'revoked on request'}); asking for another"
        )
        pair.issued_cert_der_b64 = None
        pair.pending = None
        pair.state = PairState.KEY_READY
        run.save()
        return
    pair.pending = None
    pair.state = PairState.FETCHED
    run.journal.note(f"{pair.purpose.value}: certificate confirmed (transaction {receipt.transaction_id})")
    run.save()


def settle_given_up(run: Run) -> None:
    """The certificates of attempts given up: revoked, each signed by its own key, before the key may go."""
    journal = run.journal
    enroller = run.enroller
    while journal.unsettled:
        entry = journal.unsettled[0]
        cert = x509.load_der_x509_certificate(base64.b64decode(entry["certificate"]))
        key_id = bytes.fromhex(entry["key_id"])
        signer = next(
            (
                s.signer(key_id)
                for s in run.sessions()
                if s.has_private_key(key_id) and s.public_key(key_id) == cert.public_key()
            ),
            None,
        )
        if signer is None or not isinstance(enroller, Settling):
            # Its key is gone: nothing on this card can ask for its revocation. The journal's history keeps its
            # serial number for the card office (docs/it-support.md).
            log.warning("certificate %x given up, its key gone: for the card office to revoke", cert.serial_number)
            journal.note(f"certificate {cert.serial_number:x} given up; its key is gone: the card office revokes it")
        else:
            _revoke(run, enroller, cert, signer)
            journal.note(f"certificate {cert.serial_number:x} given up ({entry.get('why', '')}): revoked")
        del journal.unsettled[0]
        run.save()


def _revoke(run: Run, enroller: Settling, cert: x509.Certificate, signer: SigningKey) -> None:
    """rr for a certificate that will never be installed. A network failure stops the run as any other (it goes on
    from here); a refusal is for the card office, which can revoke it by its serial number."""
    try:
        run.call_service(lambda: enroller.revoke(cert, signer))
    except UpgradeStopped as stop:
        if isinstance(stop.__cause__, TransportError | OSError):
            raise
        run.journal.note(f"certificate {cert.serial_number:x}: revocation refused ({stop.code}): for the card office")
        raise UpgradeStopped(
            "certificate.unsettled",
            f"The issuing service refused to revoke certificate {cert.serial_number:x}, which will not be used.",
            retry_safe=False,
        ) from stop


def check_installed(run: Run, pair: PairRecord) -> None:
    """A resumed run: the journal says this pair's certificate is installed, and the old one may go next. The
    card must say so too (docs/design.md, invariant 1): one that is not there is installed again."""
    assert pair.new_key_id is not None
    cert = pair.issued_cert
    key_id = bytes.fromhex(pair.new_key_id)
    session = run.session(pair.purpose)
    on_card = session.read_certificate(key_id)
    if cert is not None and on_card is not None and _der(on_card) == _der(cert):
        return
    run.card.confirm_present()  # a card being pulled can read as empty: not a changed card
    if cert is None or not session.has_private_key(key_id):
        raise UpgradeStopped(
            "card.changed",
            "The new certificates are no longer on the card where the upgrade left them. Contact IT support.",
            retry_safe=False,
        )
    run.journal.note(f"{pair.purpose.value}: journalled as installed but not on the card: installing again")
    pair.state = PairState.FETCHED


def install(run: Run, pair: PairRecord) -> None:
    assert pair.new_key_id is not None
    cert = pair.issued_cert
    assert cert is not None
    key_id = bytes.fromhex(pair.new_key_id)
    session = run.session(pair.purpose)
    card_public = session.public_key(key_id) if session.has_private_key(key_id) else None
    if card_public is None or card_public != cert.public_key():
        raise UpgradeStopped(
            "certificate.wrong_key",
            "The new certificate does not belong to the new key on the card. Nothing was installed.",
        )
    run.emit(ev.Progress(Step.FETCH_INSTALL, "installing the new certificate", pair.purpose))
    on_card = session.read_certificate(key_id)
    if on_card is not None and _der(on_card) != _der(cert):
        session.delete_certificate(key_id)
        on_card = None
    if on_card is None:
        session.install_certificate(cert, key_id)
    session.test_signature(key_id)
    pair.state = PairState.INSTALLED
    run.journal.note(f"{pair.purpose.value}: installed, read back and test-signed")
    run.save()
