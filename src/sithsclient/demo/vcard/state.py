"""What the card remembers between power cycles, and its JSON file.

The file is the card's EEPROM: it is rewritten atomically (temporary file, fsync, rename) after every change,
so killing the card process at any instant — a pulled card — leaves either the old or the new state, never
half of one. It holds the PIN, PUK, management key and private keys in the clear: it is a practice card.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sithsclient.demo.vcard.constants import (
    DEFAULT_FIRMWARE,
    DEFAULT_MANAGEMENT_KEY,
    DEFAULT_PIN,
    DEFAULT_PUK,
    MAX_TRIES,
    Algorithm,
    PinPolicy,
)

FORMAT_VERSION = 1


@dataclass
class KeyRecord:
    """A private key in a slot, with the policies a YubiKey keeps beside it."""

    algorithm: int
    pem: str
    pin_policy: int = PinPolicy.ONCE
    touch_policy: int = 1  # never: a virtual card has nothing to touch
    origin: int = 2  # imported

    def to_json(self) -> dict[str, Any]:
        return {
            "algorithm": self.algorithm,
            "pem": self.pem,
            "pin_policy": self.pin_policy,
            "touch_policy": self.touch_policy,
            "origin": self.origin,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyRecord:
        return cls(
            algorithm=int(data["algorithm"]),
            pem=str(data["pem"]),
            pin_policy=int(data["pin_policy"]),
            touch_policy=int(data["touch_policy"]),
            origin=int(data["origin"]),
        )


@dataclass
class CardState:
    serial: int
    pin: str = DEFAULT_PIN
    puk: str = DEFAULT_PUK
    management_key: bytes = DEFAULT_MANAGEMENT_KEY
    management_algorithm: int = Algorithm.TDES
    pin_tries_max: int = MAX_TRIES
    pin_tries_left: int = MAX_TRIES
    puk_tries_max: int = MAX_TRIES
    puk_tries_left: int = MAX_TRIES
    firmware: tuple[int, int, int] = DEFAULT_FIRMWARE
    # Slots whose newly generated or imported keys get PIN policy "always" unless the command says otherwise.
    # A real YubiKey has 9c here; a practice card leaves it empty so plain PKCS#11 signing works (see rig.py).
    pin_always_slots: list[int] = field(default_factory=list)
    keys: dict[int, KeyRecord] = field(default_factory=dict)  # slot -> key
    objects: dict[int, bytes] = field(default_factory=dict)  # data object id -> value of its 53 tag
    # The two-PIN layout of most eTjänstekort (our practice extension, see pins.py): a signature PIN with its
    # own tries and its own PUK, guarding the keys of `signature_slots`. None: one PIN serves every key.
    sig_pin: str | None = None
    sig_puk: str = DEFAULT_PUK
    sig_pin_tries_left: int = MAX_TRIES
    sig_puk_tries_left: int = MAX_TRIES
    signature_slots: list[int] = field(default_factory=list)

    @property
    def two_pins(self) -> bool:
        return self.sig_pin is not None

    # A card with little EEPROM left: at most this many keys (None: a key in every slot). GENERATE and IMPORT of
    # one more answer 6A84 (not enough memory), as a full card does.
    key_slot_limit: int | None = None

    def factory_reset(self) -> None:
        """What Yubico's RESET does: everything but serial and firmware back to the shipping state."""
        fresh = CardState(serial=self.serial, firmware=self.firmware, pin_always_slots=self.pin_always_slots)
        if self.two_pins:
            fresh.sig_pin = DEFAULT_PIN
        self.__dict__.update(fresh.__dict__)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "serial": self.serial,
            "pin": self.pin,
            "puk": self.puk,
            "management_key": self.management_key.hex(),
            "management_algorithm": self.management_algorithm,
            "pin_tries_max": self.pin_tries_max,
            "pin_tries_left": self.pin_tries_left,
            "puk_tries_max": self.puk_tries_max,
            "puk_tries_left": self.puk_tries_left,
            "firmware": list(self.firmware),
            "pin_always_slots": [f"{slot:02x}" for slot in self.pin_always_slots],
            "keys": {f"{slot:02x}": key.to_json() for slot, key in sorted(self.keys.items())},
            "objects": {f"{obj:06x}": value.hex() for obj, value in sorted(self.objects.items())},
            # Added keys; a file without them is a one-PIN card.
            "sig_pin": self.sig_pin,
            "sig_puk": self.sig_puk,
            "sig_pin_tries_left": self.sig_pin_tries_left,
            "sig_puk_tries_left": self.sig_puk_tries_left,
            "signature_slots": [f"{slot:02x}" for slot in self.signature_slots],
            "key_slot_limit": self.key_slot_limit,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CardState:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"unknown card state format {data.get('format')!r}")
        major, minor, patch = (int(part) for part in data["firmware"])
        return cls(
            serial=int(data["serial"]),
            pin=str(data["pin"]),
            puk=str(data["puk"]),
            management_key=bytes.fromhex(data["management_key"]),
            management_algorithm=int(data["management_algorithm"]),
            pin_tries_max=int(data["pin_tries_max"]),
            pin_tries_left=int(data["pin_tries_left"]),
            puk_tries_max=int(data["puk_tries_max"]),
            puk_tries_left=int(data["puk_tries_left"]),
            firmware=(major, minor, patch),
            pin_always_slots=[int(slot, 16) for slot in data["pin_always_slots"]],
            keys={int(slot, 16): KeyRecord.from_json(key) for slot, key in data["keys"].items()},
            objects={int(obj, 16): bytes.fromhex(value) for obj, value in data["objects"].items()},
            sig_pin=None if data.get("sig_pin") is None else str(data["sig_pin"]),
            sig_puk=str(data.get("sig_puk", DEFAULT_PUK)),
            sig_pin_tries_left=int(data.get("sig_pin_tries_left", MAX_TRIES)),
            sig_puk_tries_left=int(data.get("sig_puk_tries_left", MAX_TRIES)),
            signature_slots=[int(slot, 16) for slot in data.get("signature_slots", [])],
            key_slot_limit=None if data.get("key_slot_limit") is None else int(data["key_slot_limit"]),
        )


def load(path: Path) -> CardState:
    return CardState.from_json(json.loads(path.read_text(encoding="utf-8")))


def save(state: CardState, path: Path) -> None:
    """Write atomically: a reader (or a restarted card) sees the old file or the new one, never a torn one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state.to_json(), handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
