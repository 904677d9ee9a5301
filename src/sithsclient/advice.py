"""Whom to turn to, and whether running again is safe, for every stable code: one table for the wizard's failure
page, the command line, `diagnose` and the IT-support runbook (docs/runbook-*.md), so that they never disagree.

The seed's FAQ sends card and certificate matters to the local card office (biträdande utgivare), the computer and
the network to IT support, and PIN codes to the code envelope. A fault of the issuing service itself is for
neither to fix on the spot: try again later. A cancel is nobody's fault: nothing needs to be done.

Qt-free: the views turn a `Helper` into words in their language (texts.py), with the organisation's own
contact details from the configuration (`contacts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sithsclient.config import Config


class Helper(StrEnum):
    NOTHING = "nothing"  # the person's own choice; the card works as before
    USER = "user"  # the person at the card puts it right: the card back in, their own card, one reader
    PIN_ENVELOPE = "pin_envelope"  # the code envelope, or a PUK ordered from the card office
    TRY_LATER = "try_later"  # the issuing service has a fault of its own; if it lasts, IT support
    NETWORK = "network"  # the network connection; if it lasts, IT support
    IT_SUPPORT = "it_support"  # the computer: card software, settings, trust, the program itself
    CARD_OFFICE = "card_office"  # the card and its certificates: the local card office
    ORDERING_OFFICE = "ordering_office"  # an extra pair: the card office of the organisation that ordered it


class Again(StrEnum):
    SAFE = "safe"  # running again is safe at once: it goes on where it stopped
    AFTER_FIX = "after_fix"  # safe once the cause is put right (a reader connected, the network back)
    ASK_FIRST = "ask_first"  # not before the helper has looked: the same thing would happen again


@dataclass(frozen=True)
class Advice:
    helper: Helper
    again: Again


_A = Advice
ADVICE: dict[str, Advice] = {
    "cancelled": _A(Helper.NOTHING, Again.SAFE),
    "terms.not_accepted": _A(Helper.NOTHING, Again.SAFE),
    "pin.final_try": _A(Helper.PIN_ENVELOPE, Again.SAFE),
    "pin.incorrect": _A(Helper.PIN_ENVELOPE, Again.SAFE),
    "pin.format": _A(Helper.PIN_ENVELOPE, Again.SAFE),
    "pin.blocked": _A(Helper.PIN_ENVELOPE, Again.SAFE),
    "puk.incorrect": _A(Helper.PIN_ENVELOPE, Again.SAFE),
    "card.no_card": _A(Helper.USER, Again.SAFE),
    "card.removed": _A(Helper.USER, Again.SAFE),
    "card.wrong_card": _A(Helper.USER, Again.SAFE),
    "card.several": _A(Helper.USER, Again.SAFE),
    "card.busy": _A(Helper.USER, Again.AFTER_FIX),  # another run of this card: let it finish
    "card.no_reader": _A(Helper.IT_SUPPORT, Again.AFTER_FIX),
    "card.no_module": _A(Helper.IT_SUPPORT, Again.AFTER_FIX),
    "card.not_supported": _A(Helper.IT_SUPPORT, Again.ASK_FIRST),
    "card.operation_failed": _A(Helper.IT_SUPPORT, Again.SAFE),
    "card.error": _A(Helper.IT_SUPPORT, Again.SAFE),
    "card.not_upgradable": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "card.changed": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "card.full": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),  # no room for new keys: the same would happen again
    "engine.incomplete": _A(Helper.IT_SUPPORT, Again.SAFE),
    "journal.unwritable": _A(Helper.IT_SUPPORT, Again.AFTER_FIX),  # the user's data folder: read-only, disk full
    "internal.error": _A(Helper.IT_SUPPORT, Again.SAFE),
    "bundle.unwritable": _A(Helper.USER, Again.AFTER_FIX),  # diagnose --bundle: a folder that cannot be written
    "config.no_issuer": _A(Helper.IT_SUPPORT, Again.AFTER_FIX),
    "config.invalid": _A(Helper.IT_SUPPORT, Again.AFTER_FIX),
    "config.insecure_url": _A(Helper.IT_SUPPORT, Again.AFTER_FIX),
    "network.failed": _A(Helper.NETWORK, Again.SAFE),
    "network.unreachable": _A(Helper.NETWORK, Again.SAFE),
    "network.timeout": _A(Helper.NETWORK, Again.SAFE),
    "network.tls": _A(Helper.IT_SUPPORT, Again.ASK_FIRST),
    "network.http_status": _A(Helper.TRY_LATER, Again.SAFE),
    "network.too_large": _A(Helper.TRY_LATER, Again.SAFE),
    "network.content_type": _A(Helper.IT_SUPPORT, Again.SAFE),
    "enroll.failed": _A(Helper.TRY_LATER, Again.SAFE),
    "cmp.failed": _A(Helper.TRY_LATER, Again.SAFE),
    "cmp.malformed": _A(Helper.TRY_LATER, Again.SAFE),
    "cmp.unexpected": _A(Helper.TRY_LATER, Again.SAFE),
    "cmp.transaction": _A(Helper.TRY_LATER, Again.SAFE),
    "cmp.nonce": _A(Helper.TRY_LATER, Again.SAFE),
    # An answer whose signature does not hold may not come from the SITHS service at all (a proxy, a wrong
    # trust setting): the computer's side is looked at first.
    "cmp.protection": _A(Helper.IT_SUPPORT, Again.ASK_FIRST),
    "cmp.mac": _A(Helper.IT_SUPPORT, Again.ASK_FIRST),
    "cmp.not_valid_now": _A(Helper.IT_SUPPORT, Again.AFTER_FIX),  # the PC's clock, almost always
    "service.pending": _A(Helper.TRY_LATER, Again.SAFE),
    "service.error": _A(Helper.TRY_LATER, Again.SAFE),
    "service.refused": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "service.code_refused": _A(Helper.ORDERING_OFFICE, Again.AFTER_FIX),
    "service.code_used": _A(Helper.ORDERING_OFFICE, Again.ASK_FIRST),
    "certificate.rejected": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "certificate.wrong_key": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "certificate.wrong_public_key": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "certificate.wrong_subject": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "certificate.wrong_hsa_id": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "certificate.wrong_key_usage": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "certificate.is_ca": _A(Helper.CARD_OFFICE, Again.ASK_FIRST),
    "certificate.untrusted_issuer": _A(Helper.IT_SUPPORT, Again.ASK_FIRST),
    "certificate.not_valid_now": _A(Helper.IT_SUPPORT, Again.AFTER_FIX),
    "extra.no_code": _A(Helper.ORDERING_OFFICE, Again.AFTER_FIX),
    "extra.code_argument": _A(Helper.NOTHING, Again.AFTER_FIX),
    "extra.limit": _A(Helper.ORDERING_OFFICE, Again.ASK_FIRST),
    "extra.own_hsa_id": _A(Helper.ORDERING_OFFICE, Again.ASK_FIRST),
    "extra.present": _A(Helper.NOTHING, Again.SAFE),
    "extra.card_unsuitable": _A(Helper.ORDERING_OFFICE, Again.ASK_FIRST),
    "extra.upgrade_unfinished": _A(Helper.USER, Again.AFTER_FIX),
    "extra.order_changed": _A(Helper.ORDERING_OFFICE, Again.ASK_FIRST),
}

# A code this table does not know yet is advised as its family is.
_FAMILY = {
    "card": "card.error",
    "pin": "pin.incorrect",
    "puk": "puk.incorrect",
    "network": "network.failed",
    "cmp": "cmp.failed",
    "service": "service.error",
    "certificate": "certificate.rejected",
    "config": "config.invalid",
    "extra": "extra.card_unsuitable",
    "enroll": "enroll.failed",
}


def advice_for(code: str) -> Advice:
    if code in ADVICE:
        return ADVICE[code]
    family = _FAMILY.get(code.split(".", 1)[0])
    return ADVICE[family] if family else ADVICE["internal.error"]


@dataclass(frozen=True)
class Contact:
    """One of the organisation's own helpers, as its configuration names it; any part may be missing."""

    name: str = ""
    phone: str = ""
    web: str = ""

    @property
    def known(self) -> bool:
        return bool(self.name or self.phone or self.web)

    def line(self) -> str:
        """ "Kortkontoret, Region Exempel · 010-123 45 67 · https://…": the parts there are, in one line."""
        return " · ".join(part for part in (self.name, self.phone, self.web) if part)


def contacts(config: Config) -> dict[Helper, Contact]:
    """The organisation's card office and IT support from the configuration (or the MSI's properties)."""
    card_office = Contact(config.card_office_name or "", config.card_office_phone or "", config.card_office_web or "")
    it_support = Contact(config.it_support_name or "", config.it_support_phone or "", config.it_support_web or "")
    return {Helper.CARD_OFFICE: card_office, Helper.IT_SUPPORT: it_support}


def contact_of(helper: Helper, known: dict[Helper, Contact]) -> Contact | None:
    """Whose details go with the advice: the card office's for card matters and PUKs, IT support's for the
    computer, the network and a service fault that lasts. None where the organisation's details do not help
    (the person's own choice, another organisation's office)."""
    if helper in (Helper.CARD_OFFICE, Helper.PIN_ENVELOPE):
        found = known.get(Helper.CARD_OFFICE)
    elif helper in (Helper.IT_SUPPORT, Helper.NETWORK, Helper.TRY_LATER):
        found = known.get(Helper.IT_SUPPORT)
    else:
        found = None
    return found if found is not None and found.known else None
