"""An operation as its views see it: whose journal, which card steps it shows, and its own words.

The plan (plan.py) does the operation's work in the engine's run; its `operation` is what travels with the terms,
the events and the run to the views (the wizard's pages, the terminal), which ask it for their words instead of
asking which operation runs. The words are English source text marked for Qt Linguist under the operation's own
context; each view translates them as it translates the rest (the wizard with Qt, the terminal with the `.qm`
read without Qt), so the Swedish lives in resources/translations/sithsclient_sv.ts like every other sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sithsclient.upgrade.journal import Kind
from sithsclient.upgrade.steps import CARD_STEPS, Step


@dataclass(frozen=True)
class OperationWords:
    """Every sentence that differs between operations. Placeholders: {holder} {hsa_id} {organisation} (the terms'),
    {n} (certificates replaced), {seconds} (expected), {s} (taken), {names} (PINs the PUK unblocked), {left} (runs
    that still fit on a card that cannot delete keys)."""

    context: str  # the Qt Linguist context its sentences are translated under
    progress_title: str  # the progress page's header while certificates are made and fetched
    terms_subtitle: str
    terms_what: str  # what happens to the card
    terms_warning: str  # what the holder must know before (mail that becomes unreadable, look-alike pairs)
    terms_ready: str  # do not pull the card; {seconds}
    done_one: str  # the done page's summary when it took 1 second
    done_many: str  # ... {s} seconds
    done_unblocked_one: str  # ... when the PUK gave a PIN a new code during the run ({names})
    done_unblocked_many: str
    done_next: str  # what to do next
    terminal_terms_heading: str
    terminal_terms_points: tuple[str, ...]
    # The last step's name where it is not the seed's "Certifikaten är nedladdade och uppgraderingen är klar".
    step_names: Mapping[Step, str] = field(default_factory=dict)
    # Said on the terms where the card cannot delete a key (Terms.runs_left): how many more runs fit.
    terms_room: str = ""
    # Nothing to do on this card (a plan whose prepare() can answer None): the done page and the terminal say so.
    already_headline: str = ""
    already_summary: str = ""
    already_next: str = ""
    terminal_already_done: str = ""


@dataclass(frozen=True)
class Operation:
    name: str  # for the log: "upgrade", "extra pair"
    kind: Kind  # whose journal
    clean_up_step: Step | None  # the step the clean-up is shown as; None: it is quiet (nothing of the card's own goes)
    words: OperationWords

    @property
    def card_steps(self) -> tuple[Step, ...]:
        """The card steps this operation shows, in the order they run."""
        return tuple(s for s in CARD_STEPS if s is not Step.DELETE_OLD or self.clean_up_step is Step.DELETE_OLD)
