"""Thin typed wrapper over pyscard's PC/SC calls: readers, card presence and ATRs, without connecting.

Presence and ATR come from SCardGetStatusChange, so no other program on the PC (the SITHS eID app, Net iD) is
disturbed. The one exception is `card_answers`, used during a run on a card that is already ours.
"""

from __future__ import annotations

from typing import Any, NamedTuple

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


class ReaderState(NamedTuple):
    """A NamedTuple, not a dataclass: the logon check reads this at every logon, and importing dataclasses
    would be a quarter of what its answer costs there."""

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


# PIV's GET DATA of the Discovery Object: what ykcs11 itself sends, and no command that changes what the card has
# selected or who is logged in (another program's SELECT makes a PIV card forget its login). Any answer will do.
_HARMLESS_APDU = [0x00, 0xCB, 0x3F, 0xFF, 0x03, 0x5C, 0x01, 0x7E, 0x00]


def card_answers(reader: str) -> bool:
    """True when the card in `reader` answers a command now, which a card being pulled cannot do.

    PC/SC's presence is what pcscd saw at its last look (every 400 ms for some readers), so it cannot prove that
    a card is there at this moment; an answer from the card can. False means "not proven", never "gone": a
    program holding a transaction, or any other refusal, leaves the caller to wait as it would without this.
    """
    try:
        context = establish()
    except PcscError:
        return False
    try:
        hresult, card, protocol = scard.SCardConnect(
            context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if hresult != scard.SCARD_S_SUCCESS:
            return False
        try:
            hresult, response = scard.SCardTransmit(card, protocol, _HARMLESS_APDU)
            return hresult == scard.SCARD_S_SUCCESS and len(response) >= 2
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    finally:
        release(context)
