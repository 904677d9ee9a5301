"""Small PC/SC helpers the rig needs: list readers and wait for a card to come or go (through pyscard)."""

from __future__ import annotations

import time

from smartcard import scard


class PcscUnavailable(RuntimeError):
    """pcscd is not answering (not started yet, or gone)."""


def _context() -> int:
    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        raise PcscUnavailable(scard.SCardGetErrorMessage(result))
    return int(context)


def list_readers() -> list[str]:
    context = _context()
    try:
        result, readers = scard.SCardListReaders(context, [])
        if result == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if result != scard.SCARD_S_SUCCESS:
            raise PcscUnavailable(scard.SCardGetErrorMessage(result))
        return [str(reader) for reader in readers]
    finally:
        scard.SCardReleaseContext(context)


def card_present(reader: str) -> bool:
    context = _context()
    try:
        return bool(_state(context, reader, scard.SCARD_STATE_UNAWARE, 0) & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(context)


def _state(context: int, reader: str, known: int, timeout_ms: int) -> int:
    result, states = scard.SCardGetStatusChange(context, timeout_ms, [(reader, known)])
    if result == scard.SCARD_E_TIMEOUT:
        return known
    if result != scard.SCARD_S_SUCCESS:
        raise PcscUnavailable(scard.SCardGetErrorMessage(result))
    return int(states[0][1]) & ~int(scard.SCARD_STATE_CHANGED)


def wait_for_card(reader: str, *, present: bool, timeout: float) -> float:
    """Block until the reader reports a card (or none); return the seconds it took. TimeoutError if not."""
    start = time.monotonic()
    context = _context()
    try:
        known = _state(context, reader, scard.SCARD_STATE_UNAWARE, 0)
        while bool(known & scard.SCARD_STATE_PRESENT) != present:
            remaining = timeout - (time.monotonic() - start)
            if remaining <= 0:
                raise TimeoutError(f"reader {reader!r}: card still {'absent' if present else 'present'}")
            # pcscd wakes this call as soon as its reader poll sees the change.
            known = _state(context, reader, known, max(1, int(min(remaining, 1.0) * 1000)))
        return time.monotonic() - start
    finally:
        scard.SCardReleaseContext(context)
