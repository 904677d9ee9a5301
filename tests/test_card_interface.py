"""The card interface (card/interface.py) as the engine uses it, one suite over every card backend that runs
here: PKCS#11 on SoftHSM2 (Net iD layout, two PINs), the practice PIV card on the real PC/SC stack (pcscd +
vpcd + ykcs11, one PIN) and the in-process practice card (the vcard's applet over APDUs, one PIN and two). The
rig and the in-process card run the same applet, so a difference between practice and the rig, or between
either and PKCS#11, shows up as a failing test here.

What differs by nature is said where it is asserted: SoftHSM2 has no retry counter (tries unknown); ykcs11 gives
only PKCS#11's flags (a try used: "count low", one left: "final try"), not the number; PIV cannot delete a key
(its certificate goes, the key stays unused).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from sithsclient.card import module as card_module
from sithsclient.card.discovery import discover
from sithsclient.card.errors import PinFinalTryError, PinFormatError, PinIncorrectError, PinState
from sithsclient.card.layouts import PinRole
from sithsclient.card.model import KeyType_, role_for_purpose
from sithsclient.card.source import ListedCard
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.demo.vcard.provision import PRACTICE_PUK
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Purpose, Verdict
from tests.fixtures.inprocess import make_inprocess_card
from tests.fixtures.pcsc import PivCard
from tests.fixtures.softhsm import SoftHsmCard

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE


class Tries(Enum):
    """What a card says of a PIN's tries left."""

    COUNTED = "counted"  # the number (the practice card's applet asked directly)
    FLAGGED = "flagged"  # PKCS#11's flags only: ykcs11
    UNKNOWN = "unknown"  # nothing: SoftHSM2 has no retry counter


@dataclass
class Backend:
    card: ListedCard
    pins: dict[PinRole, str]
    puk: str
    hierarchy: PracticeHierarchy
    tries: Tries
    deletes_keys: bool  # PIV has no command to delete a key
    read_again: Callable[[], ListedCard]  # the card as a fresh look finds it (after a re-insert, a new start)


@pytest.fixture(
    params=["softhsm", pytest.param("rig-ykcs11", marks=pytest.mark.pcsc), "practice-one-pin", "practice-two-pins"]
)
def backend(request: pytest.FixtureRequest, tmp_path: Path, hierarchy: PracticeHierarchy) -> Backend:
    if request.param == "softhsm":
        soft: SoftHsmCard = request.getfixturevalue("softhsm_card")
        pins = {AUTH: "123456", SIGN: "654321"}
        return Backend(soft.card, pins, "12345678", soft.hierarchy, Tries.UNKNOWN, True, soft.rediscover)
    if request.param == "rig-ykcs11":
        piv: PivCard = request.getfixturevalue("piv_card")

        def on_the_rig() -> ListedCard:
            card_module.load_module(YKCS11_PATH)
            card_module.reinitialize(YKCS11_PATH)  # a fresh look, as after a re-insert
            _path, cards = discover(YKCS11_PATH)
            [card] = [c for c in cards if c.serial == str(piv.serial)]
            return card

        return Backend(on_the_rig(), {AUTH: piv.pin}, piv.puk, piv.hierarchy, Tries.FLAGGED, False, on_the_rig)
    practice = make_inprocess_card(tmp_path / "card.json", hierarchy, two_pins=request.param.endswith("two-pins"))
    return Backend(practice.card(), practice.pins, PRACTICE_PUK, hierarchy, Tries.COUNTED, False, practice.card)


def test_a_legacy_card_must_be_upgraded_and_asks_for_its_pins(backend: Backend) -> None:
    card = backend.card
    assert card.pin_roles == list(backend.pins)
    assert card.shared_pin is (len(backend.pins) == 1)
    certs = card.certificates()
    assert {c.info.purpose for c in certs} == {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
    assert assess([c.info for c in certs]).verdict is Verdict.MUST_UPGRADE
    assert {c.info.hsa_id for c in certs} == {PRACTICE_HOLDER.hsa_id}
    if not card.shared_pin:  # each certificate lives under the PIN of its purpose
        assert {c.info.purpose: c.role for c in certs} == {Purpose.AUTHENTICATION: AUTH, Purpose.SIGNATURE: SIGN}
    for role in card.pin_roles:
        assert card.pin_status(role).state is (PinState.UNKNOWN if backend.tries is Tries.UNKNOWN else PinState.OK)


@pytest.mark.parametrize("purpose", [Purpose.AUTHENTICATION, Purpose.SIGNATURE])
def test_a_new_pair_is_made_signed_with_installed_read_back_test_signed_and_deleted(
    backend: Backend, purpose: Purpose
) -> None:
    card = backend.card
    role = role_for_purpose(purpose) if not card.shared_pin else AUTH
    before = {c.key_id for c in card.certificates()}
    with card.open(role, backend.pins[role]) as session:
        key_id = session.free_key_id()
        assert key_id not in before
        new = session.generate_key(purpose, KeyType_.EC_P256, key_id)
        assert session.has_private_key(key_id)
        assert key_id in {k.key_id for k in session.private_keys()}
        csr = x509.CertificateSigningRequestBuilder().subject_name(PRACTICE_HOLDER.subject())
        signed = csr.sign(session.signer(key_id), hashes.SHA256())  # cryptography's builder, signed on the card
        assert signed.is_signature_valid and signed.public_key() == new.public_key
        cert = backend.hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), new.public_key, purpose)
        session.install_certificate(cert, key_id)
        assert session.read_certificate(key_id) == cert
        session.test_signature(key_id)
        assert {c.key_id for c in card.certificates()} == before | {key_id}  # old and new side by side
        assert session.delete_key_pair(key_id) >= 1
        assert session.read_certificate(key_id) is None
        if backend.deletes_keys:
            assert not session.has_private_key(key_id)
        # On PIV the key stays, unused. ykcs11 hides it for the rest of its session; the in-process card's
        # applet shows it at once. What the card holds is what a fresh look finds:
    assert {c.key_id for c in card.certificates()} == before
    again = backend.read_again()
    assert {c.key_id for c in again.certificates()} == before
    with again.open(role, backend.pins[role]) as session:
        assert session.has_private_key(key_id) is not backend.deletes_keys


def test_the_old_keys_sign_for_the_key_update_request(backend: Backend) -> None:
    card = backend.card
    old = next(c for c in card.certificates() if c.info.purpose is Purpose.AUTHENTICATION)
    with card.open(AUTH, backend.pins[AUTH]) as session:
        session.test_signature(old.key_id)


def test_a_wrong_pin_costs_a_try_and_a_final_try_is_never_spent_unasked(backend: Backend) -> None:
    card = backend.card
    role = card.pin_roles[-1]
    with pytest.raises(PinIncorrectError) as wrong:
        card.open(role, "999999")
    assert wrong.value.role is role
    if backend.tries is Tries.UNKNOWN:
        assert wrong.value.status.state is PinState.UNKNOWN
        return
    if backend.tries is Tries.FLAGGED:  # a try is gone, the number is not told
        assert wrong.value.status.state is PinState.COUNT_LOW and wrong.value.status.tries_left is None
    else:
        assert wrong.value.status.tries_left == 2
    with pytest.raises(PinIncorrectError):
        card.open(role, "999999")
    assert card.pin_status(role).state is PinState.FINAL_TRY
    with pytest.raises(PinFinalTryError):
        card.open(role, "999999")  # refused before anything is sent: still one try left
    assert card.pin_status(role).tries_left == 1
    card.open(role, backend.pins[role], confirm_final_try=True).close()
    assert card.pin_status(role).state is PinState.OK


def test_unblock_with_the_puk_sets_a_new_pin(backend: Backend) -> None:
    card = backend.card
    role = card.pin_roles[-1]
    card.unblock_pin(role, backend.puk, "246810")
    card.open(role, "246810").close()
    with pytest.raises(PinIncorrectError):
        card.open(role, backend.pins[role] if backend.pins[role] != "246810" else "135790")


def test_a_new_pin_and_a_puk_are_held_to_the_siths_form_on_every_card(backend: Backend) -> None:
    """One rulebook (card/rules.py): a new PIN has at least the 6 digits of a SITHS PIN and a PUK the 8 of the
    code envelope, on every card (the PKCS#11 cards took a new PIN of 4); nothing of a refused one is sent."""
    card = backend.card
    role = card.pin_roles[-1]
    before = card.pin_status(role)
    for new in ("2468", "24680"):
        with pytest.raises(PinFormatError):
            card.change_pin(role, backend.pins[role], new)
        with pytest.raises(PinFormatError):
            card.unblock_pin(role, backend.puk, new)
    with pytest.raises(PinFormatError):
        card.unblock_pin(role, backend.puk[:6], "246810")
    assert card.pin_status(role) == before
    card.open(role, backend.pins[role]).close()  # the PIN is the one it was
