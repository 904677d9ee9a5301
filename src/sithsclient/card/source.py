"""Where readers, cards and their comings and goings come from: the seam between the app layer and the card.

`Pkcs11Source` is today's world (PKCS#11 module for cards, PC/SC for readers and the watcher thread). Practice
mode's in-process card is another source (demo/inprocess.py). `status`, the wizard's first page and card watching,
the engine's wait for the same card and the terminal commands ask a source, so a pull from the practice panel
reaches them as the same WatchEvents a real reader gives.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

from sithsclient.card import pcsc, settle
from sithsclient.card.interface import SmartCard
from sithsclient.card.layouts import Layout, PinRole
from sithsclient.card.watcher import CardWatcher, Listener


class ListedCard(SmartCard, Protocol):
    """A card as the pages and `status` show it, besides what the engine needs."""

    @property
    def label(self) -> str: ...
    @property
    def layout(self) -> Layout: ...
    def token_label(self, role: PinRole) -> str: ...
    def describe_slot(self, key_id: bytes) -> str: ...


class Watcher(Protocol):
    """Reports reader and card events to its listener, from a thread of its own, between start() and stop()."""

    ready: threading.Event

    def start(self) -> None: ...
    def stop(self, timeout: float = 5.0) -> None: ...


class CardSource(Protocol):
    @property
    def name(self) -> str:
        """What `status` calls the card software: the module's path, or the practice card."""
        ...

    @property
    def reason(self) -> str:
        """Why this card software (card/module.py's choose_module), for status and IT support; English."""
        ...

    def readers(self) -> list[pcsc.ReaderState]:
        """Raises pcsc.PcscError when the smart card service does not run."""
        ...

    def cards(self, *, atrs: Sequence[bytes] | None = None) -> list[ListedCard]:
        """Every card there is now (`atrs`: of the cards in the readers, if already read). Raises NoModuleError
        when no card software loads."""
        ...

    def start_over(self) -> None:
        """Before a fresh look after reader events (some modules see a re-inserted card only then)."""
        ...

    def watcher(self, listener: Listener) -> Watcher: ...

    def watches(self, card: SmartCard) -> bool:
        """Whether the card's removal is reported the moment it happens (else a failing command is the sign)."""
        ...


class Pkcs11Source:
    """The card software of the PC: a PKCS#11 module, with PC/SC for readers and events."""

    def __init__(
        self, module: str | None = None, configured: str | None = None, management_key: str | None = None
    ) -> None:
        self.module = module
        self.configured = configured
        self.management_key = management_key
        self._path = ""
        self._reason = ""

    @property
    def name(self) -> str:
        return self._path

    @property
    def reason(self) -> str:
        return self._reason

    def readers(self) -> list[pcsc.ReaderState]:
        return pcsc.snapshot()

    def cards(self, *, atrs: Sequence[bytes] | None = None) -> list[ListedCard]:
        from sithsclient.card.discovery import discover_choice  # loads python-pkcs11's module only when asked

        choice, cards = discover_choice(self.module, self.configured, management_key_hex=self.management_key, atrs=atrs)
        self._path, self._reason = choice.path, choice.reason
        return list(cards)

    def start_over(self) -> None:
        from sithsclient.card import module as card_module

        card_module.start_over_all()

    def watcher(self, listener: Listener) -> Watcher:
        return CardWatcher(listener)

    def watches(self, card: SmartCard) -> bool:
        try:
            return any(r.name == card.reader for r in pcsc.snapshot())
        except pcsc.PcscError:
            return False


def cards_once_settled(source: CardSource) -> list[ListedCard]:
    """The cards the card software shows. When it shows none while PC/SC has a card in a reader (a card just put
    in, or another program reading it at that moment: the SITHS eID app, Net iD, a second run), it is looked at
    again (settle.py) before the answer is "no card"."""

    def card_in_a_reader() -> bool:
        try:
            return any(reader.card_present for reader in source.readers())
        except pcsc.PcscError:
            return False

    return settle.look_until_settled(
        source.cards,
        lambda cards: settle.settled(card_in_a_reader(), len(cards)),
        start_over=source.start_over,
    )
