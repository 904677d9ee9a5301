"""Whom to turn to and whether running again is safe, for every stable code, with the organisation's own helpers.

Each code's helper and whether running again is safe are held with the code (codes.py); the wizard's failure
page, the command line, `diagnose` and the IT-support runbook (docs/runbook-*.md) read them here, so that they
never disagree. Qt-free: the views turn a `Helper` into words in their language (texts.py), with the
organisation's own contact details from the configuration (`contacts`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sithsclient.codes import Again, Code, Helper, lookup
from sithsclient.config import Config

__all__ = ["Again", "Contact", "Helper", "advice_for", "contact_of", "contacts"]


def advice_for(code: str) -> Code:
    """The code's member, with its `helper` and `again`; a code this program does not know is advised as its
    family is (codes.lookup)."""
    return lookup(code)


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
