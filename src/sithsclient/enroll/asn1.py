# asn1crypto ships no type information, so its base classes are Any to mypy; subclassing them is the point here.
# mypy: disallow-subclassing-any=False
"""The CMP (RFC 4210, RFC 9480) and CRMF (RFC 4211) structures that a key update needs, on asn1crypto.

asn1crypto brings X.509, algorithm identifiers and public keys; this module adds only the message envelope and
the request/response bodies. The CMP module uses EXPLICIT tags, the CRMF module IMPLICIT ones, except where the
tagged type is a CHOICE (a Name, a GeneralName, a Time), which can only be tagged explicitly.
Bodies this client never handles are kept as `Any`, so that a message carrying one still parses and can be
reported as "unexpected" rather than as garbage.
"""

from __future__ import annotations

from asn1crypto import algos, core, crl, keys, x509

# --- CRMF (RFC 4211) ----------------------------------------------------------------------------------------


class OptionalValidity(core.Sequence):
    _fields = [
        ("not_before", x509.Time, {"explicit": 0, "optional": True}),
        ("not_after", x509.Time, {"explicit": 1, "optional": True}),
    ]


class CertTemplate(core.Sequence):
    _fields = [
        ("version", x509.Version, {"implicit": 0, "optional": True}),
        ("serial_number", core.Integer, {"implicit": 1, "optional": True}),
        ("signing_alg", algos.SignedDigestAlgorithm, {"implicit": 2, "optional": True}),
        ("issuer", x509.Name, {"explicit": 3, "optional": True}),
        ("validity", OptionalValidity, {"implicit": 4, "optional": True}),
        ("subject", x509.Name, {"explicit": 5, "optional": True}),
        ("public_key", keys.PublicKeyInfo, {"implicit": 6, "optional": True}),
        ("issuer_uid", core.BitString, {"implicit": 7, "optional": True}),
        ("subject_uid", core.BitString, {"implicit": 8, "optional": True}),
        ("extensions", x509.Extensions, {"implicit": 9, "optional": True}),
    ]


class CertId(core.Sequence):
    """Names the certificate being replaced (the oldCertID control)."""

    _fields = [
        ("issuer", x509.GeneralName),
        ("serial_number", core.Integer),
    ]


class ControlType(core.ObjectIdentifier):
    _map = {
        "1.3.6.1.5.5.7.5.1.5": "old_cert_id",
    }


class Control(core.Sequence):
    _fields = [
        ("type", ControlType),
        ("value", core.Any),
    ]
    _oid_pair = ("type", "value")
    _oid_specs = {"old_cert_id": CertId}


class Controls(core.SequenceOf):
    _child_spec = Control


class CertReqTemplateContent(core.Sequence):
    """RFC 9483 4.3.3 (id-it-certReqTemplate): the certificate request the service wants; the card office's order
    names its subject here. keySpec (the key types it accepts) is read past, as the organisation profile says that."""

    _fields = [
        ("cert_template", CertTemplate),
        ("key_spec", core.Any, {"optional": True}),
    ]


class CertRequest(core.Sequence):
    _fields = [
        ("cert_req_id", core.Integer),
        ("cert_template", CertTemplate),
        ("controls", Controls, {"optional": True}),
    ]


class POPOSigningKeyInput(core.Sequence):
    _fields = [
        ("auth_info", core.Any),
        ("public_key", keys.PublicKeyInfo),
    ]


class POPOSigningKey(core.Sequence):
    _fields = [
        # Only needed when the template lacks subject or public key; this profile always sends both.
        ("poposk_input", POPOSigningKeyInput, {"implicit": 0, "optional": True}),
        ("algorithm_identifier", algos.SignedDigestAlgorithm),
        ("signature", core.OctetBitString),
    ]


class ProofOfPossession(core.Choice):
    _alternatives = [
        ("ra_verified", core.Null, {"implicit": 0}),
        ("signature", POPOSigningKey, {"implicit": 1}),
        ("key_encipherment", core.Any, {"explicit": 2}),
        ("key_agreement", core.Any, {"explicit": 3}),
    ]


class CertReqMsg(core.Sequence):
    _fields = [
        ("cert_req", CertRequest),
        ("popo", ProofOfPossession, {"optional": True}),
        ("reg_info", core.Any, {"optional": True}),
    ]


class CertReqMessages(core.SequenceOf):
    _child_spec = CertReqMsg


# --- CMP (RFC 4210, RFC 9480) -------------------------------------------------------------------------------


class PKIFreeText(core.SequenceOf):
    _child_spec = core.UTF8String


class PKIStatus(core.Integer):
    _map = {
        0: "accepted",
        1: "granted_with_mods",
        2: "rejection",
        3: "waiting",
        4: "revocation_warning",
        5: "revocation_notification",
        6: "key_update_warning",
    }


class PKIFailureInfo(core.BitString):
    _map = {
        0: "bad_alg",
        1: "bad_message_check",
        2: "bad_request",
        3: "bad_time",
        4: "bad_cert_id",
        5: "bad_data_format",
        6: "wrong_authority",
        7: "incorrect_data",
        8: "missing_time_stamp",
        9: "bad_pop",
        10: "cert_revoked",
        11: "cert_confirmed",
        12: "wrong_integrity",
        13: "bad_recipient_nonce",
        14: "time_not_available",
        15: "unaccepted_policy",
        16: "unaccepted_extension",
        17: "add_info_not_available",
        18: "bad_sender_nonce",
        19: "bad_cert_template",
        20: "signer_not_trusted",
        21: "transaction_id_in_use",
        22: "unsupported_version",
        23: "not_authorized",
        24: "system_unavail",
        25: "system_failure",
        26: "duplicate_cert_req",
    }


class PKIStatusInfo(core.Sequence):
    _fields = [
        ("status", PKIStatus),
        ("status_string", PKIFreeText, {"optional": True}),
        ("fail_info", PKIFailureInfo, {"optional": True}),
    ]


class InfoType(core.ObjectIdentifier):
    _map = {
        "1.3.6.1.5.5.7.4.13": "implicit_confirm",
        "1.3.6.1.5.5.7.4.19": "cert_req_template",
        "1.3.6.1.5.5.7.4.21": "cert_profile",
    }


class CertProfileValue(core.SequenceOf):
    """RFC 9480 id-it-certProfile: in a header's generalInfo, the certificate profile(s) a message is about."""

    _child_spec = core.UTF8String


class InfoTypeAndValue(core.Sequence):
    _fields = [
        ("info_type", InfoType),
        ("info_value", core.Any, {"optional": True}),
    ]


class GeneralInfo(core.SequenceOf):
    _child_spec = InfoTypeAndValue


class GenMsgContent(core.SequenceOf):
    """genm and genp (RFC 4210 5.3.19, 5.3.20): what is asked, and what is answered."""

    _child_spec = InfoTypeAndValue


class PKIHeader(core.Sequence):
    _fields = [
        ("pvno", core.Integer),
        ("sender", x509.GeneralName),
        ("recipient", x509.GeneralName),
        ("message_time", core.GeneralizedTime, {"explicit": 0, "optional": True}),
        ("protection_alg", algos.SignedDigestAlgorithm, {"explicit": 1, "optional": True}),
        ("sender_kid", core.OctetString, {"explicit": 2, "optional": True}),
        ("recip_kid", core.OctetString, {"explicit": 3, "optional": True}),
        ("transaction_id", core.OctetString, {"explicit": 4, "optional": True}),
        ("sender_nonce", core.OctetString, {"explicit": 5, "optional": True}),
        ("recip_nonce", core.OctetString, {"explicit": 6, "optional": True}),
        ("free_text", PKIFreeText, {"explicit": 7, "optional": True}),
        ("general_info", GeneralInfo, {"explicit": 8, "optional": True}),
    ]


class CMPCertificates(core.SequenceOf):
    _child_spec = x509.Certificate


class CertOrEncCert(core.Choice):
    _alternatives = [
        ("certificate", x509.Certificate, {"explicit": 0}),
        ("encrypted_cert", core.Any, {"explicit": 1}),
    ]


class CertifiedKeyPair(core.Sequence):
    _fields = [
        ("cert_or_enc_cert", CertOrEncCert),
        ("private_key", core.Any, {"explicit": 0, "optional": True}),
        ("publication_info", core.Any, {"explicit": 1, "optional": True}),
    ]


class CertResponse(core.Sequence):
    _fields = [
        ("cert_req_id", core.Integer),
        ("status", PKIStatusInfo),
        ("certified_key_pair", CertifiedKeyPair, {"optional": True}),
        ("rsp_info", core.OctetString, {"optional": True}),
    ]


class CertResponses(core.SequenceOf):
    _child_spec = CertResponse


class CertRepMessage(core.Sequence):
    _fields = [
        ("ca_pubs", CMPCertificates, {"explicit": 1, "optional": True}),
        ("response", CertResponses),
    ]


class CertStatus(core.Sequence):
    _fields = [
        ("cert_hash", core.OctetString),
        ("cert_req_id", core.Integer),
        ("status_info", PKIStatusInfo, {"optional": True}),
        ("hash_alg", algos.DigestAlgorithm, {"explicit": 0, "optional": True}),
    ]


class CertConfirmContent(core.SequenceOf):
    _child_spec = CertStatus


class PollReq(core.Sequence):
    _fields = [("cert_req_id", core.Integer)]


class PollReqContent(core.SequenceOf):
    _child_spec = PollReq


class PollRep(core.Sequence):
    _fields = [
        ("cert_req_id", core.Integer),
        ("check_after", core.Integer),
        ("reason", PKIFreeText, {"optional": True}),
    ]


class PollRepContent(core.SequenceOf):
    _child_spec = PollRep


class ErrorMsgContent(core.Sequence):
    _fields = [
        ("pki_status_info", PKIStatusInfo),
        ("error_code", core.Integer, {"optional": True}),
        ("error_details", PKIFreeText, {"optional": True}),
    ]


class RevDetails(core.Sequence):
    """One certificate whose revocation is asked (RFC 9483 4.2: issuer and serialNumber, and a reasonCode)."""

    _fields = [
        ("cert_details", CertTemplate),
        ("crl_entry_details", crl.CRLEntryExtensions, {"optional": True}),
    ]


class RevReqContent(core.SequenceOf):
    _child_spec = RevDetails


class PKIStatusInfos(core.SequenceOf):
    _child_spec = PKIStatusInfo


class CertIds(core.SequenceOf):
    _child_spec = CertId


class RevRepContent(core.Sequence):
    _fields = [
        ("status", PKIStatusInfos),
        ("rev_certs", CertIds, {"explicit": 0, "optional": True}),
        ("crls", core.Any, {"explicit": 1, "optional": True}),
    ]


class PKIBody(core.Choice):
    _alternatives = [
        ("ir", CertReqMessages, {"explicit": 0}),
        ("ip", CertRepMessage, {"explicit": 1}),
        ("cr", CertReqMessages, {"explicit": 2}),
        ("cp", CertRepMessage, {"explicit": 3}),
        ("p10cr", core.Any, {"explicit": 4}),
        ("popdecc", core.Any, {"explicit": 5}),
        ("popdecr", core.Any, {"explicit": 6}),
        ("kur", CertReqMessages, {"explicit": 7}),
        ("kup", CertRepMessage, {"explicit": 8}),
        ("krr", core.Any, {"explicit": 9}),
        ("krp", core.Any, {"explicit": 10}),
        ("rr", RevReqContent, {"explicit": 11}),
        ("rp", RevRepContent, {"explicit": 12}),
        ("ccr", core.Any, {"explicit": 13}),
        ("ccp", core.Any, {"explicit": 14}),
        ("ckuann", core.Any, {"explicit": 15}),
        ("cann", core.Any, {"explicit": 16}),
        ("rann", core.Any, {"explicit": 17}),
        ("crlann", core.Any, {"explicit": 18}),
        ("pkiconf", core.Null, {"explicit": 19}),
        ("nested", core.Any, {"explicit": 20}),
        ("genm", GenMsgContent, {"explicit": 21}),
        ("genp", GenMsgContent, {"explicit": 22}),
        ("error", ErrorMsgContent, {"explicit": 23}),
        ("cert_conf", CertConfirmContent, {"explicit": 24}),
        ("poll_req", PollReqContent, {"explicit": 25}),
        ("poll_rep", PollRepContent, {"explicit": 26}),
    ]


class PKIMessage(core.Sequence):
    _fields = [
        ("header", PKIHeader),
        ("body", PKIBody),
        ("protection", core.OctetBitString, {"explicit": 0, "optional": True}),
        ("extra_certs", CMPCertificates, {"explicit": 1, "optional": True}),
    ]


class ProtectedPart(core.Sequence):
    """What the protection signature covers."""

    _fields = [
        ("header", PKIHeader),
        ("body", PKIBody),
    ]


PVNO_CMP2000 = 2
PVNO_CMP2021 = 3  # RFC 9480: only needed for features this client does not use


# --- MAC-based protection (RFC 4210 5.1.3.1) ------------------------------------------------------------------


class PBMParameter(core.Sequence):
    """The parameters of PasswordBasedMac (1.2.840.113533.7.66.13); PBMAC1's are asn1crypto's Pbmac1Params."""

    _fields = [
        ("salt", core.OctetString),
        ("owf", algos.DigestAlgorithm),
        ("iteration_count", core.Integer),
        ("mac", algos.AlgorithmIdentifier),
    ]
