"""The practice service's revocations: an rr from the holder (RFC 9483 4.2), and the certificates a holder never
confirmed, settled as not valid when their transaction times out (implicit confirmation off, RFC 9483 4.1.1).

An rr is accepted signed by the certificate it revokes (RFC 9483 4.2; then its key may sign even if its Key Usage
is nonRepudiation only) or by another valid certificate of the same person from a trusted CA (the card's
authentication certificate: the practice service's leniency, as a card office would accept it).
"""

from __future__ import annotations

from asn1crypto import core

from sithsclient.demo.issuer.keys import IssuerKeys
from sithsclient.demo.issuer.ledger import NOT_VALID, Ledger
from sithsclient.demo.issuer.replies import Replies, Reply
from sithsclient.demo.issuer.verification import Refusal, Request, Transaction, same_name
from sithsclient.enroll import asn1
from sithsclient.enroll.message import new_nonce, seal, status_info

# How long an issued certificate waits for its certConf before it is settled as not valid.
CONFIRM_TIMEOUT = 300.0


def settle_overdue(ledger: Ledger, transactions: dict[bytes, Transaction], timeout: float) -> None:
    for tid in ledger.overdue(timeout):
        ledger.settled(tid, "revoked", f"not confirmed within {timeout:g} s")
        tx = transactions.get(tid)
        if tx is not None:
            tx.settled = True


def supersede(ledger: Ledger, transactions: dict[bytes, Transaction], order: str, purpose: str) -> bool:
    """A new request for an order's certificate whose earlier one was never confirmed (its answer lost on the
    way): the earlier one is settled as not valid, and its place in the order given back. False: none such."""
    tid = ledger.open_for(order, purpose)
    if tid is None:
        return False
    ledger.settled(tid, "revoked", "superseded: the order's certificate was asked for again before a confirmation")
    tx = transactions.get(tid)
    if tx is not None:
        tx.settled = True
    return True


def closed(ledger: Ledger, transaction_id: bytes) -> Refusal | None:
    """What a later message of a transaction no longer open is told: its certificate's settlement, if any."""
    state = ledger.state(transaction_id)
    if state in NOT_VALID:
        return Refusal("cert_revoked", "The certificate of this transaction is not valid: not confirmed in time.")
    if state in ("confirmed", "implicitly_confirmed"):
        return Refusal("cert_confirmed", "The certificate of this transaction has been confirmed already.")
    return None


def revoke(
    request: Request,
    keys: IssuerKeys,
    ledger: Ledger,
    replies: Replies,
    transactions: dict[bytes, Transaction],
) -> Reply:
    signer = request.signer
    if signer is None:
        raise Refusal("wrong_integrity", "A revocation request is signed with a certificate, not a one-time code.")
    asked = request.message["body"].chosen
    if len(asked) != 1:
        raise Refusal("bad_request", "Exactly one certificate per revocation request, please.")
    details = asked[0]["cert_details"]
    issuer, serial = details["issuer"], details["serial_number"]
    if isinstance(issuer, core.Void) or isinstance(serial, core.Void):
        raise Refusal("bad_request", "A revocation request names the certificate by issuer and serial number.")
    found = ledger.find(serial.native)
    if found is None or not same_name(issuer.untag(), found[1].issuer):
        raise Refusal("bad_cert_id", "This service did not issue the certificate to be revoked.")
    tid, cert, state = found
    if signer != cert and signer.subject != cert.subject:
        raise Refusal("not_authorized", "The certificate to be revoked belongs to someone else.")
    if state in NOT_VALID:
        status = status_info("rejection", {"cert_revoked"}, "The certificate is not valid already.")
    else:
        ledger.settled(tid, "revoked", "revocation requested by the holder")
        tx = transactions.get(tid)
        if tx is not None:
            tx.settled = True
        status = status_info("accepted")
    body = asn1.PKIBody(name="rp", value={"status": [status]})
    pki_header = replies.header(request.message, signer.subject, new_nonce())
    return Reply(seal(pki_header, body, keys.issuing.key, keys.chain))
