"""The field's words as types: a certificate's purpose, its generation, and a card's verdict."""

from __future__ import annotations

from enum import StrEnum


class Purpose(StrEnum):
    """What a certificate on the card is for, read from its Key Usage."""

    AUTHENTICATION = "authentication"  # legitimering: digitalSignature
    SIGNATURE = "signature"  # underskrift: nonRepudiation
    ENCRYPTION = "encryption"  # key/data encipherment only
    UNKNOWN = "unknown"


class Generation(StrEnum):
    """Which SITHS hierarchy issued a certificate."""

    LEGACY = "legacy"  # SITHS Type 1/3 CA v1 under SITHS Root CA v1: stopped issuing 2020-02-11
    CURRENT = "current"  # SITHS e-id ... CA v1 under SITHS e-id Root CA v2
    FOREIGN = "foreign"  # Telia / Skatteverket: another issuer's card
    OTHER = "other"  # not SITHS at all


class Verdict(StrEnum):
    """What the upgrade can do for this card."""

    MUST_UPGRADE = "must_upgrade"
    CURRENT = "current"
    SPARE_CARD = "spare_card"  # reservkort: not upgraded
    FOREIGN_CARD = "foreign_card"  # Telia / Skatteverket card: cannot be upgraded
    UNKNOWN = "unknown"
