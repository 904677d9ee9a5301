"""Reading a response from the issuing service into plain values, or failing with `MalformedMessage`.

The bytes come from the network, so this is the program's attack surface for CMP. asn1crypto decodes lazily
and raises many kinds of exceptions from deep inside; everything a response needs is therefore read here,
eagerly, in one place, and any failure becomes our typed error. Nothing here decides whether to trust the
message: that is `checks.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import algos, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509

from sithsclient.enroll import asn1
from sithsclient.enroll.errors import MalformedMessage
from sithsclient.enroll.message import from_asn1_name, load_certificate, protected_part

CERT_RESPONSE_BODIES = frozenset({"ip", "cp", "kup"})


@dataclass(frozen=True)
class Status:
    """A PKIStatusInfo: the status name, the failure bits by name, and the service's own words."""

    status: str
    fail_info: frozenset[str] = frozenset()
    text: str = ""

    @property
    def granted(self) -> bool:
        return self.status in ("accepted", "granted_with_mods")


@dataclass(frozen=True)
class CertResponse:
    cert_req_id: int
    status: Status
    certificate: x509.Certificate | None


@dataclass(frozen=True)
class PollResponse:
    cert_req_id: int
    check_after: int
    reason: str


@dataclass(frozen=True)
class ErrorContent:
    status: Status
    error_code: int | None
    details: str


@dataclass(frozen=True)
class Response:
    """One received PKIMessage, read. `protected_part` is exactly the signed bytes."""

    body_type: str
    pvno: int
    sender: asn1_x509.Name | None  # asn1crypto's Name compares by X.520 rules, not by bytes
    transaction_id: bytes | None
    sender_nonce: bytes | None
    recip_nonce: bytes | None
    sender_kid: bytes | None
    protection_alg: algos.SignedDigestAlgorithm | None
    protection: bytes | None
    protected_part: bytes
    implicit_confirm: bool
    extra_certs: tuple[x509.Certificate, ...] = ()
    ca_pubs: tuple[x509.Certificate, ...] = ()
    cert_responses: tuple[CertResponse, ...] = ()
    poll_responses: tuple[PollResponse, ...] = ()
    error: ErrorContent | None = None
    free_text: str = ""
    # genp: the info types answered, and the subject of a certReqTemplate answer (RFC 9483 4.3.3)
    general_info_types: tuple[str, ...] = ()
    template_subject: x509.Name | None = None
    revocation: tuple[Status, ...] = ()  # rp: one status per certificate whose revocation was asked
    template_key_usage: frozenset[str] = frozenset()  # the certReqTemplate's Key Usage bits: the purpose
    profiles: tuple[str, ...] = ()  # certProfile names in the header's generalInfo (RFC 9480)


def _optional_bytes(value: core.Asn1Value) -> bytes | None:
    return None if isinstance(value, core.Void) else bytes(value.native)


def _free_text(value: core.Asn1Value) -> str:
    if isinstance(value, core.Void):
        return ""
    return " ".join(str(part) for part in value.native)


def _status(value: asn1.PKIStatusInfo) -> Status:
    status = value["status"].native
    if not isinstance(status, str):
        raise ValueError(f"unknown PKIStatus {status}")
    bits = value["fail_info"]
    fail_info = frozenset() if isinstance(bits, core.Void) else frozenset(str(b) for b in bits.native)
    return Status(status, fail_info, _free_text(value["status_string"]))


def _protection(value: core.Asn1Value) -> bytes | None:
    """The signature or MAC bytes. asn1crypto drops the bits a BIT STRING declares unused, so an altered
    unused-bits octet would leave the same bytes to check: refused, as DER allows none in whole octets."""
    if isinstance(value, core.Void):
        return None
    if value.contents[:1] != b"\x00":
        raise ValueError("the protection is not a whole number of octets")
    return bytes(value.native)


def _directory_name(general_name: asn1_x509.GeneralName) -> asn1_x509.Name | None:
    if general_name.name != "directory_name":
        return None
    name = general_name.chosen.untag()
    _ = name.native  # decode now
    return asn1_x509.Name.load(name.dump())


def _cert_responses(body: asn1.CertRepMessage) -> tuple[tuple[CertResponse, ...], tuple[x509.Certificate, ...]]:
    ca_pubs = body["ca_pubs"]
    pubs = () if isinstance(ca_pubs, core.Void) else tuple(load_certificate(c) for c in ca_pubs)
    responses = []
    for item in body["response"]:
        pair = item["certified_key_pair"]
        certificate = None
        if not isinstance(pair, core.Void):
            choice = pair["cert_or_enc_cert"]
            if choice.name != "certificate":
                raise ValueError("encrypted certificates are not supported")
            certificate = load_certificate(choice.chosen)
        responses.append(CertResponse(int(item["cert_req_id"].native), _status(item["status"]), certificate))
    return tuple(responses), pubs


def _poll_responses(body: asn1.PollRepContent) -> tuple[PollResponse, ...]:
    return tuple(
        PollResponse(int(p["cert_req_id"].native), int(p["check_after"].native), _free_text(p["reason"])) for p in body
    )


def _error(body: asn1.ErrorMsgContent) -> ErrorContent:
    code = body["error_code"]
    return ErrorContent(
        _status(body["pki_status_info"]),
        None if isinstance(code, core.Void) else int(code.native),
        _free_text(body["error_details"]),
    )


def _general(body: asn1.GenMsgContent) -> tuple[tuple[str, ...], x509.Name | None, frozenset[str]]:
    """A genp's info types, and the subject and Key Usage of its certReqTemplate if it has them."""
    kinds: list[str] = []
    subject = None
    key_usage: frozenset[str] = frozenset()
    for info in body:
        kind = info["info_type"].native
        kinds.append(str(kind))
        value = info["info_value"]
        if kind == "cert_req_template" and not isinstance(value, core.Void):
            template = asn1.CertReqTemplateContent.load(value.dump(), strict=True)["cert_template"]
            if not isinstance(template["subject"], core.Void):
                subject = from_asn1_name(template["subject"].untag())
            extensions = template["extensions"]
            for extension in [] if isinstance(extensions, core.Void) else extensions:
                if extension["extn_id"].native == "key_usage":
                    key_usage = frozenset(str(bit) for bit in extension["extn_value"].parsed.native)
    return tuple(kinds), subject, key_usage


def _profiles(general_info: core.Asn1Value) -> tuple[str, ...]:
    if isinstance(general_info, core.Void):
        return ()
    names: list[str] = []
    for info in general_info:
        if info["info_type"].native == "cert_profile" and not isinstance(info["info_value"], core.Void):
            names.extend(str(n) for n in asn1.CertProfileValue.load(info["info_value"].dump(), strict=True).native)
    return tuple(names)


def _read(data: bytes) -> Response:
    message = asn1.PKIMessage.load(data, strict=True)
    head = message["header"]
    body = message["body"]
    general_info = head["general_info"]
    implicit = not isinstance(general_info, core.Void) and any(
        info["info_type"].native == "implicit_confirm" for info in general_info
    )
    extra = message["extra_certs"]
    protection = message["protection"]
    protection_alg = head["protection_alg"]
    if not isinstance(protection_alg, core.Void):
        _ = protection_alg["algorithm"].dotted  # decode now
    kind = body.name
    cert_responses: tuple[CertResponse, ...] = ()
    ca_pubs: tuple[x509.Certificate, ...] = ()
    poll: tuple[PollResponse, ...] = ()
    error = None
    general_info_types: tuple[str, ...] = ()
    template_subject = None
    revocation: tuple[Status, ...] = ()
    template_key_usage: frozenset[str] = frozenset()
    if kind in CERT_RESPONSE_BODIES:
        cert_responses, ca_pubs = _cert_responses(body.chosen)
    elif kind == "poll_rep":
        poll = _poll_responses(body.chosen)
    elif kind == "error":
        error = _error(body.chosen)
    elif kind == "pkiconf":
        _ = body.chosen.native
    elif kind == "genp":
        general_info_types, template_subject, template_key_usage = _general(body.chosen)
    elif kind == "rp":
        revocation = tuple(_status(status) for status in body.chosen["status"])
    return Response(
        body_type=kind,
        pvno=int(head["pvno"].native),
        sender=_directory_name(head["sender"]),
        transaction_id=_optional_bytes(head["transaction_id"]),
        sender_nonce=_optional_bytes(head["sender_nonce"]),
        recip_nonce=_optional_bytes(head["recip_nonce"]),
        sender_kid=_optional_bytes(head["sender_kid"]),
        protection_alg=None if isinstance(protection_alg, core.Void) else protection_alg,
        protection=_protection(protection),
        protected_part=protected_part(head, body),
        implicit_confirm=implicit,
        extra_certs=() if isinstance(extra, core.Void) else tuple(load_certificate(c) for c in extra),
        ca_pubs=ca_pubs,
        cert_responses=cert_responses,
        poll_responses=poll,
        error=error,
        free_text=_free_text(head["free_text"]),
        general_info_types=general_info_types,
        template_subject=template_subject,
        revocation=revocation,
        template_key_usage=template_key_usage,
        profiles=_profiles(general_info),
    )


def parse_response(data: bytes) -> Response:
    """The response read, or MalformedMessage: this function raises nothing else for any input."""
    try:
        return _read(data)
    except MalformedMessage:
        raise
    except Exception as exc:  # asn1crypto and cryptography raise ValueError, TypeError, KeyError, ... on bad input
        raise MalformedMessage(f"{type(exc).__name__}: {exc}"[:300]) from exc
