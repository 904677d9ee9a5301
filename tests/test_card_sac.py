"""Thales SAC (IDPrime) and Net iD's generic "(PIN1)"/"(PIN2)" cards, modelled on SoftHSM2 (real PKCS#11): found as
one card each, each PIN on its own token, and on SAC the upgrade end to end with two PINs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sithsclient.card.discovery import discover
from sithsclient.card.layouts import LayoutKind, PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.softhsm import SOFTHSM_MODULE, provision_softhsm_card, sac_key_id
from sithsclient.pki.model import Generation, Purpose
from tests.fixtures.cli import Shell
from tests.fixtures.engine import ScriptedUser, run_engine
from tests.fixtures.softhsm import SoftHsmCard, use_softhsm_conf
from tests.test_cli_status import run

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE
RIGHT = {AUTH: "123456", SIGN: "654321"}


def provisioned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hierarchy: PracticeHierarchy, style: str
) -> SoftHsmCard:
    soft = provision_softhsm_card(tmp_path / "softhsm", hierarchy, PRACTICE_HOLDER, style=style)  # type: ignore[arg-type]
    use_softhsm_conf(monkeypatch, soft.conf)
    _path, cards = discover(SOFTHSM_MODULE)
    assert len(cards) == 1, cards
    return SoftHsmCard(soft, cards[0], hierarchy)


@pytest.fixture
def sac_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hierarchy: PracticeHierarchy) -> Iterator[SoftHsmCard]:
    yield provisioned(tmp_path, monkeypatch, hierarchy, "sac")


def test_sac_tokens_make_one_card_with_a_pin_per_token(sac_card: SoftHsmCard) -> None:
    card = sac_card.card
    assert card.layout.kind is LayoutKind.SAC
    assert card.pin_roles == [AUTH, SIGN] and card.label == "SITHS e-id kort"
    by_purpose = {c.info.purpose: c for c in card.certificates()}
    assert by_purpose[Purpose.AUTHENTICATION].role is AUTH and by_purpose[Purpose.SIGNATURE].role is SIGN
    # The key a certificate belongs to is the one with its public key: CKA_ID is SHA-1 of the modulus.
    for purpose, cert in by_purpose.items():
        assert cert.key_id == sac_key_id(sac_card.soft.certificates[purpose].public_key())  # type: ignore[arg-type]


def test_sac_upgrade_end_to_end_with_two_pins(
    sac_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    run_ = run_engine(sac_card.card, practice_issuer, tmp_path / "journal", ScriptedUser([RIGHT]))
    assert run_.outcome.ok, run_.outcome
    assert set(run_.user.asked[0].roles) == {AUTH, SIGN}
    certs = sac_card.rediscover().certificates()
    assert {(c.info.generation, c.info.purpose, c.role) for c in certs} == {
        (Generation.CURRENT, Purpose.AUTHENTICATION, AUTH),
        (Generation.CURRENT, Purpose.SIGNATURE, SIGN),
    }
    # Each new key was made under the PIN it belongs to, and its certificate found by its public key.
    for role, pin in RIGHT.items():
        with sac_card.card.open(role, pin) as session:
            [key] = session.private_keys()
            [cert] = [c for c in certs if c.role is role]
            assert key.key_id == cert.key_id
            assert session.read_certificate(key.key_id) == cert.info.cert
            session.test_signature(key.key_id)


def test_status_json_on_a_sac_card(sac_card: SoftHsmCard) -> None:
    result = run("status", "--json", "--module", SOFTHSM_MODULE)
    assert result.returncode == 0, result.stderr
    [card] = json.loads(result.stdout)["cards"]
    assert card["layout"] == "sac" and card["verdict"] == "must_upgrade"
    assert [(t["label"], t["pin"]) for t in card["tokens"]] == [
        ("SITHS e-id kort", "authentication"),
        ("SITHS e- (Digital Signature PIN)", "signature"),
    ]


def test_netid_generic_labels_take_the_pin_from_key_usage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hierarchy: PracticeHierarchy
) -> None:
    card = provisioned(tmp_path, monkeypatch, hierarchy, "netid_generic")
    assert card.card.layout.kind is LayoutKind.NETID and card.card.pin_roles == [AUTH, SIGN]
    assert {c.info.purpose: c.role for c in card.card.certificates()} == {
        Purpose.AUTHENTICATION: AUTH,
        Purpose.SIGNATURE: SIGN,
    }
    result = run("status", "--json", "--module", SOFTHSM_MODULE)
    [data] = json.loads(result.stdout)["cards"]
    assert [(t["label"], t["pin"]) for t in data["tokens"]] == [
        ("SITHS e-id kort (PIN1)", "authentication"),
        ("SITHS e-id kort (PIN2)", "signature"),
    ]


def test_netid_generic_pin1_holding_the_signature_certificate_is_the_signature_pin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hierarchy: PracticeHierarchy
) -> None:
    card = provisioned(tmp_path, monkeypatch, hierarchy, "netid_generic_reversed")
    assert {c.info.purpose: c.role for c in card.card.certificates()} == {
        Purpose.AUTHENTICATION: AUTH,
        Purpose.SIGNATURE: SIGN,
    }
    with card.card.open(SIGN, "654321") as session:  # the signature PIN opens the "(PIN1)" token
        assert len(session.private_keys()) == 1
    assert card.card.token(SIGN).label.strip() == "SITHS e-id kort (PIN1)"


def test_two_real_sac_cards_with_one_label_are_told_apart_by_serial() -> None:
    """A real SAC card gives both its tokens the card's serial (SoftHSM2 cannot): two cards with the same label in
    two readers pair up by serial. Token views only (no module behind them: grouping reads labels and serials)."""
    from sithsclient.card.discovery import TokenView, group_cards

    def view(slot: int, reader: str, label: str, serial: str) -> TokenView:
        return TokenView(slot, reader, label, serial, "Gemalto", "ID Prime MD", None)  # type: ignore[arg-type]

    views = [
        view(0, "Reader A", "SITHS e-id kort", "AAAA"),
        view(1, "Reader B", "SITHS e-id kort", "BBBB"),
        view(2, "Reader B (Digital Signature PIN)", "SITHS e- (Digital Signature PIN)", "BBBB"),
        view(3, "Reader A (Digital Signature PIN)", "SITHS e- (Digital Signature PIN)", "AAAA"),
    ]
    cards = group_cards("/stand-in/eTPKCS11.dll", None, views)
    assert sorted((c.serial, c.slot_ids[AUTH], c.slot_ids[SIGN], c.reader) for c in cards) == [
        ("AAAA", 0, 3, "Reader A"),
        ("BBBB", 1, 2, "Reader B"),
    ]
    assert all(c.layout.kind is LayoutKind.SAC and c.layout.pin_tries_in_flags for c in cards)


def test_diagnose_says_which_module_and_why(sac_card: SoftHsmCard) -> None:
    result = run("diagnose", "--lang", "en", env={"SITHSCLIENT_PKCS11_MODULE": SOFTHSM_MODULE})
    assert result.returncode == 0, result.stderr
    assert f"PKCS#11 module: {SOFTHSM_MODULE}" in result.stdout
    assert "chosen because: set in SITHSCLIENT_PKCS11_MODULE; no other card software is tried" in result.stdout


def test_sac_card_tells_its_free_key_containers(sac_card: SoftHsmCard) -> None:
    with sac_card.card.open(AUTH, RIGHT[AUTH]) as session:
        assert session.key_room() == 15 - 2  # IDPrime's 15 containers, two taken by the old pairs


@pytest.mark.slow  # `make test` only: make check runs the SAC upgrade in the engine
def test_sac_upgrade_from_the_shell(shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`sithsclient upgrade` in its own process on the SAC card, then `status --json` on what it left."""
    soft = provision_softhsm_card(
        tmp_path / "sac", PracticeHierarchy.load(shell.state), PRACTICE_HOLDER, style="sac", prefix="SITHS kort SAC"
    )
    shell.env["SOFTHSM2_CONF"] = str(soft.conf)
    use_softhsm_conf(monkeypatch, soft.conf)
    result = shell.run_upgrade()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "uppgraderingen är klar" in result.stdout
    status = run("status", "--json", env=shell.env)
    [card] = json.loads(status.stdout)["cards"]
    assert card["layout"] == "sac" and card["verdict"] == "current"
    assert sorted((c["purpose"], c["generation"]) for c in card["certificates"]) == [
        ("authentication", "current"),
        ("signature", "current"),
    ]
