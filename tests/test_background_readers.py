"""Other programs on the same card, as on a health-care PC where the SITHS eID app or Net iD reads the card in
the background: a second PC/SC client in its own process reads the card in a loop for a whole upgrade, or holds
a transaction for seconds at a time. The upgrade waits and goes on: it never fails half-way, asks for the PIN
once, and ends with the new set. How long it was held up is printed beside an undisturbed run (`-s` shows it)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.pki.model import Generation
from sithsclient.upgrade import events as ev
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.pcsc import PivCard, make_practice_card
from tests.test_engine_piv import AUTH, BOTH, engine_for, generations, the_card

pytestmark = pytest.mark.pcsc

# The other program: SELECT the PIV application and read its CHUID, over and over; with HOLD_S > 0 inside a
# transaction held that long (what a middleware does around a signature), with a short break in between.
OTHER_PROGRAM = r"""
import sys, time
from smartcard import scard
reader, hold_s = sys.argv[1], float(sys.argv[2])
SELECT = [0x00, 0xA4, 0x04, 0x00, 0x09, 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00]
CHUID = [0x00, 0xCB, 0x3F, 0xFF, 0x05, 0x5C, 0x03, 0x5F, 0xC1, 0x02, 0x00]
_, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
reads = 0
print("started", flush=True)
while True:
    hresult, card, protocol = scard.SCardConnect(
        context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
    if hresult != scard.SCARD_S_SUCCESS:
        time.sleep(0.05)
        continue
    if hold_s:
        scard.SCardBeginTransaction(card)
    for apdu in (SELECT, CHUID):
        scard.SCardTransmit(card, protocol, apdu)
    reads += 1
    if reads == 1:
        print("read", flush=True)
    # These sleeps are the behaviour under test, not synchronisation: how a background program holds the card.
    if hold_s:
        time.sleep(hold_s)
        scard.SCardEndTransaction(card, scard.SCARD_LEAVE_CARD)
    scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    time.sleep(0.2 if hold_s else 0.01)
"""


def upgrade(piv_card: PivCard, issuer: IssuerServer, journal: Path) -> tuple[float, ScriptedUser, list[ev.Event]]:
    events: list[ev.Event] = []
    user = ScriptedUser([{AUTH: piv_card.pin}])
    started = time.monotonic()
    outcome = engine_for(the_card(piv_card.serial), issuer, user, journal, events).run()
    took = time.monotonic() - started
    assert outcome.ok, outcome
    return took, user, events


@pytest.mark.parametrize(("hold_s", "what"), [(0.0, "reads in a loop"), (2.0, "holds a transaction for 2 s")])
def test_the_upgrade_waits_for_another_program_and_goes_on(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path, hold_s: float, what: str
) -> None:
    # An undisturbed upgrade of a twin card first: the baseline of the same run.
    twin = tmp_path / "twin.json"
    serial, _certs = make_practice_card(twin, piv_card.hierarchy)
    piv_card.rig.pull()
    piv_card.rig.insert(twin)
    baseline = upgrade(
        PivCard(twin, piv_card.pin, piv_card.puk, serial, piv_card.management_key, piv_card.reader,
                piv_card.hierarchy, {}, piv_card.rig),
        piv_issuer, tmp_path / "j0",
    )[0]  # fmt: skip
    piv_card.rig.pull()
    piv_card.rig.insert(piv_card.state_path)

    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_PROGRAM, piv_card.reader, str(hold_s)], stdout=subprocess.PIPE, text=True
    )
    try:
        # It has read the card (and may hold it) before the upgrade starts, as a background program is at work.
        assert other.stdout is not None and other.stdout.readline().strip() == "started"
        assert other.stdout.readline().strip() == "read"
        took, user, events = upgrade(piv_card, piv_issuer, tmp_path / "j1")
        assert other.poll() is None  # it ran the whole time
    finally:
        other.terminate()
        other.wait(10)
    assert len(user.asked) == 1  # the PIN was asked once and used once: no try spent twice
    assert not [e for e in events if isinstance(e, ev.Failed)]
    assert generations(piv_card.serial) == {Generation.CURRENT: BOTH}
    print(f"\nanother program that {what}: upgrade {took:.1f} s, undisturbed {baseline:.1f} s, "
          f"held up {max(0.0, took - baseline):.1f} s")  # fmt: skip
