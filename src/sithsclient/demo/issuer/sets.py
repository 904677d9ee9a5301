"""Which set of certificates the practice service issues to a card, and how it says so (pki/card_set.py).

A card's genm for id-it-certReqTemplate (RFC 9483 4.3.3), signed by its authentication certificate, is answered
with a genp whose header's generalInfo names the set's profiles (id-it-certProfile, RFC 9480); a genm naming one
profile there gets that profile's template: the subject it will be issued in (the HSA-id, or the practice
personnummer) and its Key Usage. A kur naming a profile is issued in that profile. With no set (`None`) the
service cannot say, like one that predates the question: the client then falls back to its configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from asn1crypto import core
from cryptography import x509
from cryptography.x509.oid import NameOID

from sithsclient.demo.hierarchy import CA
from sithsclient.demo.issuer.faults import FaultSetting
from sithsclient.demo.issuer.keys import IssuerKeys
from sithsclient.demo.issuer.replies import Reply
from sithsclient.demo.issuer.verification import (
    Refusal,
    Request,
    Transaction,
    check_pop,
    requested_purpose,
    same_name,
    template_key,
)
from sithsclient.enroll import asn1
from sithsclient.enroll.build import REQUESTED_KEY_USAGE
from sithsclient.enroll.message import header, new_nonce, seal, subject_key_id, to_asn1_name
from sithsclient.pki.card_set import SETS, CertificateSpec, Identity, named_set
from sithsclient.pki.inventory import generation_of
from sithsclient.pki.model import Generation


class _Service(Protocol):
    """What a cr uses of the service (service.py): the start and the first answer every request shares."""

    def _new_transaction(self, request: Request, fault: FaultSetting) -> Reply | asn1.CertReqMsg: ...
    def _begin(self, request: Request, tx: Transaction, fault: FaultSetting) -> Reply: ...


# A made-up personnummer for the practice holder (with a right check digit; no one in particular is meant).
PRACTICE_PERSONNUMMER = "194001019803"


@dataclass
class SetChoice:
    """The set the service issues now (a name of SETS; None: it cannot say), and who issues personnummer ones."""

    name: str | None = "two"
    personnummer_ca: CA | None = None
    personnummer_chain: tuple[x509.Certificate, ...] = ()

    def spec(self, profile: str | None) -> CertificateSpec | None:
        if profile is None or self.name is None:
            return None
        return named_set(self.name).of(profile)


def profile_asked(message: asn1.PKIMessage) -> str | None:
    """The certProfile in a request's generalInfo (the first, since the lightweight profile asks one)."""
    general_info = message["header"]["general_info"]
    if isinstance(general_info, core.Void):
        return None
    for info in general_info:
        if info["info_type"].native == "cert_profile" and not isinstance(info["info_value"], core.Void):
            names = asn1.CertProfileValue.load(info["info_value"].dump(), strict=True).native
            return str(names[0]) if names else None
    return None


def subject_in(spec: CertificateSpec, subject: x509.Name) -> x509.Name:
    """The subject a profile's certificate gets: a personnummer one carries the personnummer as serialNumber."""
    if spec.identity is not Identity.PERSONNUMMER:
        return subject
    return x509.Name(
        [
            x509.NameAttribute(a.oid, PRACTICE_PERSONNUMMER if a.oid == NameOID.SERIAL_NUMBER else str(a.value))
            for a in subject
        ]
    )


def certification(service: _Service, request: Request, fault: FaultSetting) -> Reply:
    """A cr (RFC 9483 4.1.2): a certificate the card lacks, asked with its current authentication certificate, in
    that certificate's name and of the Key Usage asked for; nothing is replaced. A legacy certificate may not ask:
    its card is upgraded first."""
    signer = request.signer
    if signer is None or generation_of(signer)[0] is not Generation.CURRENT:
        raise Refusal("not_authorized", "A further certificate is asked with the card's current certificate.")
    started = service._new_transaction(request, fault)
    if isinstance(started, Reply):
        return started
    template_ = started["cert_req"]["cert_template"]
    subject = template_["subject"]
    if isinstance(subject, core.Void) or not same_name(subject.untag(), signer.subject):
        raise Refusal("bad_cert_template", "It is issued in the name of the one asking.", in_kup=True)
    public_key = template_key(template_)
    check_pop(started, public_key)
    purpose = requested_purpose(template_)
    tx = Transaction(
        request.transaction_id, signer, None, signer.subject, public_key, purpose, request.implicit_confirm, answer="cp"
    )
    return service._begin(request, tx, fault)


def template(request: Request, choice: SetChoice, keys: IssuerKeys) -> Reply:
    """The answer to a card's genm for certReqTemplate, signed by the CA like the answers of a key update."""
    signer = request.signer
    assert signer is not None
    if choice.name is None:
        raise Refusal("bad_request", "This service answers a general message for an order's template only.")
    profiles = SETS[choice.name]
    asked = profile_asked(request.message)
    if asked is not None and asked not in profiles:
        raise Refusal("bad_cert_template", f"This service does not issue the profile {asked}.")
    spec = named_set(choice.name).of(asked or profiles[0])
    assert spec is not None
    content = asn1.CertReqTemplateContent(
        {
            "cert_template": {
                "subject": to_asn1_name(subject_in(spec, signer.subject)),
                "extensions": [
                    {"extn_id": "key_usage", "critical": True, "extn_value": REQUESTED_KEY_USAGE[spec.purpose]}
                ],
            }
        }
    )
    body = asn1.PKIBody(name="genp", value=[{"info_type": "cert_req_template", "info_value": content}])
    head = request.message["header"]
    pki_header = header(
        sender=keys.issuing.cert.subject,
        recipient=signer.subject,
        transaction_id=request.transaction_id,
        sender_nonce=new_nonce(),
        recip_nonce=head["sender_nonce"].native,
        sender_kid=subject_key_id(keys.issuing.cert),
        profiles=profiles if asked is None else (asked,),
    )
    return Reply(seal(pki_header, body, keys.issuing.key, keys.chain))
