"""Command APDUs (ISO 7816-4 short and extended forms) and the card's answer to one."""

from __future__ import annotations

from dataclasses import dataclass

from sithsclient.demo.vcard.constants import Sw


class CardError(Exception):
    """Ends a command with a status word and no data."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"SW {sw:04X}")
        self.sw = sw


@dataclass(frozen=True)
class Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes

    @property
    def chained(self) -> bool:
        """CLA bit 0x10: more of this command's data follows in the next APDU."""
        return bool(self.cla & 0x10)


def parse(apdu: bytes) -> Command:
    """Split an APDU; Le is ignored because the card always answers what it has (longer answers are chained)."""
    if len(apdu) < 4:
        raise CardError(Sw.WRONG_LENGTH)
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if len(body) <= 1:
        # Case 1 or 2. libykpiv writes a zero Lc byte for "no data", which reads the same as Le=256.
        data = b""
    elif body[0] != 0:
        lc = body[0]
        if len(body) not in (1 + lc, 2 + lc):
            raise CardError(Sw.WRONG_LENGTH)
        data = body[1 : 1 + lc]
    elif len(body) == 3:
        data = b""  # extended case 2: 00 + two-byte Le
    else:
        lc = int.from_bytes(body[1:3], "big")
        if len(body) not in (3 + lc, 5 + lc):
            raise CardError(Sw.WRONG_LENGTH)
        data = body[3 : 3 + lc]
    return Command(cla, ins, p1, p2, bytes(data))


def sw_bytes(sw: int) -> bytes:
    return sw.to_bytes(2, "big")
