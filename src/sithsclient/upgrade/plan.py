"""What differs between the operations the engine runs, and what the engine offers them while it runs.

The engine's run is fixed (engine.py): preflight → PINs → terms → make keys → fetch and install → clean up →
done, with the wait for the same card and the log-in again around every card step. A `Plan` supplies only what
is particular to one operation: which journal, what it will do on this card, its terms, how a certificate is
asked for, what is cleaned up afterwards. It sees the run only through `Run`, never the engine's own state. Its
`operation` (operation.py) is what the views see of it: they ask that for their words, never which plan runs.

A new operation (renewing an expiring pair, say), as the upgrade (upgrade_plan.py) and the extra pair (extra.py):
  1. its plan file: a `Plan`, and its `Operation` (a `Kind` of its own in journal.py: its journal file);
  2. its words: `<name>_words.py` beside it, an `OperationWords` under a Qt Linguist context of its own, then
     `scripts/translations.py update` and the Swedish in resources/translations/sithsclient_sv.ts;
  3. its tests: the engine on the stand-ins and SoftHSM2 (tests/test_engine_*.py), its terminal command;
  4. its way in: a `sithsclient <name>` command (commands/extra.py is the pattern) and, for the wizard, what
     starts it on the card page. The engine, the events, the progress, terms and done pages and the terminal's
     run stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sithsclient.card.interface import PinSession, SmartCard
from sithsclient.card.model import CardCertificate
from sithsclient.enroll.interface import Enroller, KeyUpdateResult
from sithsclient.pki.model import Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.journal import Journal, JournalStore, PairRecord
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.prompts import Terms

T = TypeVar("T")


class Run(Protocol):
    """The engine as a plan sees it, for the length of one run."""

    @property
    def card(self) -> SmartCard:
        """The card as it is now: after a pull it is a new object, so look it up each time."""
        ...

    @property
    def store(self) -> JournalStore: ...
    @property
    def enroller(self) -> Enroller: ...
    @property
    def journal(self) -> Journal:
        """The journal `Plan.prepare` returned."""
        ...

    def session(self, purpose: Purpose) -> PinSession:
        """The logged-in session whose PIN guards keys of `purpose`."""
        ...

    def sessions(self) -> list[PinSession]:
        """Every logged-in session once (on a card with one shared PIN, that is one)."""
        ...

    def call_service(self, call: Callable[[], T]) -> T:
        """Call the issuing service; its failures and a lost network stop the run with their code."""
        ...

    def with_card(self, action: Callable[[], T]) -> T:
        """Run a card action outside the engine's card steps (the terms): after a pull, wait for the same card, log
        in again and run it again, as the steps do."""
        ...

    def probe_service(self) -> None:
        """Stop the run now if the issuing service cannot be reached (when the run was given a probe)."""
        ...

    def emit(self, event: ev.Event) -> None: ...
    def took_service(self, seconds: float) -> None:
        """The issuing service took `seconds` to give one certificate: later runs' terms say it (duration.py)."""
        ...

    def expected_seconds(self, keys: int) -> int:
        """What the terms page says a run making `keys` keys takes (upgrade/duration.py)."""
        ...

    def save(self) -> None: ...


class Plan(Protocol):
    operation: Operation  # whose journal, the steps shown, the words

    def prepare(self, run: Run, certs: list[CardCertificate]) -> Journal | None:
        """Preflight: check the card, and return the journal of what is to be done on it (a resumed one, or new
        from the card). None: the card is already as this operation would leave it. Raises UpgradeStopped."""
        ...

    def check_service(self, run: Run) -> None:
        """Still preflight, with `run.journal` set (a failure is written to it): ask the issuing service what
        must be known before any PIN is asked. Raises UpgradeStopped."""
        ...

    def terms(self, run: Run, certs: list[CardCertificate]) -> Terms: ...

    def request(self, run: Run, pair: PairRecord) -> Callable[[], KeyUpdateResult]:
        """The call that asks the issuing service for `pair`'s certificate (its new key is on the card)."""
        ...

    def clean_up(self, run: Run) -> None:
        """After every new certificate is installed, read back and test-signed."""
        ...

    def forget(self) -> None:
        """The run ended: drop whatever secret the plan held (a one-time code)."""
        ...
