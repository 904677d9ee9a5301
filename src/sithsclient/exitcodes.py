"""Stable exit codes of the CLI, by error code. Scripts and IT support rely on them: never renumber."""

from __future__ import annotations

OK = 0
FAILED = 1  # anything without a code of its own
USAGE = 2  # argparse's own
BY_CODE = {
    "NO_MODULE": 3,
    "NO_READER": 4,
    "NO_CARD": 5,
    "CONFIG_INVALID": 6,
    "CARD_REMOVED": 7,
    "WRONG_CARD": 8,
    "PIN_INCORRECT": 10,
    "PIN_FINAL_TRY": 11,
    "PIN_BLOCKED": 12,
    "PIN_FORMAT": 13,
    "PUK_INCORRECT": 14,
    "NOT_UPGRADABLE": 20,
    "ISSUER": 30,
    "CANCELLED": 40,
}


def for_code(code: str) -> int:
    if code in BY_CODE:
        return BY_CODE[code]
    if code.startswith(("CMP_", "ISSUER_", "TLS_", "HTTP_")):
        return BY_CODE["ISSUER"]
    return FAILED
