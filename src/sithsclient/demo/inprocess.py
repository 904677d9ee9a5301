"""The practice card in-process: the virtual PIV card of `vcard` in a reader that lives in this process.

No vpcd, no pcscd, no ykcs11 and no root: the program talks APDUs straight to `VirtualPivCard` through
`card.piv_card.PivCard`, so practice mode runs wherever the program runs. The card logic is the vcard's, the one
the PC/SC rig and the tests use. Pulling the card makes the next APDU fail (LinkLost) and tells every watcher
CARD_REMOVED, as a reader does; inserting reads the card's state file again (a card that lost power) and
tells CARD_INSERTED with its ATR.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from sithsclient.card import pcsc
from sithsclient.card.errors import CardRemovedError
from sithsclient.card.interface import SmartCard
from sithsclient.card.layouts import PinRole
from sithsclient.card.piv_card import CardNames, PivCard
from sithsclient.card.piv_client import ApduLink, LinkLost
from sithsclient.card.source import ListedCard, Watcher
from sithsclient.card.watcher import Listener, WatchEvent, WatchKind
from sithsclient.demo.vcard.constants import YUBIKEY5_ATR
from sithsclient.demo.vcard.piv import VirtualPivCard

log = logging.getLogger(__name__)

PRACTICE_READER = "Övningsläsare (sithsclient)"
# The practice card's names, where a card software would show its token labels (Net iD's style for two PINs).
PRACTICE_CARD_NAMES = CardNames(
    "Övningskort",
    {PinRole.AUTHENTICATION: "Övningskort (Legitimering)", PinRole.SIGNATURE: "Övningskort (Underskrift)"},
)


class PracticeReader:
    """One reader with the practice card (in or out). Thread-safe: the engine, the wizard's card queue and the
    practice panel use it from their own threads."""

    def __init__(self, state_path: Path, *, name: str = PRACTICE_READER, die_after: int | None = None) -> None:
        self.state_path = state_path
        self.name = name
        self.die_after = die_after  # pull the card right after answering this many APDUs (the pull matrix)
        self.apdu_count = 0  # answered since the card went in
        self._card: VirtualPivCard | None = None
        self._insertions = 0
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []

    @property
    def inserted(self) -> bool:
        return self._card is not None

    @property
    def insertions(self) -> int:
        return self._insertions

    def insert(self) -> None:
        with self._lock:
            if self._card is not None:
                return
            self._card = VirtualPivCard.from_file(self.state_path)
            self._card.power_on()
            self._insertions += 1
            self.apdu_count = 0
        self._tell(WatchKind.CARD_INSERTED, YUBIKEY5_ATR)

    def pull(self) -> None:
        with self._lock:
            if self._card is None:
                return
            self._card = None  # its state file holds what it wrote; what it held in memory is gone with power
        self._tell(WatchKind.CARD_REMOVED)

    def transmit(self, insertion: int, apdu: bytes) -> bytes:
        with self._lock:
            if self._card is None or insertion != self._insertions:
                raise LinkLost()
            answer = self._card.process(apdu)
            self.apdu_count += 1
            dies = self.die_after is not None and self.apdu_count >= self.die_after
        if dies:
            self.die_after = None
            self.pull()  # the answer got out; the next APDU finds no card, as with the rig's --die-after
        return answer

    def link(self) -> ApduLink:
        """A connection to the card in the reader now; it dies with this insertion."""
        with self._lock:
            if self._card is None:
                raise CardRemovedError()
            return _Link(self, self._insertions)

    def state(self) -> pcsc.ReaderState:
        with self._lock:
            present = self._card is not None
        return pcsc.ReaderState(self.name, present, YUBIKEY5_ATR if present else b"")

    # -- watchers ---------------------------------------------------------------------------------------

    def listen(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def unlisten(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _tell(self, kind: WatchKind, atr: bytes = b"") -> None:
        event = WatchEvent(kind, self.name, atr, time.monotonic())
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a listener's bug must not stop the card (as in the PC/SC watcher)
                log.exception("practice reader listener failed on %s", event)


class _Link:
    def __init__(self, reader: PracticeReader, insertion: int) -> None:
        self._reader = reader
        self._insertion = insertion

    def transmit(self, apdu: bytes) -> bytes:
        return self._reader.transmit(self._insertion, apdu)


class PracticeWatcher:
    """The practice reader's events for one listener: first the picture now (as the PC/SC watcher's first
    look), then every pull and insert."""

    def __init__(self, reader: PracticeReader, listener: Listener) -> None:
        self._reader = reader
        self._listener = listener
        self.ready = threading.Event()

    def start(self) -> None:
        self._listener(WatchEvent(WatchKind.READER_ADDED, self._reader.name, b"", time.monotonic()))
        self._reader.listen(self._listener)
        if self._reader.inserted:
            self._listener(WatchEvent(WatchKind.CARD_INSERTED, self._reader.name, YUBIKEY5_ATR, time.monotonic()))
        self.ready.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._reader.unlisten(self._listener)


class PracticeSource:
    """The card source of practice mode (card/source.py): one practice reader, its card when it is in."""

    def __init__(self, reader: PracticeReader, management_key: str | None = None) -> None:
        self.reader = reader
        self.management_key = management_key

    @property
    def name(self) -> str:
        return "practice card (in-process)"

    @property
    def reason(self) -> str:
        return "practice mode: the practice card inside the program"

    def readers(self) -> list[pcsc.ReaderState]:
        return [self.reader.state()]

    def cards(self, *, atrs: Sequence[bytes] | None = None) -> list[ListedCard]:
        if not self.reader.inserted:
            return []
        try:
            card = PivCard.connect(
                self.reader.link, self.reader.name, names=PRACTICE_CARD_NAMES, management_key_hex=self.management_key
            )
            return [card]
        except CardRemovedError:
            return []  # pulled while we looked

    def start_over(self) -> None:
        """Nothing to start over: every look is of the card itself."""

    def watcher(self, listener: Listener) -> Watcher:
        return PracticeWatcher(self.reader, listener)

    def watches(self, card: SmartCard) -> bool:
        return card.reader == self.reader.name
