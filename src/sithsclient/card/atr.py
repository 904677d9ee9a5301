"""Which card is in a reader, by its ATR, and which card software serves it.

The table holds ATRs published by others, each with its mask (bits the mask clears differ between cards of one
model): the Thales (Gemalto) IDPrime cards from OpenSC's `card-idprime.c`, on which SITHS eID cards are issued as
far as public sources show, and the YubiKey 5 ATR (our virtual PIV card answers with it). A card that is not in
the table is left to probing: the module that shows a token for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Middleware(StrEnum):
    SAC = "sac"  # Thales SafeNet Authentication Client / IDPrime PKCS#11
    NETID = "netid"
    PIV = "piv"  # Yubico ykcs11


# The file names (lower case, without directory) of each middleware's PKCS#11 module on every OS.
MODULE_NAMES = {
    Middleware.SAC: ("etpkcs11.dll", "idprimepkcs1164.dll", "libetpkcs11.so", "libetpkcs11.dylib"),
    Middleware.NETID: ("iidp11.dll", "libiidp11.so", "libiidp11.dylib"),
    Middleware.PIV: ("libykcs11.dll", "libykcs11.so", "libykcs11.dylib"),
}


@dataclass(frozen=True)
class KnownAtr:
    atr: bytes
    mask: bytes
    name: str
    middleware: Middleware

    def matches(self, atr: bytes) -> bool:
        return len(atr) == len(self.atr) and all(
            (a & m) == (b & m) for a, b, m in zip(atr, self.atr, self.mask, strict=True)
        )


def _hex(text: str) -> bytes:
    return bytes.fromhex(text.replace(":", ""))


_IDPRIME_MASK = "ff:ff:00:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:00:00:ff:ff:ff"
KNOWN_ATRS = (
    # More specific entries first: OpenSC puts the 840 before the 940, whose mask covers it.
    KnownAtr(_hex("3b:7f:96:00:00:80:31:80:65:b0:85:03:00:ef:12:0f:fe:82:90:00"), _hex(_IDPRIME_MASK),
             "Thales IDPrime 840", Middleware.SAC),
    KnownAtr(_hex("3b:7f:96:00:00:80:31:80:65:b0:85:59:56:fb:12:0f:fe:82:90:00"),
             _hex("ff:ff:00:ff:ff:ff:ff:ff:ff:ff:ff:00:00:00:ff:00:00:ff:ff:ff"), "Thales IDPrime 940", Middleware.SAC),
    KnownAtr(_hex("3b:7f:96:00:00:80:31:80:65:b0:85:05:00:39:12:0f:fe:82:90:00"), _hex(_IDPRIME_MASK),
             "Thales IDPrime 940C", Middleware.SAC),
    KnownAtr(_hex("3b:7f:96:00:00:80:31:80:65:b0:84:61:60:fb:12:0f:fe:82:90:00"), _hex(_IDPRIME_MASK),
             "Thales IDPrime 930/3930", Middleware.SAC),
    KnownAtr(_hex("3bfd1300008131fe158073c021c057597562694b657940"), b"\xff" * 23, "YubiKey 5 (PIV)", Middleware.PIV),
)  # fmt: skip


def identify(atr: bytes) -> KnownAtr | None:
    for known in KNOWN_ATRS:
        if known.matches(atr):
            return known
    return None


def middleware_of_path(path: str) -> Middleware | None:
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for middleware, names in MODULE_NAMES.items():
        if name in names:
            return middleware
    return None
