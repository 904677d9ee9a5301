"""Measure the PC/SC rig: APDUs of ykcs11's first session, one RSA-2048 key generation, and how long PC/SC takes
to report a pulled (killed) card. Run as root: `.venv/bin/python bench/vcard_rig.py` (about 20 s)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pkcs11
from pkcs11 import KeyType

from sithsclient.demo import pcsc_wait
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.rig import YKCS11_PATH, InsertedCard, PcscRig
from sithsclient.demo.vcard.provision import PRACTICE_PIN, provision_practice_card

MGM_HEX = "010203040506070801020304050607080102030405060708"


def first_session(card: InsertedCard, serial: int, pin: str | None = None) -> tuple[int, float]:
    """ykcs11's first session on a card in the rig, from C_Initialize (lib.reinitialize) to C_OpenSession
    (and C_Login when a PIN is given): (APDUs the card answered meanwhile, seconds). bench/run.py takes the
    APDUs without login as "ykcs11's session start"; this process's ykcs11 is finalised again afterwards."""
    before, start = card.apdu_count(), time.monotonic()
    lib = pkcs11.lib(YKCS11_PATH)
    lib.reinitialize()
    token = lib.get_token(token_serial=str(serial).encode())
    with token.open(user_pin=pin):
        count, seconds = card.apdu_count() - before, time.monotonic() - start
    lib.reinitialize()
    return count, seconds


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="vcard-bench-"))
    hierarchy = PracticeHierarchy.load_or_create(work / "ca")
    state = work / "card.json"
    serial = provision_practice_card(state, hierarchy)[0].serial
    with PcscRig() as rig:
        card = rig.insert(state)
        first, first_time = first_session(card, serial, PRACTICE_PIN)
        lib = pkcs11.lib(YKCS11_PATH)
        token = lib.get_token(token_serial=str(serial).encode())
        print(f"first session (C_GetSlotList .. C_Login): {first} APDUs, {first_time * 1000:.0f} ms")

        counts, times = [], []
        for slot_id in range(5, 10):
            with token.open(rw=True, so_pin=MGM_HEX) as session:
                before, start = card.apdu_count(), time.monotonic()
                session.generate_keypair(KeyType.RSA, 2048, id=bytes([slot_id]), store=True)
                times.append(time.monotonic() - start)
                counts.append(card.apdu_count() - before)
        print(
            f"RSA-2048 generation through ykcs11: {statistics.median(counts):.0f} APDUs, "
            f"median {statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}, "
            f"max {max(times) * 1000:.0f})"
        )

        removals, insertions = [], []
        reader = rig.reader_name(0)
        for _ in range(10):
            inserted = rig.card()
            assert inserted is not None
            start = time.monotonic()
            inserted.process.kill()
            pcsc_wait.wait_for_card(reader, present=False, timeout=10)
            removals.append(time.monotonic() - start)
            rig.pull(wait=False)
            start = time.monotonic()
            rig.insert(state)
            insertions.append(time.monotonic() - start)
        print(
            f"kill -> SCardGetStatusChange reports removal: median {statistics.median(removals) * 1000:.0f} ms "
            f"(min {min(removals) * 1000:.0f}, max {max(removals) * 1000:.0f}, n={len(removals)})"
        )
        print(f"insert -> card present: median {statistics.median(insertions) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
