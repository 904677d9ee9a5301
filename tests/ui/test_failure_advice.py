"""Whom the failure page names depends on what failed, and the organisation's own card office and IT support
(configuration / MSI properties) are named with their details; in both languages. The pages are the real ones,
fed the engine's real outcomes; the terms page shows the organisation's terms and the time of this run."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextBlock, QTextDocument, QTextFragment
from pytestqt.qtbot import QtBot

from sithsclient import advice
from sithsclient.config import Config
from sithsclient.ui.pages.failure import FailurePage
from sithsclient.ui.pages.terms import TermsPage
from sithsclient.upgrade.engine import Outcome
from sithsclient.upgrade.prompts import Terms
from sithsclient.upgrade.upgrade_plan import UPGRADE

CONFIG = Config(
    card_office_name="Kortkontoret, Region Exempel",
    card_office_phone="010-123 45 67",
    it_support_name="IT-servicedesk",
    it_support_web="https://it.region.example",
    terms_url="https://region.example/villkor",
)
CARD_OFFICE = "Kortkontoret, Region Exempel · 010-123 45 67"
IT_SUPPORT = "IT-servicedesk · https://it.region.example"


# code -> (words of the advice in sv, in en; whose details follow, if any)
CASES = {
    "network.http_status": ("Försök igen senare", "Try again later", IT_SUPPORT),
    "cmp.protection": ("Kontakta din lokala IT-support", "Contact your local IT support", IT_SUPPORT),
    "service.refused": ("Kontakta din lokala biträdande utgivare", "Contact your local card office", CARD_OFFICE),
    "pin.blocked": ("kodkuvertet", "code envelope", CARD_OFFICE),
    "cancelled": ("Ingenting behöver göras", "Nothing needs to be done", None),
    "card.wrong_card": ("Det här kan du rätta till själv", "You can put this right yourself", None),
}


@pytest.mark.parametrize("code", list(CASES))
def test_the_failure_page_names_whom_to_turn_to(qtbot: QtBot, language: str, code: str) -> None:
    page = FailurePage(advice.contacts(CONFIG))
    qtbot.addWidget(page)
    page.show_outcome(Outcome(False, code, "the engine's sentence", retry_safe=True))
    shown = page.contact.text()
    sv, en, details = CASES[code]
    assert (sv if language == "sv" else en) in shown, shown
    for contact in (CARD_OFFICE, IT_SUPPORT):
        assert (contact in shown) == (contact == details), shown


def test_without_configured_contacts_the_page_names_the_kind_of_helper_only(qtbot: QtBot, language: str) -> None:
    page = FailurePage()
    qtbot.addWidget(page)
    page.show_outcome(Outcome(False, "service.refused", "refused", retry_safe=False))
    assert page.contact.text().count("\n") == 0  # one sentence, no empty "Ditt kortkontor:" line
    assert ("biträdande utgivare" if language == "sv" else "card office") in page.contact.text()


def test_the_terms_page_shows_the_terms_and_the_time_of_this_run(qtbot: QtBot, language: str) -> None:
    page = TermsPage(CONFIG.terms_text, CONFIG.terms_url)
    qtbot.addWidget(page)
    page.show_terms(Terms("Anna Andersson", "SE2321000131-S000000012345", 2, 3, UPGRADE))
    assert "https://region.example/villkor" in page.terms_link.text()
    summary = page.holder_terms.text()
    assert ("låna aldrig ut kortet" if language == "sv" else "never lend the card") in summary
    ready = page.ready.text()
    assert ("cirka 3 sekunder" if language == "sv" else "about 3 seconds") in ready
    assert "PIN" not in ready  # the PINs were given on the page before


def test_a_web_address_in_the_configuration_must_be_one(tmp_path: object) -> None:
    from pathlib import Path

    from sithsclient.config import ConfigError, load

    assert isinstance(tmp_path, Path)
    bad = tmp_path / "config.toml"
    bad.write_text('it_support_web = "it.region.example"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="it_support_web must be a web address"):
        load(str(bad), machine_file=tmp_path / "none.toml", user_file=tmp_path / "none2.toml", registry=dict)


def test_the_it_support_view_names_the_last_stop_and_its_runbook_entry(qtbot: QtBot, language: str) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from sithsclient.ui.dialogs.diagnostics import DiagnosticsDialog
    from sithsclient.ui.tasks import TaskQueue
    from sithsclient.upgrade.journal import JournalStore

    parent = QWidget()
    qtbot.addWidget(parent)
    queue = TaskQueue("test", parent)
    dialog = DiagnosticsDialog(CONFIG, JournalStore(Path("/nonexistent")), queue, parent)
    dialog.show_last_stop("pin.blocked")
    queue.shutdown()  # its thread ends before the widgets go
    text = dialog.last_stop.text()
    assert "pin.blocked" in text
    assert text.endswith(f"runbook-{language}.md#pin.blocked")
    assert Path(text.rsplit(": ", 1)[1].split("#")[0]).exists()  # the file it points to is there


def test_a_terms_address_with_a_query_is_one_working_link(qtbot: QtBot) -> None:
    """An organisation's address with `&` and a quote in it: the label shows it whole and links to it exactly."""
    url = 'https://region.example/villkor?kort=siths&lt=sv&namn="a"'
    page = TermsPage(None, url)
    qtbot.addWidget(page)
    document = QTextDocument()
    document.setHtml(page.terms_link.text())
    assert url in document.toPlainText()
    block = document.begin()
    anchors = {fragment.charFormat().anchorHref() for fragment in _fragments(block) if fragment.charFormat().isAnchor()}
    assert anchors == {url}


def _fragments(block: QTextBlock) -> list[QTextFragment]:
    found, it = [], block.begin()
    while not it.atEnd():
        found.append(it.fragment())
        it += 1
    return found
