"""The practice issuing service's CMP logic: bytes of a request in, bytes of an answer out. No HTTP here.

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

import datetime as dt
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from asn1crypto import core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from sithsclient.demo.hierarchy import CA, PRACTICE_POLICY_LOA3
from sithsclient.demo.issuer.faults import Fault, FaultSetting, FaultSwitch
from sithsclient.demo.issuer.ledger import Ledger
from sithsclient.demo.issuer.orders import Order, OrderBook
from sithsclient.enroll import asn1
from sithsclient.enroll.build import CERT_REQ_ID, cert_hash
from sithsclient.enroll.mac import PBMAC1, InvalidMac, MacKind, UnsupportedMac, is_mac_algorithm
from sithsclient.enroll.mac import verify as verify_mac
from sithsclient.enroll.message import (
    header,
    load_certificate,
    new_nonce,
    protected_part,
    seal,
    seal_mac,
    status_info,
    subject_key_id,
    to_asn1_certificate,
    to_asn1_name,
)
from sithsclient.enroll.protection import InvalidSignature, UnsupportedSignature, verify
from sithsclient.enroll.urls import CONTENT_TYPE
from sithsclient.pki.chain import build_path, may_sign, valid_at
from sithsclient.pki.inventory import purpose_of
from sithsclient.pki.model import Purpose

log = logging.getLogger(__name__)

OVERSIZED_BYTES = 4 * 1024 * 1024
OTHER_HSA_ID = "SE2321000131-S000000099999"  # the "wrong subject" fault's other person


@dataclass(frozen=True)
class Reply:
    """What the HTTP layer sends. `announce_length` False: no Content-Length, close-delimited (oversized)."""

    body: bytes
    status: int = 200
    content_type: str = CONTENT_TYPE
    delay: float = 0.0
    announce_length: bool = True


@dataclass(frozen=True)
class IssuerKeys:
    """Who the service is and whom it believes.

    `issuing` issues the certificates and signs the answers (its certificate has Key Usage digitalSignature,
    which OpenSSL's CMP client demands); `chain` is its certificate upward, sent in extraCerts. Old
    certificates must chain to `trust_anchors`, with `intermediates` to complete the chain.
    """

    issuing: CA
    chain: tuple[x509.Certificate, ...]
    trust_anchors: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]
    untrusted: CA  # issues the "untrusted issuer" fault's certificate
    policy: str = PRACTICE_POLICY_LOA3
    days: int = 730


class _Refusal(Exception):
    """A request refused: as a kup with status rejection (`in_kup`) or as an error message."""

    def __init__(self, fail_info: str, text: str, *, in_kup: bool = False) -> None:
        super().__init__(text)
        self.fail_info = fail_info
        self.text = text
        self.in_kup = in_kup


@dataclass(frozen=True)
class _Code:
    """The one-time code a MAC-protected message was checked with, and how; the code stays out of repr()."""

    reference: str
    secret: bytes = field(repr=False)
    kind: MacKind


@dataclass
class _Request:
    """A received message, its protection verified: by `signer`'s signature, or by a MAC with an order's `code`."""

    message: asn1.PKIMessage
    transaction_id: bytes
    sender_nonce: bytes
    signer: x509.Certificate | None
    extra_certs: tuple[x509.Certificate, ...]
    implicit_confirm: bool
    code: _Code | None = None
    order: Order | None = None

    @property
    def sender(self) -> x509.Name | None:
        """Whom a refusal goes to: the signer, or the person the order names; else no one (the NULL-DN)."""
        if self.signer is not None:
            return self.signer.subject
        return self.order.subject if self.order is not None else None


@dataclass
class _Transaction:
    transaction_id: bytes
    signer: x509.Certificate | None
    replaces: x509.Certificate | None  # None for an initial request
    subject: x509.Name
    public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey
    purpose: Purpose
    implicit_confirm: bool
    code: _Code | None = None  # the transaction's answers carry a MAC with this code
    answer: str = "kup"  # the body that carries the certificate: kup for a kur, ip for an ir
    polls_left: int = 0
    check_after: int = 0
    certificate: x509.Certificate | None = None
    extra_certs: tuple[x509.Certificate, ...] = ()
    settled: bool = False
    sent_nonces: list[bytes] = field(default_factory=list)


def _certificates(value: core.Asn1Value) -> tuple[x509.Certificate, ...]:
    if isinstance(value, core.Void):
        return ()
    try:
        return tuple(load_certificate(item) for item in value)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise _Refusal("bad_data_format", f"A certificate in extraCerts cannot be read: {exc}"[:200]) from None


def _signed_part(message: asn1.PKIMessage) -> bytes:
    """What the request's protection covers. asn1crypto encodes again a value it decoded but cannot hold, such as
    an object identifier with an empty arc, and fails doing so: that is a request that cannot be read."""
    try:
        return protected_part(message["header"], message["body"])
    except ValueError as exc:
        raise _Refusal("bad_data_format", f"The request cannot be read: {exc}"[:200]) from None


def _same_name(a: asn1_x509.Name, b: x509.Name) -> bool:
    try:
        return bool(a == asn1_x509.Name.load(b.public_bytes()))
    except ValueError:  # X.520 comparison prepares the strings and refuses e.g. unassigned code points
        return False


def _requested_purpose(template: asn1.CertTemplate) -> Purpose:
    """Which certificate of the pair an initial request asks for, by the Key Usage in its template. No Key Usage:
    the authentication certificate (OpenSSL's client sends none unless told)."""
    extensions = template["extensions"]
    usages: set[str] = set()
    if not isinstance(extensions, core.Void):
        for extension in extensions:
            if extension["extn_id"].native == "key_usage":
                usages = set(extension["extn_value"].parsed.native)
    if not usages:
        return Purpose.AUTHENTICATION
    if "non_repudiation" in usages:
        return Purpose.SIGNATURE
    if "digital_signature" in usages:
        return Purpose.AUTHENTICATION
    raise _Refusal("bad_cert_template", "The requested Key Usage is neither authentication nor signature.", in_kup=True)


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
    ) -> None:
        self.keys = keys
        self.ledger = ledger
        self.faults = faults or FaultSwitch()
        self.orders = orders
        self._transactions: dict[bytes, _Transaction] = {}
        self._lock = threading.Lock()

    # --- entry -------------------------------------------------------------------------------------------

    def handle(self, data: bytes) -> Reply:
        fault = self.faults.get()
        try:
            message = asn1.PKIMessage.load(data, strict=True)
            head = message["header"]
            _ = message.native  # decode it all now: a malformed request is refused here, not half-way
        except Exception as exc:  # asn1crypto raises many types on bad input
            log.info("refusing a request that is not a CMP message: %s", exc)
            return self._error(None, None, "bad_data_format", "The request is not a readable CMP message.")
        transaction_id = head["transaction_id"].native
        sender_nonce = head["sender_nonce"].native
        request: _Request | None = None
        try:
            if head["pvno"].native not in (asn1.PVNO_CMP2000, asn1.PVNO_CMP2021):
                raise _Refusal("unsupported_version", "Only CMP version 2 and 3 are supported.")
            if not transaction_id or not sender_nonce:
                raise _Refusal("bad_request", "The request lacks a transactionID or a senderNonce.")
            request = self._verified(message)
            with self._lock:
                return self._dispatch(request, fault)
        except _Refusal as refusal:
            log.info("refused (%s): %s", refusal.fail_info, refusal.text)
            if transaction_id and isinstance(transaction_id, bytes):
                self.ledger.refused(transaction_id, f"{refusal.fail_info}: {refusal.text}")
            # Answered to the certificate's subject once it is verified; before that, to no one (the NULL-DN):
            # the request's own sender field is not echoed, since it may be malformed.
            recipient = request.sender if request is not None else None
            if refusal.in_kup:
                return self._rejected_kup(message, recipient, refusal)
            return self._error(message, recipient, refusal.fail_info, refusal.text)
        except Exception:  # a request that trips something not foreseen still gets a CMP answer, not a dropped line
            log.exception("failed on a request")
            return self._error(message, None, "system_failure", "The practice service failed on this request.")

    def _dispatch(self, request: _Request, fault: FaultSetting) -> Reply:
        kind = request.message["body"].name
        if kind == "kur":
            return self._key_update(request, fault)
        if kind == "ir":
            return self._initial(request, fault)
        if kind == "poll_req":
            return self._poll(request)
        if kind == "cert_conf":
            return self._confirm(request)
        if kind == "genm":
            return self._template(request)
        raise _Refusal("bad_request", f"This service offers key update and initial requests only, not {kind}.")

    def _template(self, request: _Request) -> Reply:
        """genm certReqTemplate (RFC 9483 4.3.3) with an order's code: the subject the order's certificates get, so
        that the holder types only the reference and the code. Asked before any key is made; a wrong code counts."""
        asked = [i["info_type"].native for i in request.message["body"].chosen]
        if asked != ["cert_req_template"]:
            raise _Refusal("bad_request", "This service answers a general message for certReqTemplate only.")
        order = request.order
        if request.code is None or order is None:
            raise _Refusal(
                "wrong_integrity", "A request template is given for an order, to a request with its one-time code."
            )
        if not order.open_purposes:
            raise _Refusal("duplicate_cert_req", "This order has been used; its one-time code works only once.")
        template = asn1.CertReqTemplateContent({"cert_template": {"subject": to_asn1_name(order.subject)}})
        body = asn1.PKIBody(name="genp", value=[{"info_type": "cert_req_template", "info_value": template}])
        # A one-message exchange, so no transaction is kept; MAC-protected with the code, like _reply's answers.
        code = request.code
        pki_header = self._header(request.message, order.subject, new_nonce(), sender_kid=code.reference.encode())
        return Reply(seal_mac(pki_header, body, code.secret, code.kind, self.keys.chain))

    # --- checks common to every message ------------------------------------------------------------------

    def _verified(self, message: asn1.PKIMessage) -> _Request:
        head = message["header"]
        protection = message["protection"]
        algorithm = head["protection_alg"]
        if isinstance(protection, core.Void) or isinstance(algorithm, core.Void):
            raise _Refusal("bad_message_check", "The request is not protected by a signature.")
        if is_mac_algorithm(algorithm):
            return self._verified_by_code(message)
        extra = _certificates(message["extra_certs"])
        kid = head["sender_kid"].native
        named = [c for c in extra if kid is None or subject_key_id(c) == kid]
        if not named:
            raise _Refusal("bad_message_check", "extraCerts lacks the certificate that protects the request.")
        signer = named[0]
        try:
            verify(signer.public_key(), algorithm, _signed_part(message), protection.native)
        except (InvalidSignature, UnsupportedSignature):
            raise _Refusal("bad_message_check", "The request's protection signature does not verify.") from None
        now = dt.datetime.now(dt.UTC)
        if not valid_at(signer, now):
            raise _Refusal("signer_not_trusted", "The certificate protecting the request is not valid now.")
        if build_path(signer, self.keys.trust_anchors, (*extra, *self.keys.intermediates), at=now) is None:
            raise _Refusal("signer_not_trusted", "The certificate protecting the request is not from a trusted CA.")
        if not may_sign(signer):
            raise _Refusal("not_authorized", "The certificate protecting the request may not sign.")
        general_info = head["general_info"]
        implicit = not isinstance(general_info, core.Void) and any(
            i["info_type"].native == "implicit_confirm" for i in general_info
        )
        return _Request(
            message,
            head["transaction_id"].native,
            head["sender_nonce"].native,
            signer,
            extra,
            implicit,
        )

    def _verified_by_code(self, message: asn1.PKIMessage) -> _Request:
        """A MAC-protected message: the code is the one-time code of the order its senderKID names, or, later in a
        transaction, the code that transaction was begun with (the order's copy is erased once it is used up)."""
        head = message["header"]
        kid = head["sender_kid"].native
        if not isinstance(kid, bytes):
            raise _Refusal("bad_message_check", "A MAC-protected request must name its order (senderKID).")
        reference = kid.decode("utf-8", "replace")
        algorithm = head["protection_alg"]
        kind = MacKind.PBMAC1 if algorithm["algorithm"].dotted == PBMAC1 else MacKind.PASSWORD_BASED_MAC
        order: Order | None = None
        ongoing = self._transactions.get(head["transaction_id"].native)
        if ongoing is not None and ongoing.code is not None and ongoing.code.reference == reference:
            code = _Code(reference, ongoing.code.secret, kind)
        else:
            order = self.orders.get(reference) if self.orders is not None else None
            if order is None:
                raise _Refusal("bad_message_check", "No order has this reference.")
            if order.blocked:
                raise _Refusal(
                    "bad_message_check",
                    "This order is blocked after too many wrong one-time codes; the card office must make a new one.",
                )
            if order.secret is None:
                raise _Refusal("duplicate_cert_req", "This order has been used; its one-time code works only once.")
            code = _Code(reference, order.secret.encode("utf-8"), kind)
        try:
            verify_mac(algorithm, _signed_part(message), message["protection"].native, code.secret)
        except UnsupportedMac as exc:
            raise _Refusal("bad_alg", f"The request's MAC is not accepted: {exc}") from None
        except InvalidMac:
            if order is not None and self.orders is not None:
                self.orders.failed(reference)
            raise _Refusal(
                "bad_message_check", "The request's MAC does not verify: the one-time code is wrong."
            ) from None
        general_info = head["general_info"]
        implicit = not isinstance(general_info, core.Void) and any(
            i["info_type"].native == "implicit_confirm" for i in general_info
        )
        return _Request(
            message,
            head["transaction_id"].native,
            head["sender_nonce"].native,
            None,
            _certificates(message["extra_certs"]),
            implicit,
            code,
            order,
        )

    def _transaction(self, request: _Request) -> _Transaction:
        tx = self._transactions.get(request.transaction_id)
        if tx is None:
            raise _Refusal("bad_request", "No such transaction here; start again with a new request.")
        if request.message["header"]["recip_nonce"].native not in tx.sent_nonces:
            raise _Refusal("bad_recipient_nonce", "The request does not answer this service's nonce.")
        if request.signer != tx.signer or (request.code is None) != (tx.code is None):
            raise _Refusal("not_authorized", "The transaction was started with another certificate or code.")
        if request.code is not None and tx.code is not None and request.code.reference != tx.code.reference:
            raise _Refusal("not_authorized", "The transaction was started with another order.")
        return tx

    # --- kur ---------------------------------------------------------------------------------------------

    def _new_transaction(self, request: _Request, fault: FaultSetting) -> Reply | asn1.CertReqMsg:
        """What a kur and an ir share before their own checks: a fresh transaction id, the faults that replace the
        answer outright, and exactly one request with certReqId 0."""
        tid = request.transaction_id
        if tid in self._transactions or self.ledger.used(tid):
            raise _Refusal("transaction_id_in_use", "This transaction id has been used; make a new request.")
        if fault.fault is Fault.HTTP_500:
            return Reply(b"Internal Server Error (practice fault)\n", 500, "text/plain; charset=utf-8")
        if fault.fault is Fault.GARBAGE:
            return Reply(os.urandom(512))
        if fault.fault is Fault.OVERSIZED:
            return Reply(b"\x30\x84" + os.urandom(OVERSIZED_BYTES), announce_length=False)
        requests = request.message["body"].chosen
        if len(requests) != 1:
            raise _Refusal("bad_request", "Exactly one certificate request per message, please.")
        first: asn1.CertReqMsg = requests[0]
        if first["cert_req"]["cert_req_id"].native != CERT_REQ_ID:
            raise _Refusal("bad_request", "certReqId must be 0.")
        return first

    def _key_update(self, request: _Request, fault: FaultSetting) -> Reply:
        if request.signer is None:
            raise _Refusal(
                "wrong_integrity",
                "A key update is signed with the certificate it replaces; a one-time code is for a first certificate.",
            )
        started = self._new_transaction(request, fault)
        if isinstance(started, Reply):
            return started
        tid = request.transaction_id
        cert_request = started["cert_req"]
        replaces = self._replaced(request, cert_request)
        public_key = self._requested_key(cert_request, replaces)
        self._check_pop(started, public_key)
        purpose = purpose_of(replaces)
        if purpose not in (Purpose.AUTHENTICATION, Purpose.SIGNATURE, Purpose.ENCRYPTION):
            raise _Refusal("bad_cert_id", "What the old certificate is for cannot be told.", in_kup=True)
        if fault.fault is Fault.REJECT:
            raise _Refusal(
                "not_authorized",
                "Practice: your card office has stopped the upgrade of this card.",
                in_kup=True,
            )
        tx = _Transaction(
            tid, request.signer, replaces, replaces.subject, public_key, purpose, request.implicit_confirm
        )
        return self._begin(request, tx, fault)

    def _begin(self, request: _Request, tx: _Transaction, fault: FaultSetting) -> Reply:
        """The first answer of an accepted request: "waiting" (the pending fault) or the certificate."""
        self._transactions[tx.transaction_id] = tx
        if fault.fault is Fault.PENDING and fault.polls > 0:
            tx.polls_left, tx.check_after = fault.polls, fault.check_after
            body = asn1.PKIBody(
                name=tx.answer, value={"response": [{"cert_req_id": CERT_REQ_ID, "status": status_info("waiting")}]}
            )
            return self._reply(request, tx, body)
        self._issue(tx, fault.fault)
        reply = self._certificate_reply(request, tx, bad_protection=fault.fault is Fault.BAD_PROTECTION)
        if fault.fault is Fault.DELAY:
            return Reply(reply.body, delay=fault.delay_seconds)
        return reply

    # --- ir -----------------------------------------------------------------------------------------------

    def _initial(self, request: _Request, fault: FaultSetting) -> Reply:
        if request.code is None or request.order is None:
            raise _Refusal(
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
        if isinstance(subject, core.Void) or not _same_name(subject.untag(), order.subject):
            raise _Refusal(
                "bad_cert_template",
                f"The order is for {order.subject.rfc4514_string()}; the request names another subject.",
                in_kup=True,
            )
        public_key = self._public_key(template)
        self._check_pop(started, public_key)
        purpose = _requested_purpose(template)
        if purpose not in order.purposes:
            raise _Refusal("bad_cert_template", f"The order has no {purpose.value} certificate.", in_kup=True)
        if purpose in order.used:
            raise _Refusal(
                "duplicate_cert_req", f"The order's {purpose.value} certificate has been fetched already.", in_kup=True
            )
        if fault.fault is Fault.REJECT:
            raise _Refusal("not_authorized", "Practice: the card office has withdrawn this order.", in_kup=True)
        assert self.orders is not None  # request.order came from it
        try:
            self.orders.use(order.reference, purpose)
        except LookupError:
            raise _Refusal("duplicate_cert_req", "This order has been used up.", in_kup=True) from None
        log.info("order %s: %s certificate taken", order.reference, purpose.value)
        tx = _Transaction(
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

    # --- the certificate request -------------------------------------------------------------------------

    def _replaced(self, request: _Request, cert_request: asn1.CertRequest) -> x509.Certificate:
        """The certificate named by oldCertID: the signer's own, or another of the same person in extraCerts."""
        assert request.signer is not None  # only for a kur, which is signed
        controls = cert_request["controls"]
        old_ids = [] if isinstance(controls, core.Void) else [c for c in controls if c["type"].native == "old_cert_id"]
        if not old_ids:
            return request.signer
        cert_id = old_ids[0]["value"]
        issuer = cert_id["issuer"]
        serial = cert_id["serial_number"].native
        for candidate in (request.signer, *request.extra_certs):
            if (
                issuer.name == "directory_name"
                and candidate.serial_number == serial
                and _same_name(issuer.chosen, candidate.issuer)
            ):
                break
        else:
            raise _Refusal(
                "bad_cert_id", "The certificate to be replaced (oldCertID) is not in the request.", in_kup=True
            )
        if candidate.subject != request.signer.subject:
            raise _Refusal("not_authorized", "The certificate to be replaced belongs to someone else.", in_kup=True)
        now = dt.datetime.now(dt.UTC)
        known = (*request.extra_certs, *self.keys.intermediates)
        if not valid_at(candidate, now) or build_path(candidate, self.keys.trust_anchors, known, at=now) is None:
            raise _Refusal("bad_cert_id", "The certificate to be replaced is not valid or not trusted.", in_kup=True)
        return candidate

    @staticmethod
    def _requested_key(
        cert_request: asn1.CertRequest, replaces: x509.Certificate
    ) -> rsa.RSAPublicKey | ec.EllipticCurvePublicKey:
        template = cert_request["cert_template"]
        subject = template["subject"]
        if not isinstance(subject, core.Void) and not _same_name(subject.untag(), replaces.subject):
            raise _Refusal("bad_cert_template", "A key update keeps the subject of the old certificate.", in_kup=True)
        key = IssuingService._public_key(template)
        if key == replaces.public_key():
            raise _Refusal("bad_cert_template", "A key update needs a new key, not the old one.", in_kup=True)
        return key

    @staticmethod
    def _public_key(template: asn1.CertTemplate) -> rsa.RSAPublicKey | ec.EllipticCurvePublicKey:
        if isinstance(template["public_key"], core.Void):
            raise _Refusal("bad_cert_template", "The request names no public key.", in_kup=True)
        try:
            key = serialization.load_der_public_key(template["public_key"].untag().dump())
        except (ValueError, TypeError):
            raise _Refusal("bad_alg", "The public key cannot be read.", in_kup=True) from None
        if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            raise _Refusal("bad_alg", "Only RSA and EC keys are issued.", in_kup=True)
        return key

    @staticmethod
    def _check_pop(request: asn1.CertReqMsg, public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey) -> None:
        popo = request["popo"]
        if isinstance(popo, core.Void) or popo.name != "signature":
            raise _Refusal("bad_pop", "Proof of possession by signature is required.", in_kup=True)
        signed = popo.chosen
        if not isinstance(signed["poposk_input"], core.Void):
            raise _Refusal("bad_pop", "poposkInput is not supported; put subject and key in the template.", in_kup=True)
        try:
            verify(public_key, signed["algorithm_identifier"], request["cert_req"].dump(), signed["signature"].native)
        except (InvalidSignature, UnsupportedSignature):
            raise _Refusal("bad_pop", "The proof of possession does not verify.", in_kup=True) from None

    def _issue(self, tx: _Transaction, fault: Fault) -> None:
        subject = tx.subject
        public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey = tx.public_key
        ca = self.keys.issuing
        if fault is Fault.WRONG_KEY:
            public_key = ec.generate_private_key(ec.SECP256R1()).public_key()
        elif fault is Fault.WRONG_SUBJECT:
            subject = _other_person(subject)
        elif fault is Fault.UNTRUSTED_ISSUER:
            ca = self.keys.untrusted
        tx.certificate = ca.issue(subject, public_key, tx.purpose, days=self.keys.days, policy=self.keys.policy)
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

    def _poll(self, request: _Request) -> Reply:
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
            return self._reply(request, tx, body)
        if tx.certificate is None:
            self._issue(tx, Fault.NONE)
        # Also when it was issued already: a poll whose answer got lost is answered again, never re-issued.
        return self._certificate_reply(request, tx)

    def _confirm(self, request: _Request) -> Reply:
        tx = self._transaction(request)
        if tx.certificate is None:
            raise _Refusal("bad_request", "There is no certificate to confirm yet.")
        statuses = request.message["body"].chosen
        if len(statuses) != 1 or statuses[0]["cert_req_id"].native != CERT_REQ_ID:
            raise _Refusal("bad_request", "certConf must confirm exactly certReqId 0.")
        status = statuses[0]
        if status["cert_hash"].native != cert_hash(tx.certificate):
            raise _Refusal("bad_cert_id", "certConf names another certificate (certHash differs).")
        info = status["status_info"]
        accepted = isinstance(info, core.Void) or info["status"].native in ("accepted", "granted_with_mods")
        if not tx.settled:
            reason = "" if accepted else " ".join(info.native.get("status_string") or [])
            self.ledger.settled(tx.transaction_id, "confirmed" if accepted else "rejected_by_client", reason)
            tx.settled = True
        return self._reply(request, tx, asn1.PKIBody(name="pkiconf", value=core.Null()))

    # --- answers -----------------------------------------------------------------------------------------

    def _certificate_reply(self, request: _Request, tx: _Transaction, *, bad_protection: bool = False) -> Reply:
        assert tx.certificate is not None
        granted_implicitly = tx.implicit_confirm and not tx.settled
        if granted_implicitly:
            self.ledger.settled(tx.transaction_id, "implicitly_confirmed")
            tx.settled = True
        response = {
            "cert_req_id": CERT_REQ_ID,
            "status": status_info("accepted"),
            "certified_key_pair": {
                "cert_or_enc_cert": asn1.CertOrEncCert(name="certificate", value=to_asn1_certificate(tx.certificate))
            },
        }
        body = asn1.PKIBody(name=tx.answer, value={"response": [response]})
        reply = self._reply(request, tx, body, implicit_confirm=granted_implicitly, extra=tx.extra_certs)
        if bad_protection:
            return Reply(_break_protection(reply.body))
        return reply

    def _reply(
        self,
        request: _Request,
        tx: _Transaction,
        body: asn1.PKIBody,
        *,
        implicit_confirm: bool = False,
        extra: Sequence[x509.Certificate] | None = None,
    ) -> Reply:
        nonce = new_nonce()
        tx.sent_nonces.append(nonce)
        if tx.code is not None:
            # senderKID names the code (RFC 9483 3.1), and the MAC is of the request's kind: what the client used
            # it can check.
            pki_header = self._header(
                request.message,
                tx.subject,
                nonce,
                implicit_confirm=implicit_confirm,
                sender_kid=tx.code.reference.encode("utf-8"),
            )
            return Reply(seal_mac(pki_header, body, tx.code.secret, tx.code.kind, extra or self.keys.chain))
        pki_header = self._header(
            request.message,
            request.signer.subject if request.signer else None,
            nonce,
            implicit_confirm=implicit_confirm,
        )
        return Reply(seal(pki_header, body, self.keys.issuing.key, extra or self.keys.chain))

    def _header(
        self,
        message: asn1.PKIMessage | None,
        recipient: x509.Name | None,
        nonce: bytes,
        *,
        implicit_confirm: bool = False,
        sender_kid: bytes | None = None,
    ) -> asn1.PKIHeader:
        head = message["header"] if message is not None else None
        transaction_id = head["transaction_id"].native if head is not None else None
        recip_nonce = head["sender_nonce"].native if head is not None else None
        return header(
            sender=self.keys.issuing.cert.subject,
            recipient=recipient,
            transaction_id=transaction_id if isinstance(transaction_id, bytes) else new_nonce(),
            sender_nonce=nonce,
            recip_nonce=recip_nonce if isinstance(recip_nonce, bytes) else None,
            sender_kid=sender_kid or subject_key_id(self.keys.issuing.cert),
            implicit_confirm=implicit_confirm,
        )

    def _rejected_kup(self, message: asn1.PKIMessage, recipient: x509.Name | None, refusal: _Refusal) -> Reply:
        """A refused certificate request: in the body that would have carried the certificate (kup, or ip for an
        ir), signed by the CA like every refusal."""
        body = asn1.PKIBody(
            name="ip" if message["body"].name == "ir" else "kup",
            value={
                "response": [
                    {"cert_req_id": CERT_REQ_ID, "status": status_info("rejection", {refusal.fail_info}, refusal.text)}
                ]
            },
        )
        return Reply(seal(self._header(message, recipient, new_nonce()), body, self.keys.issuing.key, self.keys.chain))

    def _error(self, message: asn1.PKIMessage | None, recipient: x509.Name | None, fail_info: str, text: str) -> Reply:
        body = asn1.PKIBody(
            name="error",
            value={"pki_status_info": status_info("rejection", {fail_info}, text), "error_details": [text]},
        )
        return Reply(seal(self._header(message, recipient, new_nonce()), body, self.keys.issuing.key, self.keys.chain))


def _break_protection(sealed: bytes) -> bytes:
    """The same message with one bit of its signature flipped: the "bad protection" fault."""
    message = asn1.PKIMessage.load(sealed)
    signature = bytearray(message["protection"].native)
    signature[-1] ^= 0x01
    message["protection"] = bytes(signature)
    return bytes(message.dump())
