"""The renewal and the service's set, on SoftHSM2 against the practice issuing service: the set is asked as the
upgrade asks it, each due certificate renewed under the profile the set names for it, and a certificate of the
set the card lacks left to `fetch` (the terms say so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sithsclient.card.discovery import discover
from sithsclient.card.layouts import PinRole
from sithsclient.demo.issuer import IssuerServer
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from sithsclient.enroll import CmpEnroller
from sithsclient.pki.card_set import HSA_AUTH, HSA_SIGN, ONE, TWO
from sithsclient.pki.model import Purpose
from sithsclient.upgrade.engine import Engine, Outcome
from sithsclient.upgrade.journal import JournalStore, Kind
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.renew_plan import RenewPlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.renewal import provision_due_softhsm
from tests.fixtures.softhsm import SoftHsmCard, use_softhsm_conf

PINS = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}


def renew(issuer: IssuerServer, journal: Path) -> tuple[Outcome, ScriptedUser]:
    _path, [card] = discover(SOFTHSM_MODULE)
    user = ScriptedUser([dict(PINS) for _ in range(5)])
    engine = Engine(
        card,
        RenewPlan(60),
        CmpEnroller(issuer.client_settings()),
        user,
        journal_store=JournalStore(journal),
        presence=CardPresence(watch=False),
    )
    return engine.run(), user


# The service's set → the profile each due certificate was renewed under ("": none, as before the sets)
PROFILES = {
    TWO: {Purpose.AUTHENTICATION: HSA_AUTH, Purpose.SIGNATURE: HSA_SIGN},
    ONE: {Purpose.AUTHENTICATION: HSA_AUTH, Purpose.SIGNATURE: ""},
}


@pytest.mark.parametrize("name", [TWO, ONE])
def test_each_due_certificate_is_renewed_under_the_profile_of_the_services_set(
    practice_issuer: IssuerServer, practice_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    soft = provision_due_softhsm(tmp_path / "card", practice_state, 20)
    use_softhsm_conf(monkeypatch, soft.conf)
    practice_issuer.set_card_set(name)

    outcome, user = renew(practice_issuer, tmp_path / "journal")

    assert outcome.ok and not outcome.already_current, outcome
    _path, [card] = discover(SOFTHSM_MODULE)
    journal = JournalStore(tmp_path / "journal").load(card.serial, Kind.RENEWAL)
    assert journal is not None
    assert journal.card_set.startswith(f"{name} (") and journal.card_set.endswith("from the issuing service")
    assert {p.purpose: p.profile for p in journal.pairs} == PROFILES[name]
    assert sorted(c.info.purpose.value for c in card.certificates()) == ["authentication", "signature"]
    assert not user.terms_seen[0].fetch_later  # the card has its signature certificate


def test_a_signature_certificate_the_card_lacks_is_left_to_fetch_and_the_terms_say_so(
    practice_issuer: IssuerServer, practice_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soft = provision_due_softhsm(tmp_path / "card", practice_state, 20)
    use_softhsm_conf(monkeypatch, soft.conf)
    _path, [card] = discover(SOFTHSM_MODULE)
    signature = next(c for c in card.certificates() if c.info.purpose is Purpose.SIGNATURE)
    with card.open(PinRole.SIGNATURE, PINS[PinRole.SIGNATURE]) as session:  # a card of the 2024 platform
        session.delete_certificate(signature.key_id)
        session.delete_key_pair(signature.key_id)
    practice_issuer.set_card_set(TWO)

    outcome, user = renew(practice_issuer, tmp_path / "journal")

    assert outcome.ok, outcome
    assert user.terms_seen and user.terms_seen[0].fetch_later
    _path, [card] = discover(SOFTHSM_MODULE)
    assert [c.info.purpose for c in card.certificates()] == [Purpose.AUTHENTICATION]  # renewed, not grown


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("sv", "- Kortet har inget underskriftscertifikat. Förnyelsen lägger inte till något: det gör ”Hämta"),
        ("en", "- The card has no signature certificate. The renewal does not add one: “Fetch a signature"),
    ],
)
def test_the_terminal_terms_of_a_renewal_say_that_fetch_adds_the_missing_certificate(language: str, says: str) -> None:
    import io

    from rich.console import Console

    from sithsclient.commands.terminal import TerminalPrompter
    from sithsclient.commands.words import Words
    from sithsclient.upgrade.prompts import Terms
    from sithsclient.upgrade.renew_plan import RENEWAL

    out = io.StringIO()
    prompter = TerminalPrompter(Console(file=out, width=400), Words(language), pin_stdin=None, assume_yes=True)
    terms = Terms("Anna Andersson", "SE2321000131-S000000012345", 1, 10, RENEWAL)
    assert prompter.accept_terms(terms) and says not in out.getvalue()
    assert prompter.accept_terms(Terms(**{**terms.__dict__, "fetch_later": True})) and says in out.getvalue()
    assert "sithsclient fetch" in out.getvalue()


def test_a_card_of_the_set_of_four_renews_its_hsa_id_pair_and_never_takes_the_personnummer_pair_for_it(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    """After a set of four all four certificates start in the same second: the card's own pair is the HSA-id one,
    whichever the card lists first (before, the personnummer pair was at times renewed under the HSA-id profile)."""
    import datetime as dt

    from sithsclient.pki.card_set import FOUR, Identity, identity_of_issuer
    from tests.fixtures.engine import run_engine

    practice_issuer.set_card_set(FOUR)
    upgraded = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([dict(PINS)]))
    assert upgraded.outcome.ok
    _path, [card] = discover(SOFTHSM_MODULE)
    personnummer = {
        c.key_id_hex for c in card.certificates() if identity_of_issuer(c.info.issuer) is Identity.PERSONNUMMER
    }
    assert len(personnummer) == 2
    # Whichever the card lists first (the order of its objects): the card's own are the HSA-id pair.
    from types import SimpleNamespace

    run = SimpleNamespace(store=JournalStore(tmp_path / "j"), card=card)
    for listed in (card.certificates(), card.certificates()[::-1]):
        own = RenewPlan(60)._own_current(run, listed)  # type: ignore[arg-type]
        assert {identity_of_issuer(c.info.issuer) for c in own} == {Identity.HSA_ID}, [c.info.hsa_id for c in own]
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=700)  # within the 60 days before they end
    engine = Engine(
        card,
        RenewPlan(60, now=lambda: later),
        CmpEnroller(practice_issuer.client_settings()),
        ScriptedUser([dict(PINS) for _ in range(5)]),
        journal_store=JournalStore(tmp_path / "j"),
        presence=CardPresence(watch=False),
    )
    assert engine.run().ok
    journal = JournalStore(tmp_path / "j").load(card.serial, Kind.RENEWAL)
    assert journal is not None and {p.profile for p in journal.pairs} == {HSA_AUTH, HSA_SIGN}
    _path, [card] = discover(SOFTHSM_MODULE)
    after = {c.key_id_hex: identity_of_issuer(c.info.issuer) for c in card.certificates()}
    assert {k for k, i in after.items() if i is Identity.PERSONNUMMER} == personnummer  # untouched
    assert len(after) == 4 and not {p.old_key_id for p in journal.pairs} & set(after)  # the HSA-id pair renewed
