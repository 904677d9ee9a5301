"""The renewal in the wizard, on a SoftHSM2 card (Net iD layout) whose pair the practice service issued and that
ends in 20 days: the first page offers it, the reminder's button opens it, and where the card office renews
(`renewal = "card_office"`) both name the card office instead."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.app.context import AppContext
from sithsclient.app.reminders import Reminder, ReminderKind, reminders
from sithsclient.card.layouts import PinRole
from sithsclient.config import Config
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.issuer.standing import issue_for_card
from sithsclient.demo.practice import PracticeSession
from sithsclient.demo.softhsm import SOFTHSM_MODULE, SoftCard
from sithsclient.demo.vcard.provision import provision_practice_card
from sithsclient.pki.model import Generation, Purpose
from sithsclient.status import gather
from sithsclient.ui import i18n
from sithsclient.ui.app import Session
from sithsclient.ui.notify import Reminders, ReminderTexts, ReminderWindow
from sithsclient.ui.wizard import PageId
from sithsclient.upgrade.journal import JournalStore
from tests.fixtures.pcsc import PivCard
from tests.fixtures.renewal import provision_due_softhsm
from tests.fixtures.softhsm import use_softhsm_conf
from tests.ui.conftest import MakeWizard, piv_config
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    page_text,
    type_pins,
    visible_text,
    wait_page,
    wait_text,
)

OFFICE = {"card_office_name": "Kortkontoret, Region Övning", "card_office_phone": "010-123 45 67"}


@pytest.fixture
def due_card(practice_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SoftCard:
    soft = provision_due_softhsm(tmp_path / "card", practice_state, 20)
    use_softhsm_conf(monkeypatch, soft.conf)
    return soft


def config(issuer: IssuerServer, **settings: object) -> Config:
    return Config(module=SOFTHSM_MODULE, issuer_url=issuer.url, **settings)  # type: ignore[arg-type]


def test_the_first_page_offers_the_renewal_and_it_runs_to_the_end(
    qtbot: QtBot, wizard_on: MakeWizard, due_card: SoftCard, practice_issuer: IssuerServer
) -> None:
    wizard = wizard_on(config(practice_issuer), practice_issuer)
    wait_text(qtbot, wizard, "Förnya dem nu")
    first = page_text(wizard)
    assert "(om 19 dagar)" in first or "(om 20 dagar)" in first, first
    renew = button(wizard, Button.NextButton)  # an upgraded card: the page's main button renews it
    qtbot.waitUntil(renew.isEnabled)
    assert renew.text() == "&Förnya certifikaten"

    click(qtbot, renew)
    type_pins(qtbot, wizard, due_card.pins[PinRole.AUTHENTICATION], due_card.pins[PinRole.SIGNATURE])
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.TERMS)
    terms = page_text(wizard)
    assert "får nya certifikat innan de nuvarande går ut" in terms and "förnyelsen" in terms
    assert "plats för" not in terms  # SoftHSM2 deletes keys: no count of renewals left
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)
    wait_text(qtbot, wizard, "Certifikaten förnyades")
    assert "Raderar gamla certifikat" in visible_text(wizard.progress_page)
    [report] = gather(SOFTHSM_MODULE).cards
    assert {c.info.generation for c in report.certificates} == {Generation.CURRENT}
    assert all(c.info.days_left() > 700 for c in report.certificates)


def test_where_the_card_office_renews_the_page_names_it_and_offers_nothing(
    qtbot: QtBot, wizard_on: MakeWizard, due_card: SoftCard, practice_issuer: IssuerServer
) -> None:
    wizard = wizard_on(config(practice_issuer, renewal="card_office", **OFFICE), practice_issuer)
    wait_text(qtbot, wizard, "I din organisation är det kortkontoret som förnyar dem.")
    assert "Kortkontoret, Region Övning · 010-123 45 67" in page_text(wizard)
    assert not button(wizard, Button.NextButton).isEnabled()  # nothing this program may do
    assert button(wizard, Button.NextButton).text() == "&Uppgradera kortet"


@pytest.mark.parametrize("renewal", ["self", "card_office"])
def test_the_reminder_says_who_renews_and_opens_the_wizard_on_the_card(
    qtbot: QtBot, qapp: object, due_card: SoftCard, tmp_path: Path, renewal: str
) -> None:
    i18n.install("sv")
    found = reminders(gather(SOFTHSM_MODULE).cards)
    cfg = dataclasses.replace(Config(module=SOFTHSM_MODULE, renewal=renewal), **OFFICE)  # type: ignore[arg-type]
    shown = Reminders(found, AppContext(cfg, JournalStore(tmp_path / "journal")))
    try:
        window = shown.window
        assert isinstance(window, ReminderWindow)
        said = visible_text(window)
        if renewal == "self":
            assert "Klicka här för att förnya det nu." in said and "Kortkontoret" not in said
        else:
            assert "Kontakta din biträdande utgivare i god tid." in said
            assert "Kortkontoret, Region Övning · 010-123 45 67" in said
        click(qtbot, window.open_button)
        assert shown.session is not None
        wizard = shown.session.wizard
        qtbot.waitUntil(wizard.isVisible)
        wait_text(qtbot, wizard, "Dina certifikat går ut")
        next_button = button(wizard, Button.NextButton)
        qtbot.waitUntil(lambda: next_button.isEnabled() is (renewal == "self"))
    finally:
        shown.close()
        i18n.install("sv")


def test_the_practice_panel_makes_the_card_due_and_the_renewal_is_practised(
    qtbot: QtBot, qapp: object, tmp_path: Path
) -> None:
    """The in-process practice card is a PIV card: it keeps its old keys, so the terms count the renewals left."""
    i18n.install("sv")
    with PracticeSession(tmp_path / "practice") as practice:
        session = Session(AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice))
        try:
            session.show()
            wizard, panel = session.wizard, session.panel
            assert panel is not None
            wait_text(qtbot, wizard, practice.info.hsa_id)
            assert "Förnya dem nu" not in page_text(wizard)  # a legacy card: the upgrade, not a renewal
            click(qtbot, panel.due)
            wait_text(qtbot, wizard, "Dina certifikat går ut")
            assert "(om 19 dagar)" in page_text(wizard) or "(om 20 dagar)" in page_text(wizard)
            qtbot.waitUntil(button(wizard, Button.NextButton).isEnabled)
            click(qtbot, button(wizard, Button.NextButton))
            type_pins(qtbot, wizard, practice.info.pin)
            click(qtbot, button(wizard, Button.NextButton))
            wait_page(qtbot, wizard, PageId.TERMS)
            assert "Det här kortet kan inte radera en nyckel" in page_text(wizard)
            assert "efter den här finns det plats för 9 till" in page_text(wizard)
            accept_terms(qtbot, wizard)
            wait_page(qtbot, wizard, PageId.DONE)
            wait_text(qtbot, wizard, "Certifikaten förnyades")
        finally:
            session.close()


@pytest.mark.pcsc
def test_the_wizard_renews_a_card_due_in_20_days_on_the_pcsc_rig(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path
) -> None:
    state = tmp_path / "due.json"
    service = piv_issuer.service
    provision_practice_card(
        state,
        piv_card.hierarchy,
        issue=lambda subject, public, purpose: issue_for_card(
            service.ledger, service.keys.issuing, subject, public, purpose, days=20
        ),
    )
    piv_card.rig.pull(0)
    piv_card.rig.insert(state)
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_text(qtbot, wizard, "Förnya dem nu")
    qtbot.waitUntil(button(wizard, Button.NextButton).isEnabled)
    click(qtbot, button(wizard, Button.NextButton))
    type_pins(qtbot, wizard, piv_card.pin)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.TERMS)
    assert "efter den här finns det plats för 9 till" in page_text(wizard)
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE, timeout=120_000)
    wait_text(qtbot, wizard, "Certifikaten förnyades")
    click(qtbot, button(wizard, Button.FinishButton))
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_the_reminder_sends_an_extra_pairs_holder_to_that_organisations_card_office(qapp: object) -> None:
    i18n.install("sv")
    extra = Reminder(ReminderKind.EXPIRES, "1", "Anna", Purpose.SIGNATURE, 20, "2027-01-01", "Kommun Övning")
    own = dataclasses.replace(extra, organisation="")
    cfg = dataclasses.replace(Config(renewal="self"), **OFFICE)  # type: ignore[arg-type]

    said = ReminderTexts().message([extra], cfg)

    assert said == (
        "Certifikatet för underskrift från Kommun Övning går ut 2027-01-01. Kontakta kortkontoret i Kommun Övning i "
        "god tid."
    )  # not "click here": this program does not renew it, and not our card office's number either
    assert "Klicka här för att förnya det nu." in ReminderTexts().message([own], cfg)
