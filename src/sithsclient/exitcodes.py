"""Stable exit codes of the CLI, by error code: the view of codes.py's numbers. Scripts and IT support rely on
them: never renumber."""

from __future__ import annotations

from types import MappingProxyType

from sithsclient.codes import EXTRA, FAILED, ISSUER, RENEWAL, USAGE, Code, find, lookup

__all__ = ["BY_CODE", "EXTRA", "FAILED", "ISSUER", "OK", "RENEWAL", "USAGE", "for_code"]

OK = 0

BY_CODE = MappingProxyType({code.value: code.exit_code for code in Code})


def for_code(code: str) -> int:
    """The code's own number. A code this program does not have (a later version's) gets its family's shared
    number (ISSUER, EXTRA, RENEWAL) where the family shares one, else FAILED."""
    known = find(code)
    if known is not None:
        return known.exit_code
    family = lookup(code).exit_code
    return family if family in (ISSUER, EXTRA, RENEWAL) else FAILED
