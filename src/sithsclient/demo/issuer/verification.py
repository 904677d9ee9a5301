"""What the practice issuing service checks of a request before it acts on it: the message's protection (a
certificate's signature, or the MAC of an order's one-time code), and the certificate request inside (the
certificate replaced, the new key, the proof of possession, the purpose asked for). Each failed check is a
`Refusal`, which the service answers in CMP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from asn1crypto import core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from sithsclient.demo.hierarchy import CA
from sithsclient.demo.issuer.keys import IssuerKeys
from sithsclient.demo.issuer.orders import Order, OrderBook
from sithsclient.enroll import asn1
from sithsclient.enroll.mac import PBMAC1, InvalidMac, MacKind, UnsupportedMac, is_mac_algorithm
from sithsclient.enroll.mac import verify as verify_mac
from sithsclient.enroll.message import load_certificate, protected_part, subject_key_id
from sithsclient.enroll.protection import InvalidSignature, UnsupportedSignature, verify
from sithsclient.pki.chain import build_path, may_sign, valid_at
from sithsclient.pki.model import Purpose

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


class Refusal(Exception):
    """A request refused: as a kup with status rejection (`in_kup`) or as an error message."""

    def __init__(self, fail_info: str, text: str, *, in_kup: bool = False) -> None:
        super().__init__(text)
        self.fail_info = fail_info
        self.text = text
        self.in_kup = in_kup


@dataclass(frozen=True)
class Code:
    """The one-time code a MAC-protected message was checked with, and how; the code stays out of repr()."""

    reference: str
    secret: bytes = field(repr=False)
    kind: MacKind


@dataclass
class Request:
    """A received message, its protection verified: by `signer`'s signature, or by a MAC with an order's `code`."""

    message: asn1.PKIMessage
    transaction_id: bytes
    sender_nonce: bytes
    signer: x509.Certificate | None
    extra_certs: tuple[x509.Certificate, ...]
    implicit_confirm: bool
    code: Code | None = None
    order: Order | None = None

    @property
    def sender(self) -> x509.Name | None:
        """Whom a refusal goes to: the signer, or the person the order names; else no one (the NULL-DN)."""
        if self.signer is not None:
            return self.signer.subject
        return self.order.subject if self.order is not None else None


@dataclass
class Transaction:
    transaction_id: bytes
    signer: x509.Certificate | None
    replaces: x509.Certificate | None  # None for an initial request
    subject: x509.Name
    public_key: PublicKey
    purpose: Purpose
    implicit_confirm: bool
    code: Code | None = None  # the transaction's answers carry a MAC with this code
    answer: str = "kup"  # the body that carries the certificate: kup for a kur, ip for an ir
    polls_left: int = 0
    check_after: int = 0
    certificate: x509.Certificate | None = None
    extra_certs: tuple[x509.Certificate, ...] = ()
    issuing: CA | None = None  # the CA of the profile asked for (issuer/sets.py); None: the service's own
    settled: bool = False
    sent_nonces: list[bytes] = field(default_factory=list)


def certificates(value: core.Asn1Value) -> tuple[x509.Certificate, ...]:
    if isinstance(value, core.Void):
        return ()
    try:
        return tuple(load_certificate(item) for item in value)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise Refusal("bad_data_format", f"A certificate in extraCerts cannot be read: {exc}"[:200]) from None


def signed_part(message: asn1.PKIMessage) -> bytes:
    """What the request's protection covers. asn1crypto encodes again a value it decoded but cannot hold, such as
    an object identifier with an empty arc, and fails doing so: that is a request that cannot be read."""
    try:
        return protected_part(message["header"], message["body"])
    except ValueError as exc:
        raise Refusal("bad_data_format", f"The request cannot be read: {exc}"[:200]) from None


def _octets(value: core.OctetBitString, what: str) -> bytes:
    """A signature's or MAC's bytes. asn1crypto drops the bits a BIT STRING declares unused, so a value whose
    unused-bits octet was altered would still verify: refused, as DER allows none in a whole number of octets."""
    if value.contents[:1] != b"\x00":
        raise Refusal("bad_message_check", f"{what} of the request is not a whole number of octets.")
    return bytes(value.native)


def same_name(a: asn1_x509.Name, b: x509.Name) -> bool:
    try:
        return bool(a == asn1_x509.Name.load(b.public_bytes()))
    except ValueError:  # X.520 comparison prepares the strings and refuses e.g. unassigned code points
        return False


def _implicit_confirm(head: asn1.PKIHeader) -> bool:
    general_info = head["general_info"]
    return not isinstance(general_info, core.Void) and any(
        i["info_type"].native == "implicit_confirm" for i in general_info
    )


# --- the message's protection ------------------------------------------------------------------------------


def verified(
    message: asn1.PKIMessage, keys: IssuerKeys, orders: OrderBook | None, ongoing: Mapping[bytes, Transaction]
) -> Request:
    """The request, its protection verified. `ongoing`: the service's transactions, whose codes a MAC-protected
    later message of a transaction is checked with."""
    head = message["header"]
    protection = message["protection"]
    algorithm = head["protection_alg"]
    if isinstance(protection, core.Void) or isinstance(algorithm, core.Void):
        raise Refusal("bad_message_check", "The request is not protected by a signature.")
    if is_mac_algorithm(algorithm):
        return _verified_by_code(message, orders, ongoing)
    extra = certificates(message["extra_certs"])
    kid = head["sender_kid"].native
    named = [c for c in extra if kid is None or subject_key_id(c) == kid]
    if not named:
        raise Refusal("bad_message_check", "extraCerts lacks the certificate that protects the request.")
    signer = named[0]
    try:
        verify(signer.public_key(), algorithm, signed_part(message), _octets(protection, "The protection"))
    except (InvalidSignature, UnsupportedSignature):
        raise Refusal("bad_message_check", "The request's protection signature does not verify.") from None
    now = dt.datetime.now(dt.UTC)
    if not valid_at(signer, now):
        raise Refusal("signer_not_trusted", "The certificate protecting the request is not valid now.")
    if build_path(signer, keys.trust_anchors, (*extra, *keys.intermediates), at=now) is None:
        raise Refusal("signer_not_trusted", "The certificate protecting the request is not from a trusted CA.")
    if not may_sign(signer) and message["body"].name != "rr":  # an rr is signed by the certificate it revokes
        raise Refusal("not_authorized", "The certificate protecting the request may not sign.")
    return Request(
        message, head["transaction_id"].native, head["sender_nonce"].native, signer, extra, _implicit_confirm(head)
    )


def _verified_by_code(
    message: asn1.PKIMessage, orders: OrderBook | None, ongoing: Mapping[bytes, Transaction]
) -> Request:
    """A MAC-protected message: the code is the one-time code of the order its senderKID names, or, later in a
    transaction, the code that transaction was begun with (the order's copy is erased once it is used up)."""
    head = message["header"]
    kid = head["sender_kid"].native
    if not isinstance(kid, bytes):
        raise Refusal("bad_message_check", "A MAC-protected request must name its order (senderKID).")
    reference = kid.decode("utf-8", "replace")
    algorithm = head["protection_alg"]
    kind = MacKind.PBMAC1 if algorithm["algorithm"].dotted == PBMAC1 else MacKind.PASSWORD_BASED_MAC
    order: Order | None = None
    begun = ongoing.get(head["transaction_id"].native)
    if begun is not None and begun.code is not None and begun.code.reference == reference:
        code = Code(reference, begun.code.secret, kind)
    else:
        order = orders.get(reference) if orders is not None else None
        if order is None:
            raise Refusal("bad_message_check", "No order has this reference.")
        if order.blocked:
            raise Refusal(
                "bad_message_check",
                "This order is blocked after too many wrong one-time codes; the card office must make a new one.",
            )
        if order.secret is None:
            raise Refusal("duplicate_cert_req", "This order has been used; its one-time code works only once.")
        code = Code(reference, order.secret.encode("utf-8"), kind)
    try:
        verify_mac(algorithm, signed_part(message), _octets(message["protection"], "The MAC"), code.secret)
    except UnsupportedMac as exc:
        raise Refusal("bad_alg", f"The request's MAC is not accepted: {exc}") from None
    except InvalidMac:
        if order is not None and orders is not None:
            orders.failed(reference)
        raise Refusal("bad_message_check", "The request's MAC does not verify: the one-time code is wrong.") from None
    return Request(
        message,
        head["transaction_id"].native,
        head["sender_nonce"].native,
        None,
        certificates(message["extra_certs"]),
        _implicit_confirm(head),
        code,
        order,
    )


# --- the certificate request -------------------------------------------------------------------------------


def replaced(request: Request, cert_request: asn1.CertRequest, keys: IssuerKeys) -> x509.Certificate:
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
            and same_name(issuer.chosen, candidate.issuer)
        ):
            break
    else:
        raise Refusal("bad_cert_id", "The certificate to be replaced (oldCertID) is not in the request.", in_kup=True)
    if candidate.subject != request.signer.subject:
        raise Refusal("not_authorized", "The certificate to be replaced belongs to someone else.", in_kup=True)
    now = dt.datetime.now(dt.UTC)
    known = (*request.extra_certs, *keys.intermediates)
    if not valid_at(candidate, now) or build_path(candidate, keys.trust_anchors, known, at=now) is None:
        raise Refusal("bad_cert_id", "The certificate to be replaced is not valid or not trusted.", in_kup=True)
    return candidate


def requested_key(cert_request: asn1.CertRequest, replaces: x509.Certificate) -> PublicKey:
    template = cert_request["cert_template"]
    subject = template["subject"]
    if not isinstance(subject, core.Void) and not same_name(subject.untag(), replaces.subject):
        raise Refusal("bad_cert_template", "A key update keeps the subject of the old certificate.", in_kup=True)
    key = template_key(template)
    if key == replaces.public_key():
        raise Refusal("bad_cert_template", "A key update needs a new key, not the old one.", in_kup=True)
    return key


def template_key(template: asn1.CertTemplate) -> PublicKey:
    if isinstance(template["public_key"], core.Void):
        raise Refusal("bad_cert_template", "The request names no public key.", in_kup=True)
    try:
        key = serialization.load_der_public_key(template["public_key"].untag().dump())
    except (ValueError, TypeError):
        raise Refusal("bad_alg", "The public key cannot be read.", in_kup=True) from None
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise Refusal("bad_alg", "Only RSA and EC keys are issued.", in_kup=True)
    return key


def check_pop(request: asn1.CertReqMsg, key: PublicKey) -> None:
    popo = request["popo"]
    if isinstance(popo, core.Void) or popo.name != "signature":
        raise Refusal("bad_pop", "Proof of possession by signature is required.", in_kup=True)
    signed = popo.chosen
    if not isinstance(signed["poposk_input"], core.Void):
        raise Refusal("bad_pop", "poposkInput is not supported; put subject and key in the template.", in_kup=True)
    try:
        verify(key, signed["algorithm_identifier"], request["cert_req"].dump(), signed["signature"].native)
    except (InvalidSignature, UnsupportedSignature):
        raise Refusal("bad_pop", "The proof of possession does not verify.", in_kup=True) from None


def requested_purpose(template: asn1.CertTemplate) -> Purpose:
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
    raise Refusal("bad_cert_template", "The requested Key Usage is neither authentication nor signature.", in_kup=True)
