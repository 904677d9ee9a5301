"""Every sentence an enrollment error shows a person, by the error's stable code, in one table.

Kept apart from the error classes so that a translator works on one file, and so that the wizard can look a
sentence up by code (from a journal entry, say) without the exception object. The technical detail that
IT support needs travels separately, in `EnrollmentError.detail`.
"""

from __future__ import annotations

from types import MappingProxyType

# Whom each sentence names follows advice.py's table (the wizard's and the runbook's advice).
_CARD_OFFICE = "If it happens again, contact your card office (biträdande utgivare)."
_LATER = "The fault is in the issuing service: try again later. If it keeps failing, contact IT support."

TEXTS = MappingProxyType(
    {
        "enroll.failed": f"Fetching the new certificate failed. {_LATER}",
        # configuration
        "config.invalid": "The issuing service is not configured correctly. Contact IT support.",
        "config.insecure_url": (
            "The issuing service's address is not secure (it must start with https://). Contact IT support."
        ),
        # network
        "network.failed": "The connection to the issuing service failed. Check the network and try again.",
        "network.unreachable": (
            "The issuing service could not be reached. Check that the computer is connected to the network "
            "and try again."
        ),
        "network.timeout": "The issuing service did not answer in time. Try again in a few minutes.",
        "network.tls": (
            "The issuing service's identity could not be verified, so the connection was stopped. Contact IT support."
        ),
        "network.http_status": f"The issuing service reported a fault. {_LATER}",
        "network.too_large": f"The issuing service sent an answer that is far too large. {_LATER}",
        "network.content_type": "The issuing service sent an answer of the wrong kind. Contact IT support.",
        # the CMP exchange
        "cmp.failed": f"The answer from the issuing service could not be used. {_LATER}",
        "cmp.malformed": "The answer from the issuing service was damaged or unreadable. Try again.",
        "cmp.unexpected": f"The issuing service answered something other than what was asked. {_LATER}",
        "cmp.transaction": "The answer belonged to another request. Try again.",
        "cmp.nonce": "The answer did not match the request (it may be a replay). Try again.",
        "cmp.protection": (
            "The answer could not be proven to come from the SITHS issuing service, so it was not used. "
            "Contact IT support."
        ),
        "cmp.not_valid_now": (
            "The answer from the issuing service is signed with a certificate that is not valid at this computer's "
            "date and time. The computer's clock is most likely wrong: check its date and time, then run again."
        ),
        "cmp.mac": (
            "The answer from the issuing service could not be checked with your one-time code. Check that the "
            "reference and the code are typed exactly as you were given them, and try again."
        ),
        # the service's own answer
        "service.refused": f"The issuing service refused to issue a new certificate. {_CARD_OFFICE}",
        "service.error": f"The issuing service reported an error. {_LATER}",
        "service.code_refused": (
            "The issuing service did not accept the reference and one-time code. Check that they are typed exactly "
            "as you were given them. A code tried wrongly too many times stops working: then ask the card office "
            "of the organisation that ordered the certificate for a new one."
        ),
        "service.code_used": (
            "This one-time code has already been used to fetch this certificate, and a code works only once. Ask "
            "the card office of the organisation that ordered the certificate for a new one."
        ),
        "service.pending": (
            "The issuing service has not finished preparing the certificate. Try again later; nothing has "
            "been changed on the card."
        ),
        # the certificate that came back
        "certificate.rejected": (
            f"The certificate that came back was not right for this card and was not installed. {_CARD_OFFICE}"
        ),
        "certificate.wrong_public_key": (
            "The certificate that came back is not for the new key on this card, so it was not installed. "
            f"{_CARD_OFFICE}"
        ),
        "certificate.wrong_subject": (
            "The certificate that came back is made out to a different name than your card, so it was not "
            f"installed. {_CARD_OFFICE}"
        ),
        "certificate.wrong_hsa_id": (
            "The certificate that came back carries a different HSA-ID than your card, so it was not "
            f"installed. {_CARD_OFFICE}"
        ),
        "certificate.wrong_key_usage": (
            "The certificate that came back is meant for another use (logging in or signing) than the one "
            f"requested, so it was not installed. {_CARD_OFFICE}"
        ),
        "certificate.is_ca": (
            f"The certificate that came back is a CA certificate, not a personal one. {_CARD_OFFICE}"
        ),
        "certificate.not_valid_now": (
            "The certificate that came back is not valid today, so it was not installed. Check the computer's "
            "date and time. If they are right, contact IT support."
        ),
        "certificate.untrusted_issuer": (
            "The certificate that came back was not issued by a SITHS CA this computer trusts, so it was not "
            "installed. Contact IT support."
        ),
    }
)


def text_for(code: str) -> str:
    """The sentence for `code`; falls back to its family ("certificate.x" → "certificate.rejected")."""
    if code in TEXTS:
        return TEXTS[code]
    family = code.split(".", 1)[0]
    for fallback in (f"{family}.failed", f"{family}.rejected"):
        if fallback in TEXTS:
            return TEXTS[fallback]
    return TEXTS["enroll.failed"]
