"""The practice issuing service's CMP logic: bytes of a request in, bytes of an answer out. No HTTP here.
The checks of a request are in verification.py, the answers in replies.py; here, what each request does.

It does what a careful CA does with a key update request (RFC 9483 4.1.3, 4.4, 5):
- the request is protected by a certificate that chains to a trust anchor and is valid now, and the signature
  verifies; later messages of the transaction come from the same certificate and answer our nonces;
- the proof of possession verifies with the requested public key, which must be a new key;
- the certificate replaced (oldCertID) belongs to the same person; the new one gets its subject and the Key
  Usage of its purpose, from the SITHS-like profile of the practice hierarchy;
- one certificate per transaction, ever (the ledger remembers transaction ids across restarts).
And with an initial request for another organisation's certificate pair (RFC 9483 4.1.5, orders.py):
- the request is MAC-protected (PasswordBasedMac or PBMAC1) with the one-time code of the order its senderKID
  names; a wrong code is refused with badMessageCheck and counted, a used one with duplicateCertReq;
- the template names the ordered subject, its Key Usage picks the certificate of the pair (none: authentication),
  the proof of possession verifies; the answers of the transaction carry a MAC with the same code, refusals
  the CA's signature (the client cannot check a MAC made with a code it does not have).
Faults (faults.py) bend exactly one of these on purpose, in either kind of request.
"""

from __future__ import annotations

import logging
import os
import threading

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sithsclient.demo.issuer import sets as card_sets
from sithsclient.demo.issuer.faults import Fault, FaultSetting, FaultSwitch
from sithsclient.demo.issuer.keys import IssuerKeys
from sithsclient.demo.issuer.ledger import Ledger
from sithsclient.demo.issuer.orders import OrderBook, order_settled
from sithsclient.demo.issuer.replies import Replies, Reply
from sithsclient.demo.issuer.revocation import CONFIRM_TIMEOUT, closed, revoke, settle_overdue, supersede
from sithsclient.demo.issuer.sets import SetChoice
from sithsclient.demo.issuer.standing import check_standing
from sithsclient.demo.issuer.verification import (
    PublicKey,
    Refusal,
    Request,
    Transaction,
    check_pop,
    replaced,
    requested_key,
    requested_purpose,
    same_name,
    template_key,
    verified,
)
from sithsclient.enroll import asn1
from sithsclient.enroll.build import CERT_REQ_ID, cert_hash
from sithsclient.enroll.message import new_nonce, seal_mac, status_info, to_asn1_name
from sithsclient.pki.card_set import Identity
from sithsclient.pki.inventory import purpose_of
from sithsclient.pki.model import Purpose

__all__ = ["OTHER_HSA_ID", "OVERSIZED_BYTES", "IssuerKeys", "IssuingService", "Reply"]

log = logging.getLogger(__name__)

OVERSIZED_BYTES = 4 * 1024 * 1024
OTHER_HSA_ID = "SE2321000131-S000000099999"  # the "wrong subject" fault's other person


def _other_person(subject: x509.Name) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(a.oid, OTHER_HSA_ID if a.oid == NameOID.SERIAL_NUMBER else str(a.value)) for a in subject]
    )


class IssuingService:
    def __init__(
        self,
        keys: IssuerKeys,
        ledger: Ledger,
        faults: FaultSwitch | None = None,
        orders: OrderBook | None = None,
        sets: SetChoice | None = None,
    ) -> None:
        self.keys = keys
        self.sets = sets or SetChoice()
        self.ledger = ledger
        self.faults = faults or FaultSwitch()
        self.orders = orders
        self._transactions: dict[bytes, Transaction] = {}
        self._lock = threading.Lock()
        self._replies = Replies(keys, ledger)
        self.confirm_timeout = CONFIRM_TIMEOUT  # an unconfirmed certificate is revoked after this (revocation.py)
        if orders is not None:
            ledger.on_settled = lambda issued, event: order_settled(orders, issued, event)
        ledger.settle_interrupted()

    def settle_overdue(self) -> None:
        with self._lock:
            settle_overdue(self.ledger, self._transactions, self.confirm_timeout)

    # --- entry -------------------------------------------------------------------------------------------

    def handle(self, data: bytes) -> Reply:
        fault = self.faults.get()
        try:
            message = asn1.PKIMessage.load(data, strict=True)
            head = message["header"]
            _ = message.native  # decode it all now: a malformed request is refused here, not half-way
        except Exception as exc:  # asn1crypto raises many types on bad input
            log.info("refusing a request that is not a CMP message: %s", exc)
            return self._replies.error(None, None, "bad_data_format", "The request is not a readable CMP message.")
        transaction_id = head["transaction_id"].native
        sender_nonce = head["sender_nonce"].native
        request: Request | None = None
        try:
            if head["pvno"].native not in (asn1.PVNO_CMP2000, asn1.PVNO_CMP2021):
                raise Refusal("unsupported_version", "Only CMP version 2 and 3 are supported.")
            if not transaction_id or not sender_nonce:
                raise Refusal("bad_request", "The request lacks a transactionID or a senderNonce.")
            request = verified(message, self.keys, self.orders, self._transactions)
            self.settle_overdue()
            with self._lock:
                return self._dispatch(request, fault)
        except Refusal as refusal:
            log.info("refused (%s): %s", refusal.fail_info, refusal.text)
            if transaction_id and isinstance(transaction_id, bytes):
                self.ledger.refused(transaction_id, f"{refusal.fail_info}: {refusal.text}")
            # Answered to the certificate's subject once it is verified; before that, to no one (the NULL-DN):
            # the request's own sender field is not echoed, since it may be malformed.
            recipient = request.sender if request is not None else None
            if refusal.in_kup:
                return self._replies.rejected(message, recipient, refusal)
            return self._replies.error(message, recipient, refusal.fail_info, refusal.text)
        except Exception:  # a request that trips something not foreseen still gets a CMP answer, not a dropped line
            log.exception("failed on a request")
            return self._replies.error(message, None, "system_failure", "The practice service failed on this request.")

    def _dispatch(self, request: Request, fault: FaultSetting) -> Reply:
        kind = request.message["body"].name
        if kind == "kur":
            return self._key_update(request, fault)
        if kind == "ir":
            return self._initial(request, fault)
        if kind == "cr":
            return card_sets.certification(self, request, fault)
        if kind == "poll_req":
            return self._poll(request)
        if kind == "cert_conf":
            return self._confirm(request)
        if kind == "genm":
            return self._template(request)
        if kind == "rr":
            return revoke(request, self.keys, self.ledger, self._replies, self._transactions)
        raise Refusal("bad_request", f"This service offers key update and initial requests only, not {kind}.")

    def _template(self, request: Request) -> Reply:
        """genm certReqTemplate (RFC 9483 4.3.3) with an order's code: the subject the order's certificates get, so
        that the holder types only the reference and the code. Asked before any key is made; a wrong code counts."""
        asked = [i["info_type"].native for i in request.message["body"].chosen]
        if asked != ["cert_req_template"]:
            raise Refusal("bad_request", "This service answers a general message for certReqTemplate only.")
        if request.signer is not None:  # a card asks which certificates it is to hold
            return card_sets.template(request, self.sets, self.keys)
        order = request.order
        if request.code is None or order is None:
            raise Refusal(
                "wrong_integrity", "A request template is given for an order, to a request with its one-time code."
            )
        if order.done:
            raise Refusal("duplicate_cert_req", "This order has been used; its one-time code works only once.")
        template = asn1.CertReqTemplateContent({"cert_template": {"subject": to_asn1_name(order.subject)}})
        body = asn1.PKIBody(name="genp", value=[{"info_type": "cert_req_template", "info_value": template}])
        # A one-message exchange, so no transaction is kept; MAC-protected with the code, as a transaction's answers.
        code = request.code
        pki_header = self._replies.header(
            request.message, order.subject, new_nonce(), sender_kid=code.reference.encode()
        )
        return Reply(seal_mac(pki_header, body, code.secret, code.kind, self.keys.chain))

    # --- the transaction a later message belongs to ---------------------------------------------------

    def _transaction(self, request: Request) -> Transaction:
        tx = self._transactions.get(request.transaction_id)
        if tx is None:
            raise closed(self.ledger, request.transaction_id) or Refusal(
                "bad_request", "No such transaction here; start again with a new request."
            )
        if request.message["header"]["recip_nonce"].native not in tx.sent_nonces:
            raise Refusal("bad_recipient_nonce", "The request does not answer this service's nonce.")
        if request.signer != tx.signer or (request.code is None) != (tx.code is None):
            raise Refusal("not_authorized", "The transaction was started with another certificate or code.")
        if request.code is not None and tx.code is not None and request.code.reference != tx.code.reference:
            raise Refusal("not_authorized", "The transaction was started with another order.")
        return tx

    # --- kur ---------------------------------------------------------------------------------------------

    def _new_transaction(self, request: Request, fault: FaultSetting) -> Reply | asn1.CertReqMsg:
        """What a kur and an ir share before their own checks: a fresh transaction id, the faults that replace the
        answer outright, and exactly one request with certReqId 0."""
        tid = request.transaction_id
        if tid in self._transactions or self.ledger.used(tid):
            raise Refusal("transaction_id_in_use", "This transaction id has been used; make a new request.")
        if fault.fault is Fault.HTTP_500:
            return Reply(b"Internal Server Error (practice fault)\n", 500, "text/plain; charset=utf-8")
        if fault.fault is Fault.GARBAGE:
            return Reply(os.urandom(512))
        if fault.fault is Fault.OVERSIZED:
            return Reply(b"\x30\x84" + os.urandom(OVERSIZED_BYTES), announce_length=False)
        requests = request.message["body"].chosen
        if len(requests) != 1:
            raise Refusal("bad_request", "Exactly one certificate request per message, please.")
        first: asn1.CertReqMsg = requests[0]
        if first["cert_req"]["cert_req_id"].native != CERT_REQ_ID:
            raise Refusal("bad_request", "certReqId must be 0.")
        return first

    def _key_update(self, request: Request, fault: FaultSetting) -> Reply:
        if request.signer is None:
            raise Refusal(
                "wrong_integrity",
                "A key update is signed with the certificate it replaces; a one-time code is for a first certificate.",
            )
        started = self._new_transaction(request, fault)
        if isinstance(started, Reply):
            return started
        tid = request.transaction_id
        cert_request = started["cert_req"]
        replaces = replaced(request, cert_request, self.keys)
        # A renewal: a certificate of this service's own proves something only while its ledger believes it.
        check_standing(self.ledger, self.keys, request.signer, "The certificate protecting the request")
        check_standing(self.ledger, self.keys, replaces, "The certificate to be replaced")
        public_key = requested_key(cert_request, replaces)
        check_pop(started, public_key)
        purpose = purpose_of(replaces)
        if purpose not in (Purpose.AUTHENTICATION, Purpose.SIGNATURE, Purpose.ENCRYPTION):
            raise Refusal("bad_cert_id", "What the old certificate is for cannot be told.", in_kup=True)
        if fault.fault is Fault.REJECT:
            raise Refusal(
                "not_authorized",
                "Practice: your card office has stopped the upgrade of this card.",
                in_kup=True,
            )
        tx = Transaction(tid, request.signer, replaces, replaces.subject, public_key, purpose, request.implicit_confirm)
        self._in_profile(request, tx)
        return self._begin(request, tx, fault)

    def _in_profile(self, request: Request, tx: Transaction) -> None:
        """A kur naming a certProfile of the set is issued in it: its subject, and the CA of its identity."""
        asked = card_sets.profile_asked(request.message)
        if asked is None:
            return
        spec = self.sets.spec(asked)
        if spec is None or spec.purpose is not tx.purpose:
            raise Refusal(
                "bad_cert_template", f"This service does not issue {asked} for this certificate.", in_kup=True
            )
        tx.subject = card_sets.subject_in(spec, tx.subject)
        if spec.identity is Identity.PERSONNUMMER and self.sets.personnummer_ca is not None:
            tx.issuing, tx.extra_certs = self.sets.personnummer_ca, self.sets.personnummer_chain

    def _begin(self, request: Request, tx: Transaction, fault: FaultSetting) -> Reply:
        """The first answer of an accepted request: "waiting" (the pending fault) or the certificate."""
        self._transactions[tx.transaction_id] = tx
        if fault.fault is Fault.PENDING and fault.polls > 0:
            tx.polls_left, tx.check_after = fault.polls, fault.check_after
            body = asn1.PKIBody(
                name=tx.answer, value={"response": [{"cert_req_id": CERT_REQ_ID, "status": status_info("waiting")}]}
            )
            return self._replies.reply(request, tx, body)
        self._issue(tx, fault.fault)
        reply = self._replies.certificate(request, tx, bad_protection=fault.fault is Fault.BAD_PROTECTION)
        if fault.fault is Fault.DELAY:
            return Reply(reply.body, delay=fault.delay_seconds)
        return reply

    # --- ir -----------------------------------------------------------------------------------------------

    def _initial(self, request: Request, fault: FaultSetting) -> Reply:
        if request.code is None or request.order is None:
            raise Refusal(
                "wrong_integrity",
                "An initial request is protected with the one-time code of an order (MAC), not by a certificate.",
            )
        order = request.order
        started = self._new_transaction(request, fault)
        if isinstance(started, Reply):
            return started
        cert_request = started["cert_req"]
        template = cert_request["cert_template"]
        subject = template["subject"]
        if isinstance(subject, core.Void) or not same_name(subject.untag(), order.subject):
            raise Refusal(
                "bad_cert_template",
                f"The order is for {order.subject.rfc4514_string()}; the request names another subject.",
                in_kup=True,
            )
        public_key = template_key(template)
        check_pop(started, public_key)
        purpose = requested_purpose(template)
        if purpose not in order.purposes:
            raise Refusal("bad_cert_template", f"The order has no {purpose.value} certificate.", in_kup=True)
        if purpose in order.used and not supersede(self.ledger, self._transactions, order.reference, purpose):
            raise Refusal(
                "duplicate_cert_req", f"The order's {purpose.value} certificate has been fetched already.", in_kup=True
            )
        if fault.fault is Fault.REJECT:
            raise Refusal("not_authorized", "Practice: the card office has withdrawn this order.", in_kup=True)
        assert self.orders is not None  # request.order came from it
        try:
            self.orders.use(order.reference, purpose)
        except LookupError:
            raise Refusal("duplicate_cert_req", "This order has been used up.", in_kup=True) from None
        log.info("order %s: %s certificate taken", order.reference, purpose.value)
        tx = Transaction(
            request.transaction_id,
            None,
            None,
            order.subject,
            public_key,
            purpose,
            request.implicit_confirm,
            code=request.code,
            answer="ip",
        )
        return self._begin(request, tx, fault)

    def _issue(self, tx: Transaction, fault: Fault) -> None:
        subject = tx.subject
        public_key: PublicKey = tx.public_key
        ca = tx.issuing or self.keys.issuing
        if fault is Fault.WRONG_KEY:
            public_key = ec.generate_private_key(ec.SECP256R1()).public_key()
        elif fault is Fault.WRONG_SUBJECT:
            subject = _other_person(subject)
        elif fault is Fault.UNTRUSTED_ISSUER:
            ca = self.keys.untrusted
        tx.certificate = ca.issue(subject, public_key, tx.purpose, days=self.keys.days, policy=self.keys.policy)
        if tx.issuing is None or ca is not tx.issuing:
            tx.extra_certs = self.keys.chain if ca is self.keys.issuing else (*self.keys.chain, ca.cert)
        self.ledger.issued(
            tx.transaction_id,
            tx.certificate,
            purpose=tx.purpose,
            replaces=tx.replaces,
            fault=fault,
            order=tx.code.reference if tx.code is not None else None,
        )
        log.info("issued %x for %s", tx.certificate.serial_number, tx.certificate.subject.rfc4514_string())

    # --- pollReq, certConf --------------------------------------------------------------------------------

    def _poll(self, request: Request) -> Reply:
        tx = self._transaction(request)
        if tx.certificate is None and tx.polls_left > 0:
            tx.polls_left -= 1
            body = asn1.PKIBody(
                name="poll_rep",
                value=[
                    {
                        "cert_req_id": CERT_REQ_ID,
                        "check_after": tx.check_after,
                        "reason": ["Practice: the certificate is being prepared."],
                    }
                ],
            )
            return self._replies.reply(request, tx, body)
        if tx.certificate is None:
            self._issue(tx, Fault.NONE)
        # Also when it was issued already: a poll whose answer got lost is answered again, never re-issued.
        return self._replies.certificate(request, tx)

    def _confirm(self, request: Request) -> Reply:
        tx = self._transaction(request)
        if tx.certificate is None:
            raise Refusal("bad_request", "There is no certificate to confirm yet.")
        statuses = request.message["body"].chosen
        if len(statuses) != 1 or statuses[0]["cert_req_id"].native != CERT_REQ_ID:
            raise Refusal("bad_request", "certConf must confirm exactly certReqId 0.")
        status = statuses[0]
        if status["cert_hash"].native != cert_hash(tx.certificate):
            raise Refusal("bad_cert_id", "certConf names another certificate (certHash differs).")
        info = status["status_info"]
        accepted = isinstance(info, core.Void) or info["status"].native in ("accepted", "granted_with_mods")
        if tx.settled and (too_late := closed(self.ledger, tx.transaction_id)) and too_late.fail_info == "cert_revoked":
            raise too_late
        if not tx.settled:
            reason = "" if accepted else " ".join(info.native.get("status_string") or [])
            self.ledger.settled(tx.transaction_id, "confirmed" if accepted else "rejected_by_client", reason)
            tx.settled = True
        return self._replies.reply(request, tx, asn1.PKIBody(name="pkiconf", value=core.Null()))
