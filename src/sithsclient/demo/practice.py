"""Practice mode: a legacy practice card and the local issuing service, started together.

`PracticeSession` is what `sithsclient demo` and the wizard's practice panel drive: pull and insert the card,
make the issuing service fail in each way it can, block a PIN. Everything it starts it stops.
The practice card is the virtual PIV card of `vcard`. By default it sits in a reader inside this process
(inprocess.py: no drivers, no root, any OS) and comes in two layouts: one PIN that serves both legitimering and
underskrift, or two PINs, each with its own tries and PUK. With `rig=True` it sits in the PC/SC rig (pcscd +
vpcd + ykcs11, Linux and root) instead, where it has the one-PIN layout.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import platformdirs
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.card.layouts import PinRole
from sithsclient.card.source import CardSource
from sithsclient.config import Config
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.inprocess import PracticeReader, PracticeSource
from sithsclient.demo.issuer.faults import Fault, FaultSetting
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.issuer.standing import issue_for_card
from sithsclient.demo.vcard import state as card_state
from sithsclient.demo.vcard.provision import PRACTICE_PIN, PRACTICE_PUK, provision_practice_card
from sithsclient.pki.model import Purpose

if TYPE_CHECKING:
    from sithsclient.demo.rig import PcscRig

log = logging.getLogger(__name__)


def default_directory() -> Path:
    return Path(platformdirs.user_data_dir("sithsclient", appauthor=False)) / "practice"


@dataclass(frozen=True)
class PracticeInfo:
    pin: str
    puk: str
    serial: str
    holder: str
    hsa_id: str
    issuer_url: str
    reader: str
    pin_count: int = 1
    # A two-PIN card's PIN för underskrift and its PUK; None on a one-PIN card.
    sig_pin: str | None = None
    sig_puk: str | None = None


class PracticeSession:
    """Start with `with PracticeSession() as practice:`; `practice.config` points the program at it."""

    def __init__(
        self, directory: Path | None = None, *, fresh_card: bool = True, rig: bool = False, pins: int = 1
    ) -> None:
        if pins not in (1, 2) or (rig and pins != 1):
            raise ValueError("a practice card has one PIN or two; the PC/SC rig's has one")
        self.directory = directory or default_directory()
        self.fresh_card = fresh_card
        self.pin_count = pins
        self.card_path = self.directory / "card.json"
        self.journal_dir = self.directory / "journal"
        self.rig: PcscRig | None = None
        if rig:
            from sithsclient.demo.rig import PcscRig  # Linux only (fcntl, pcscd): not on the in-process path

            self.rig = PcscRig()
        self.reader_in_process: PracticeReader | None = None if rig else PracticeReader(self.card_path)
        self.issuer: IssuerServer | None = None
        self._serial = 0
        self._hierarchy: PracticeHierarchy | None = None

    # -- life cycle --------------------------------------------------------------------------------------

    def start(self) -> PracticeSession:
        self.directory.mkdir(parents=True, exist_ok=True)
        state_dir = self.directory / "issuer"
        self._hierarchy = PracticeHierarchy.load_or_create(state_dir)
        if self.fresh_card or not self.card_path.exists():
            self._new_card()
        else:
            state = card_state.load(self.card_path)
            self._serial = state.serial
            self.pin_count = 2 if state.two_pins else 1
        self.issuer = IssuerServer.open(state_dir)
        self.issuer.start()
        try:
            if self.rig is not None:
                self.rig.start()
                self.rig.insert(self.card_path)
            elif self.reader_in_process is not None:
                self.reader_in_process.insert()
        except BaseException:
            self.stop()
            raise
        log.info("practice mode: card %s in %s, issuing service %s", self._serial, self.reader, self.issuer.url)
        return self

    def _new_card(self, due_in_days: int | None = None) -> None:
        """A new legacy card: every practice run starts where a real user starts, with no journal. With
        `due_in_days`, an upgraded card instead, whose pair the practice service issued and ends in so many days."""
        assert self._hierarchy is not None
        issue = None
        if due_in_days is not None:
            assert self.issuer is not None
            ledger, ca = self.issuer.service.ledger, self.issuer.service.keys.issuing

            def issue(subject: x509.Name, public: rsa.RSAPublicKey, purpose: Purpose) -> x509.Certificate:
                return issue_for_card(ledger, ca, subject, public, purpose, days=due_in_days)

        made = provision_practice_card(self.card_path, self._hierarchy, two_pins=self.pin_count == 2, issue=issue)
        self._serial = made[0].serial
        for old in self.journal_dir.glob("*.json"):
            old.unlink()

    def stop(self) -> None:
        if self.rig is not None:
            self.rig.stop()
        if self.reader_in_process is not None:
            self.reader_in_process.pull()
        if self.issuer is not None:
            self.issuer.stop()
            self.issuer = None

    def __enter__(self) -> PracticeSession:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    # -- what the program is pointed at ------------------------------------------------------------------

    @property
    def reader(self) -> str:
        if self.rig is not None:
            return self.rig.reader_name(0)
        assert self.reader_in_process is not None
        return self.reader_in_process.name

    @property
    def card_source(self) -> CardSource | None:
        """Where the program finds the practice card: the in-process reader, or (rig) the PC's card software."""
        return PracticeSource(self.reader_in_process) if self.reader_in_process is not None else None

    @property
    def trust_files(self) -> tuple[str, ...]:
        state = self.directory / "issuer"
        return (str(state / "root.pem"), str(state / "person_ca.pem"))

    @property
    def config(self) -> Config:
        assert self.issuer is not None
        module = None  # the in-process card needs no card software
        if self.rig is not None:
            from sithsclient.demo.rig import YKCS11_PATH

            module = YKCS11_PATH
        return Config(module=module, issuer_url=self.issuer.url, trust=self.trust_files)

    @property
    def info(self) -> PracticeInfo:
        """The practice card as it is now: its codes from the card itself, so that a PIN the PUK or "Change PIN
        code" set is the one shown."""
        assert self.issuer is not None
        pin, puk, sig_pin, sig_puk = PRACTICE_PIN, PRACTICE_PUK, None, None
        try:
            state = card_state.load(self.card_path)
            pin, puk = state.pin, state.puk
            if state.two_pins:
                sig_pin, sig_puk = state.sig_pin, state.sig_puk
        except (OSError, ValueError, KeyError):  # being written: the codes it was made with
            log.debug("practice card state not readable now", exc_info=True)
        return PracticeInfo(
            pin=pin,
            puk=puk,
            serial=str(self._serial),
            holder=PRACTICE_HOLDER.common_name,
            hsa_id=PRACTICE_HOLDER.hsa_id,
            issuer_url=self.issuer.url,
            reader=self.reader,
            pin_count=self.pin_count,
            sig_pin=sig_pin,
            sig_puk=sig_puk,
        )

    # -- the practice panel ------------------------------------------------------------------------------

    @property
    def card_inserted(self) -> bool:
        if self.reader_in_process is not None:
            return self.reader_in_process.inserted
        assert self.rig is not None
        card = self.rig.card(0)
        return card is not None and card.alive

    @property
    def can_change_layout(self) -> bool:
        return self.rig is None

    # Each change from the panel is logged: a rehearsal's log then tells what was practised, as a real one tells
    # what happened.
    def pull_card(self) -> None:
        log.info("practice: the card is pulled out")
        if self.reader_in_process is not None:
            self.reader_in_process.pull()
        elif self.card_inserted:
            assert self.rig is not None
            self.rig.pull(0)  # until PC/SC has seen it go (about 0.4 s), so a quick re-insert is a new card

    def insert_card(self) -> None:
        log.info("practice: the card is put in")
        if self.reader_in_process is not None:
            self.reader_in_process.insert()
        elif not self.card_inserted:
            # Waits until PC/SC shows the card (about 0.4 s); if the virtual reader will not take it back, the rig
            # replugs the reader (a few seconds; see PcscRig._replug).
            assert self.rig is not None
            self.rig.insert(self.card_path)

    def set_pin_count(self, pins: int) -> None:
        """Another practice card, with one PIN or two: the card is pulled, a new legacy card goes in."""
        if self.rig is not None or pins not in (1, 2):
            raise ValueError("only the in-process practice card has a two-PIN layout")
        self.pin_count = pins
        self.new_card()

    def new_card(self) -> None:
        """A fresh legacy practice card of the same layout in place of this one: practise again from the start."""
        log.info("practice: a fresh practice card goes in")
        self.pull_card()
        self._new_card()
        self.insert_card()

    def make_due(self, days: int) -> None:
        """Another practice card, already upgraded, whose certificates end in `days` days: due for renewal."""
        log.info("practice: a card due for renewal, its certificates ending in %d days", days)
        self.pull_card()
        self._new_card(due_in_days=days)
        self.insert_card()

    def set_fault(self, fault: str) -> None:
        """One of the issuing service's faults by name ("none", "reject", "delay=5", ...)."""
        assert self.issuer is not None
        self.issuer.set_fault(FaultSetting.parse(fault))
        log.info("practice: the issuing service's behaviour is %s", fault)

    def service_delay_s(self) -> float:
        """The issuing service's set delay before a certificate ("delay=5"; 0 otherwise): the terms say it."""
        assert self.issuer is not None
        fault = self.issuer.service.faults.get()
        return fault.delay_seconds if fault.fault is Fault.DELAY else 0.0

    def set_card_set(self, name: str) -> None:
        """Which certificates the issuing service gives the card (pki/card_set.py): "two", "four" or "one"."""
        assert self.issuer is not None
        self.issuer.set_card_set(name)
        log.info("practice: the issuing service issues the set %s", name)

    def order_extra_pair(self) -> tuple[str, str]:
        """(reference, one-time code) of a new order for an extra pair, as another organisation's card office
        makes it: for the practice holder, with a fresh HSA-ID there, so that a second order can be rehearsed as
        the refusal it meets (a card holds one extra pair)."""
        assert self.issuer is not None
        hsa_id = f"SE2120001234-S{secrets.randbelow(10**12):012d}"
        order = self.issuer.add_order(hsa_id, given_name=PRACTICE_HOLDER.given_name, surname=PRACTICE_HOLDER.surname)
        assert order.secret is not None
        return order.reference, order.secret

    def block_pin(self, role: str = PinRole.AUTHENTICATION) -> None:
        """As after three wrong PINs: only the PUK helps. The card is pulled and put back to change it. On a
        two-PIN card `role` names the PIN (`signature`: PIN för underskrift); a one-PIN card has one to block."""
        log.info("practice: the %s PIN is blocked", role)
        was_in = self.card_inserted
        if self.rig is not None:
            self.rig.pull(0, wait=was_in)
        else:
            self.pull_card()
        state = card_state.load(self.card_path)
        if role == PinRole.SIGNATURE and state.two_pins:
            state.sig_pin_tries_left = 0
        else:
            state.pin_tries_left = 0
        card_state.save(state, self.card_path)
        if was_in:
            self.insert_card()
