"""Thin typed wrapper over pyscard's PC/SC calls: readers, card presence and ATRs, without connecting.

Nothing here opens a reader: presence and ATR come from SCardGetStatusChange, so no other program on the PC
(the SITHS eID app, Net iD) is disturbed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smartcard import scard

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"


# pyscard returns PC/SC codes as Python ints; some builds sign-extend them.
def _code(value: int) -> int:
    return value & 0xFFFFFFFF


# The service is gone: Windows says NO_SERVICE/SERVICE_STOPPED, pcsc-lite a broken socket (F_COMM_ERROR).
NO_SERVICE = {
    _code(scard.SCARD_E_NO_SERVICE),
    _code(scard.SCARD_E_SERVICE_STOPPED),
    _code(scard.SCARD_F_COMM_ERROR),
}
NO_READERS = {_code(scard.SCARD_E_NO_READERS_AVAILABLE)}
TIMEOUT = _code(scard.SCARD_E_TIMEOUT)
CANCELLED = _code(scard.SCARD_E_CANCELLED)
READER_GONE = {_code(scard.SCARD_E_UNKNOWN_READER), _code(scard.SCARD_E_READER_UNAVAILABLE)}


class PcscError(Exception):
    def __init__(self, call: str, code: int) -> None:
        self.call = call
        self.code = _code(code)
        # Windows' FormatMessage has no text for some codes (and wine's for none): then the code alone.
        text = scard.SCardGetErrorMessage(code) or "error"
        super().__init__(f"{call} failed: {text} (0x{self.code:08X})")

    @property
    def no_service(self) -> bool:
        return self.code in NO_SERVICE


@dataclass(frozen=True)
class ReaderState:
    name: str
    card_present: bool
    atr: bytes
    in_use: bool = False
    mute: bool = False


def establish() -> Any:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscError("SCardEstablishContext", hresult)
    return context


def release(context: Any) -> None:
    scard.SCardReleaseContext(context)


def list_reader_names(context: Any) -> list[str]:
    hresult, readers = scard.SCardListReaders(context, [])
    if _code(hresult) in NO_READERS:
        return []
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscError("SCardListReaders", hresult)
    return list(readers)


def state_of(name: str, event_state: int, atr: list[int]) -> ReaderState:
    present = bool(event_state & scard.SCARD_STATE_PRESENT)
    return ReaderState(
        name=name,
        card_present=present,
        atr=bytes(atr) if present else b"",
        in_use=bool(event_state & scard.SCARD_STATE_INUSE),
        mute=bool(event_state & scard.SCARD_STATE_MUTE),
    )


def snapshot() -> list[ReaderState]:
    """Every reader and whether a card is in it, right now. Raises PcscError when PC/SC is not running."""
    context = establish()
    try:
        names = list_reader_names(context)
        if not names:
            return []
        hresult, states = scard.SCardGetStatusChange(context, 0, [(name, scard.SCARD_STATE_UNAWARE) for name in names])
        if _code(hresult) == TIMEOUT:
            return [ReaderState(name, False, b"") for name in names]
        if hresult != scard.SCARD_S_SUCCESS:
            raise PcscError("SCardGetStatusChange", hresult)
        return [state_of(name, event, atr) for name, event, atr in states]
    finally:
        release(context)
