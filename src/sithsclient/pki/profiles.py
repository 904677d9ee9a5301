"""The SITHS issuing CAs this program knows, by name, in one table.

Names are public (docs/design.md, "Public facts the program relies on"); practice mode uses the same names with
" (övning)" appended, so a practice card is classified exactly like a real one. Correct this table, not
the code that reads it, when a fact turns out wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sithsclient.pki.model import Generation

PRACTICE_SUFFIX = " (övning)"

# OIDs (X.520)
OID_SERIAL_NUMBER = "2.5.4.5"


@dataclass(frozen=True)
class IssuerProfile:
    """What we know of one issuing CA: its generation, its assurance level, and whether it marks a spare card."""

    name: str
    generation: Generation
    loa: int | None
    spare: bool = False


ISSUERS: tuple[IssuerProfile, ...] = (
    IssuerProfile("SITHS Type 1 CA v1", Generation.LEGACY, 3),
    IssuerProfile("SITHS Type 3 CA v1", Generation.LEGACY, 3),
    IssuerProfile("SITHS e-id Person HSA-id 3 CA v1", Generation.CURRENT, 3),
    IssuerProfile("SITHS e-id Person ID 3 CA v1", Generation.CURRENT, 3),
    IssuerProfile("SITHS e-id Person HSA-id 2 CA v1", Generation.CURRENT, 2, spare=True),
    IssuerProfile("SITHS e-id Person ID 2 CA v1", Generation.CURRENT, 2, spare=True),
    IssuerProfile("SITHS e-id Function CA v1", Generation.CURRENT, None),
)

ROOTS = {
    "SITHS Root CA v1": Generation.LEGACY,
    "SITHS e-id Root CA v2": Generation.CURRENT,
}

# Another issuer's card that carries a SITHS certificate: matched on the issuer's O or CN.
_FOREIGN = re.compile(r"telia|skatteverket", re.IGNORECASE)


def strip_practice(name: str) -> str:
    return name[: -len(PRACTICE_SUFFIX)] if name.endswith(PRACTICE_SUFFIX) else name


def issuer_profile(issuer_cn: str) -> IssuerProfile | None:
    bare = strip_practice(issuer_cn.strip())
    for profile in ISSUERS:
        if profile.name.casefold() == bare.casefold():
            return profile
    return None


def is_foreign_issuer(issuer_cn: str, issuer_o: str) -> bool:
    return bool(_FOREIGN.search(issuer_cn) or _FOREIGN.search(issuer_o))
