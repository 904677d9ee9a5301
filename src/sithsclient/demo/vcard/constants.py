"""Numbers of the PIV card edge (NIST SP 800-73-4) and of Yubico's extensions to it, as a YubiKey 5 uses them."""

from __future__ import annotations

from enum import IntEnum

PIV_AID = bytes.fromhex("a000000308")
# The application property template a YubiKey 5 answers SELECT with: the PIX of the applet's version
# (00 00 10 00 01 00) and the coexistent tag allocation authority naming the PIV AID again.
PIV_APT = bytes.fromhex("4f0600001000010079074f05a000000308")

# A YubiKey 5 (USB, firmware 5.x) ATR: its historical bytes spell "YubiKey" so tools recognise it.
YUBIKEY5_ATR = bytes.fromhex("3bfd1300008131fe158073c021c057597562694b657940")

# A firmware version with GET METADATA (5.3+), so ykcs11 reads PIN policies and public keys from it.
DEFAULT_FIRMWARE = (5, 4, 3)

DEFAULT_PIN = "123456"
DEFAULT_PUK = "12345678"
DEFAULT_MANAGEMENT_KEY = bytes.fromhex("010203040506070801020304050607080102030405060708")
MAX_TRIES = 3

PIN_REF = 0x80
PUK_REF = 0x81
MANAGEMENT_SLOT = 0x9B


class Ins(IntEnum):
    VERIFY = 0x20
    CHANGE_REFERENCE = 0x24
    RESET_RETRY = 0x2C
    GENERATE = 0x47
    AUTHENTICATE = 0x87
    SELECT = 0xA4
    GET_RESPONSE = 0xC0
    GET_DATA = 0xCB
    PUT_DATA = 0xDB
    # Yubico's own instructions
    GET_METADATA = 0xF7
    GET_SERIAL = 0xF8
    ATTEST = 0xF9
    SET_PIN_RETRIES = 0xFA
    RESET = 0xFB
    GET_VERSION = 0xFD
    IMPORT_KEY = 0xFE
    SET_MGMKEY = 0xFF


class Sw(IntEnum):
    OK = 0x9000
    WRONG_LENGTH = 0x6700
    SECURITY_STATUS = 0x6982
    AUTH_BLOCKED = 0x6983
    CONDITIONS = 0x6985
    INCORRECT_DATA = 0x6A80
    FUNC_NOT_SUPPORTED = 0x6A81
    NOT_FOUND = 0x6A82
    NOT_ENOUGH_MEMORY = 0x6A84
    INCORRECT_P1P2 = 0x6A86
    REF_NOT_FOUND = 0x6A88
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


class Algorithm(IntEnum):
    TDES = 0x03
    RSA3072 = 0x05
    RSA1024 = 0x06
    RSA2048 = 0x07
    AES128 = 0x08
    AES192 = 0x0A
    AES256 = 0x0C
    ECCP256 = 0x11
    ECCP384 = 0x14
    RSA4096 = 0x16


RSA_BITS = {
    Algorithm.RSA1024: 1024,
    Algorithm.RSA2048: 2048,
    Algorithm.RSA3072: 3072,
    Algorithm.RSA4096: 4096,
}
EC_CURVES = {Algorithm.ECCP256: "secp256r1", Algorithm.ECCP384: "secp384r1"}
MANAGEMENT_KEY_LENGTHS = {
    Algorithm.TDES: 24,
    Algorithm.AES128: 16,
    Algorithm.AES192: 24,
    Algorithm.AES256: 32,
}


class PinPolicy(IntEnum):
    DEFAULT = 0
    NEVER = 1
    ONCE = 2
    ALWAYS = 3


class TouchPolicy(IntEnum):
    DEFAULT = 0
    NEVER = 1


class Origin(IntEnum):
    GENERATED = 1
    IMPORTED = 2


# Key slots ykcs11 knows, in its CKA_ID order: 1=9a, 2=9c, 3=9d, 4=9e, 5..24 = retired 82..95.
KEY_SLOTS: tuple[int, ...] = (0x9A, 0x9C, 0x9D, 0x9E, *range(0x82, 0x96))


def certificate_object(slot: int) -> int:
    """The data object that holds a key slot's certificate (SP 800-73-4 part 1, table 3 and 4b)."""
    fixed = {0x9A: 0x5FC105, 0x9C: 0x5FC10A, 0x9D: 0x5FC10B, 0x9E: 0x5FC101, 0xF9: 0x5FFF01}
    if slot in fixed:
        return fixed[slot]
    if 0x82 <= slot <= 0x95:
        return 0x5FC10D + (slot - 0x82)
    raise ValueError(f"no certificate object for slot {slot:#x}")


CHUID_OBJECT = 0x5FC102
CCC_OBJECT = 0x5FC107
DISCOVERY_OBJECT = 0x7E
# Objects that SP 800-73-4 lets only a PIN holder read.
PIN_PROTECTED_OBJECTS = frozenset({0x5FC103, 0x5FC108, 0x5FC109, 0x5FC121})
# The discovery object a YubiKey returns: the PIV AID and a PIN usage policy of "PIV PIN only".
DISCOVERY = bytes.fromhex("4f0ba0000003080000100001005f2f024000")
