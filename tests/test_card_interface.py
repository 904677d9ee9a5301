"""The card interface (card/interface.py) as the engine uses it, one suite over every card backend that runs
here: PKCS#11 on SoftHSM2 (Net iD layout, two PINs) and the in-process practice card (the vcard's applet over
APDUs, one PIN and two). A difference between practice and PKCS#11 shows up as a failing test here.

What differs by nature is said where it is asserted: SoftHSM2 has no retry counter (tries unknown), PIV cannot
delete a key (its certificate goes, the key stays unused).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from sithsclient.card.errors import PinFinalTryError, PinIncorrectError, PinState
from sithsclient.card.layouts import PinRole
from sithsclient.card.model import KeyType_, role_for_purpose
from sithsclient.card.source import ListedCard
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Purpose, Verdict
from tests.fixtures.inprocess import make_inprocess_card
from tests.fixtures.softhsm import SoftHsmCard

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE


@dataclass
class Backend:
    card: ListedCard
    pins: dict[PinRole, str]
    hierarchy: PracticeHierarchy
    counts_tries: bool  # the card tells how many tries are left (not SoftHSM2)
    deletes_keys: bool  # PIV has no command to delete a key


@pytest.fixture(params=["softhsm", "practice-one-pin", "practice-two-pins"])
def backend(request: pytest.FixtureRequest, tmp_path: Path, hierarchy: PracticeHierarchy) -> Backend:
    if request.param == "softhsm":
        soft: SoftHsmCard = request.getfixturevalue("softhsm_card")
        return Backend(soft.card, {AUTH: "123456", SIGN: "654321"}, soft.hierarchy, False, True)
    practice = make_inprocess_card(tmp_path / "card.json", hierarchy, two_pins=request.param.endswith("two-pins"))
    return Backend(practice.card(), practice.pins, hierarchy, True, False)


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
        assert card.pin_status(role).state is (PinState.OK if backend.counts_tries else PinState.UNKNOWN)


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
        assert session.has_private_key(key_id) is not backend.deletes_keys  # PIV: the key stays, unused
    assert {c.key_id for c in card.certificates()} == before


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
    if not backend.counts_tries:
        assert wrong.value.status.state is PinState.UNKNOWN
        return
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
    card.unblock_pin(role, "12345678", "246810")
    card.open(role, "246810").close()
    with pytest.raises(PinIncorrectError):
        card.open(role, backend.pins[role] if backend.pins[role] != "246810" else "135790")
