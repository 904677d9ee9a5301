"""The upgrade replaces the old pair by the set the issuing service decides: SoftHSM2 cards in the Net iD and SAC
layouts against the practice service over HTTP, each set in turn; the card holds exactly that set afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from sithsclient import config, diagnostics
from sithsclient.card.discovery import discover
from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.issuer.sets import PRACTICE_PERSONNUMMER
from sithsclient.demo.softhsm import SOFTHSM_MODULE, provision_softhsm_card
from sithsclient.pki.card_set import FOUR, ONE, TWO
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.upgrade.journal import JournalStore, Phase
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser, run_engine
from tests.fixtures.softhsm import SoftHsmCard, use_softhsm_conf

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE
RIGHT = {AUTH: "123456", SIGN: "654321"}
HSA, PNR = PRACTICE_HOLDER.hsa_id, PRACTICE_PERSONNUMMER

# What each set leaves on the card: (purpose, the subject's serialNumber)
EXPECTED = {
    TWO: {(Purpose.AUTHENTICATION, HSA), (Purpose.SIGNATURE, HSA)},
    FOUR: {
        (Purpose.AUTHENTICATION, HSA),
        (Purpose.SIGNATURE, HSA),
        (Purpose.AUTHENTICATION, PNR),
        (Purpose.SIGNATURE, PNR),
    },
    ONE: {(Purpose.AUTHENTICATION, HSA)},
}


@pytest.fixture(params=["netid", "sac"])
def layout_card(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hierarchy: PracticeHierarchy
) -> SoftHsmCard:
    soft = provision_softhsm_card(tmp_path / "softhsm", hierarchy, PRACTICE_HOLDER, style=request.param)
    use_softhsm_conf(monkeypatch, soft.conf)
    _path, cards = discover(SOFTHSM_MODULE)
    assert len(cards) == 1, cards
    return SoftHsmCard(soft, cards[0], hierarchy)


def held(card: SoftHsmCard) -> list[tuple[Purpose, str, str, Generation]]:
    return [(c.info.purpose, c.info.hsa_id, c.info.issuer, c.info.generation) for c in card.rediscover().certificates()]


def private_keys(card: SoftHsmCard) -> int:
    total = 0
    for role in card.card.pin_roles:
        with card.card.open(role, RIGHT[role]) as session:
            total += len(session.private_keys())
    return total


@pytest.mark.parametrize("name", [TWO, FOUR, ONE])
def test_the_card_holds_exactly_the_services_set_afterwards(
    layout_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path, name: str
) -> None:
    practice_issuer.set_card_set(name)
    run = run_engine(layout_card.card, practice_issuer, tmp_path / "journal", ScriptedUser([RIGHT]))
    assert run.outcome.ok, run.codes()

    certs = held(layout_card)
    assert all(generation is Generation.CURRENT for *_, generation in certs)  # the old pair is gone
    assert {(purpose, serial) for purpose, serial, _, _ in certs} == EXPECTED[name]
    assert len(certs) == len(EXPECTED[name])
    for purpose, serial, issuer, _ in certs:
        expected_ca = "SITHS e-id Person ID 3 CA v1" if serial == PNR else "SITHS e-id Person HSA-id 3 CA v1"
        assert issuer.startswith(expected_ca), (purpose, issuer)
    assert private_keys(layout_card) == len(EXPECTED[name])  # no old key, no orphan
    terms = run.user.terms_seen[0]
    assert terms.card_set is not None and terms.card_set.name == name
    journal = JournalStore(tmp_path / "journal").load(layout_card.card.serial)
    assert journal is not None and journal.phase is Phase.DONE
    assert journal.card_set.startswith(f"{name} (") and "from the issuing service" in journal.card_set


def test_a_service_that_cannot_say_gets_the_configurations_set_and_says_so(
    layout_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    practice_issuer.set_card_set(None)
    # The practice service without a set still issues a key update without a profile: today's pair.
    run = run_engine(layout_card.card, practice_issuer, tmp_path / "journal", ScriptedUser([RIGHT]))
    assert run.outcome.ok, run.codes()
    assert {(p, s) for p, s, _, _ in held(layout_card)} == EXPECTED[TWO]
    journal = JournalStore(tmp_path / "journal").load(layout_card.card.serial)
    assert journal is not None
    assert "from the configuration (card_set)" in journal.card_set
    assert any("from the configuration" in entry["what"] for entry in journal.history)
    # The IT-support report says it too, under the card's journal.
    data = diagnostics.report(config.Config(), JournalStore(tmp_path / "journal"), read_cards=False)
    report = diagnostics.as_text(data)
    assert "    certificates: two, from the configuration (card_set): the issuing service did not say" in report
    # In a Swedish report, in Swedish: the set's name and the service's answer as they are.
    swedish = diagnostics.as_text(data, "sv")
    assert "    certifikat: two, enligt konfigurationen (card_set): utfärdartjänsten sade inte vilka (" in swedish
    assert "from the configuration" not in swedish


def test_the_configurations_set_of_one_is_used_when_the_service_cannot_say(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    from sithsclient.enroll.client import CmpEnroller
    from sithsclient.upgrade.engine import Engine

    practice_issuer.set_card_set(None)
    user = ScriptedUser([RIGHT])
    engine = Engine(
        softhsm_card.card,
        UpgradePlan("one"),
        CmpEnroller(practice_issuer.client_settings()),
        user,
        journal_store=JournalStore(tmp_path / "journal"),
    )
    assert engine.run().ok
    certs = softhsm_card.rediscover().certificates()
    assert {(c.info.purpose, c.info.hsa_id) for c in certs} == EXPECTED[ONE]
    assert assess([c.info for c in certs]).verdict is not Verdict.MUST_UPGRADE
    assert user.terms_seen[0].card_set is not None and user.terms_seen[0].card_set.name == ONE


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_report_names_a_set_the_service_gave_in_its_own_language(language: str) -> None:
    from sithsclient.pki.card_set import Source, named_set
    from sithsclient.upgrade.card_sets import describe

    kept = describe(named_set(FOUR, source=Source.SERVICE), "")
    said = diagnostics._Say(language).card_set(kept)
    profiles = "siths-hsa-id-authentication, siths-hsa-id-signature, siths-personnummer-authentication"
    assert said.startswith(f"    {'certifikat' if language == 'sv' else 'certificates'}: four ({profiles}, ")
    assert said.endswith("enligt utfärdartjänsten" if language == "sv" else "from the issuing service")
    # A text from another version is shown as it is
    assert diagnostics._Say(language).card_set("two, service").endswith(": two, service")
