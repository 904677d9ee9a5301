"""Stable exit codes of the CLI, by error code. Scripts and IT support rely on them: never renumber."""

from __future__ import annotations

OK = 0
FAILED = 1  # anything without a code of its own
USAGE = 2  # argparse's own
BY_CODE = {
    "card.no_module": 3,
    "card.no_reader": 4,
    "card.no_card": 5,
    "config.invalid": 6,
    "card.removed": 7,
    "card.wrong_card": 8,
    "pin.incorrect": 10,
    "pin.final_try": 11,
    "pin.blocked": 12,
    "pin.format": 13,
    "puk.incorrect": 14,
    "card.not_upgradable": 20,
    "card.full": 22,  # no room for the new keys; the old set is intact
    "card.busy": 23,  # another run of this card is going on (app/card_lock.py)
    "journal.unwritable": 24,  # the journal folder cannot be written: nothing was done
    "cancelled": 40,
    "internal.error": 50,
}
# Every failure of the issuing service, whatever its detail, is 30: the card is untouched, a later run resumes.
ISSUER_FAMILIES = ("network.", "cmp.", "service.", "certificate.", "enroll.", "config.insecure_url")
ISSUER = 30
# Every reason an extra certificate pair cannot go on this card (one extra pair per card, the order is for the
# card's own HSA-ID, an unfinished upgrade first, ...) is 21: nothing was changed on the card.
EXTRA_FAMILY = "extra."
EXTRA = 21


def for_code(code: str) -> int:
    if code in BY_CODE:
        return BY_CODE[code]
    if code.startswith(ISSUER_FAMILIES):
        return ISSUER
    if code.startswith(EXTRA_FAMILY):
        return EXTRA
    return FAILED
