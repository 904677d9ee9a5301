"""A third operation reaches every view through its `Operation` alone (plan.py's recipe, tried): the progress,
terms and done pages and the terminal show its steps and its words, and no view names it."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from rich.console import Console

from sithsclient.commands.terminal import OperationSay, ProgressPrinter, TerminalPrompter
from sithsclient.commands.words import Words
from sithsclient.ui import i18n
from sithsclient.ui.pages.done import DonePage
from sithsclient.ui.pages.progress import ProgressPage
from sithsclient.ui.pages.terms import TermsPage
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.journal import Kind
from sithsclient.upgrade.operation import Operation, OperationWords
from sithsclient.upgrade.prompts import Terms
from sithsclient.upgrade.steps import Step

# Words under a context the catalogue does not have: every view says the source text, in either language.
RENEWAL = Operation(
    "renewal",
    Kind.UPGRADE,
    Step.DELETE_OLD,
    OperationWords(
        context="TestRenewal",
        step_names={Step.DONE: "The certificates are renewed"},
        progress_title="Renewing the certificates",
        terms_subtitle="Read this before the certificates are renewed.",
        terms_what="The {n} certificates of {holder} ({hsa_id}) are renewed.",
        terms_warning="The expiring certificates are deleted afterwards.",
        terms_ready="It takes about {seconds} seconds.",
        done_one="Renewed in 1 second.",
        done_many="Renewed in {s} seconds.",
        done_unblocked_one="Renewed in 1 second; {names} has a new PIN code.",
        done_unblocked_many="Renewed in {s} seconds; {names} has a new PIN code.",
        done_next="Restart the programs that use the card.",
        terminal_terms_heading="Renewal of the card of {holder} ({hsa_id})",
        terminal_terms_points=("- {n} certificates are renewed.",),
    ),
)
TERMS = Terms("Anna Andersson", "SE2321000131-S000000012345", 2, 40, RENEWAL)


@pytest.fixture
def english(qapp: object) -> Iterator[None]:
    before = i18n.current()
    i18n.install("en")
    yield
    i18n.install(before)


def test_the_pages_ask_the_operation_for_their_steps_and_words(qtbot: QtBot, english: None) -> None:
    progress, terms, done = ProgressPage(), TermsPage(), DonePage()
    for page in (progress, terms, done):
        qtbot.addWidget(page)

    progress.reset(RENEWAL)
    progress.on_event(ev.StepStarted(Step.GENERATE))
    assert progress.title() == "Renewing the certificates"
    assert progress.steps() == (Step.GENERATE, Step.FETCH_INSTALL, Step.DELETE_OLD, Step.DONE)
    assert progress.names[Step.DONE].text() == "The certificates are renewed"

    terms.show_terms(TERMS)
    assert terms.subTitle() == "Read this before the certificates are renewed."
    assert terms.what.text() == "The 2 certificates of Anna Andersson (SE2321000131-S000000012345) are renewed."
    assert terms.mail.text() == "The expiring certificates are deleted afterwards."

    done.show_finished(RENEWAL, False, 3.2, unblocked=["PIN för underskrift"])
    assert done.headline.text() == "The certificates are renewed"
    assert done.summary.text() == "Renewed in 3 seconds; PIN för underskrift has a new PIN code."


def test_the_terminal_asks_the_operation_for_its_terms_and_steps() -> None:
    out = io.StringIO()
    console = Console(file=out, width=200, highlight=False)
    words = Words("en")
    prompter = TerminalPrompter(console, words, pin_stdin=None, assume_yes=True)
    assert prompter.accept_terms(TERMS)
    printer = ProgressPrinter(console, RENEWAL, OperationSay("en"), words)
    printer(ev.StepStarted(Step.DONE))
    printed = out.getvalue()
    assert "Renewal of the card of Anna Andersson (SE2321000131-S000000012345)" in printed
    assert "- 2 certificates are renewed." in printed
    assert "→ The certificates are renewed" in printed
