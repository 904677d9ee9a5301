"""Practice mode: the PC/SC rig with a legacy practice card, and the local issuing service, started together.

`PracticeSession` is what `sithsclient demo` and the wizard's practice panel drive: pull and insert the card,
make the issuing service fail in each way it can, block the PIN. Everything it starts it stops.
The practice card is a PIV card (the rig's virtual card through Yubico's ykcs11): it has ONE PIN that serves
both legitimering and underskrift, and a PUK. The two-PIN Net iD layout is covered by the SoftHSM2 tests.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import platformdirs

from sithsclient.config import Config
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.issuer.faults import FaultSetting
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.rig import YKCS11_PATH, PcscRig
from sithsclient.demo.vcard import state as card_state
from sithsclient.demo.vcard.provision import PRACTICE_PIN, PRACTICE_PUK, provision_practice_card

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


class PracticeSession:
    """Start with `with PracticeSession() as practice:`; `practice.config` points the program at it."""

    def __init__(self, directory: Path | None = None, *, fresh_card: bool = True) -> None:
        self.directory = directory or default_directory()
        self.fresh_card = fresh_card
        self.rig = PcscRig()
        self.issuer: IssuerServer | None = None
        self.card_path = self.directory / "card.json"
        self.journal_dir = self.directory / "journal"
        self._serial = 0

    # -- life cycle --------------------------------------------------------------------------------------

    def start(self) -> PracticeSession:
        self.directory.mkdir(parents=True, exist_ok=True)
        state_dir = self.directory / "issuer"
        hierarchy = PracticeHierarchy.load_or_create(state_dir)
        if self.fresh_card or not self.card_path.exists():
            # A new legacy card each time: every practice run starts where a real user starts.
            self._serial = provision_practice_card(self.card_path, hierarchy)[0].serial
            for old in self.journal_dir.glob("*.json"):
                old.unlink()
        else:
            self._serial = card_state.load(self.card_path).serial
        self.issuer = IssuerServer.open(state_dir)
        self.issuer.start()
        try:
            self.rig.start()
            self.rig.insert(self.card_path)
        except BaseException:
            self.stop()
            raise
        log.info("practice mode: card %s in %s, issuing service %s", self._serial, self.reader, self.issuer.url)
        return self

    def stop(self) -> None:
        self.rig.stop()
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
        return self.rig.reader_name(0)

    @property
    def trust_files(self) -> tuple[str, ...]:
        state = self.directory / "issuer"
        return (str(state / "root.pem"), str(state / "person_ca.pem"))

    @property
    def config(self) -> Config:
        assert self.issuer is not None
        return Config(module=YKCS11_PATH, issuer_url=self.issuer.url, trust=self.trust_files)

    @property
    def info(self) -> PracticeInfo:
        assert self.issuer is not None
        return PracticeInfo(
            pin=PRACTICE_PIN,
            puk=PRACTICE_PUK,
            serial=str(self._serial),
            holder=PRACTICE_HOLDER.common_name,
            hsa_id=PRACTICE_HOLDER.hsa_id,
            issuer_url=self.issuer.url,
            reader=self.reader,
        )

    # -- the practice panel ------------------------------------------------------------------------------

    @property
    def card_inserted(self) -> bool:
        card = self.rig.card(0)
        return card is not None and card.alive

    def pull_card(self) -> None:
        if self.card_inserted:
            self.rig.pull(0)  # until PC/SC has seen it go (about 0.4 s), so a quick re-insert is a new card

    def insert_card(self) -> None:
        # Waits until PC/SC shows the card (about 0.4 s); if the virtual reader will not take it back, the rig
        # replugs the reader (a few seconds; see PcscRig._replug).
        if not self.card_inserted:
            self.rig.insert(self.card_path)

    def set_fault(self, fault: str) -> None:
        """One of the issuing service's faults by name ("none", "reject", "delay=5", ...)."""
        assert self.issuer is not None
        self.issuer.set_fault(FaultSetting.parse(fault))

    def order_extra_pair(self) -> tuple[str, str]:
        """(reference, one-time code) of a new order for an extra pair, as another organisation's card office
        makes it: for the practice holder, with a fresh HSA-ID there, so that a second order can be rehearsed as
        the refusal it meets (a card holds one extra pair)."""
        assert self.issuer is not None
        hsa_id = f"SE2120001234-S{secrets.randbelow(10**12):012d}"
        order = self.issuer.add_order(hsa_id, given_name=PRACTICE_HOLDER.given_name, surname=PRACTICE_HOLDER.surname)
        assert order.secret is not None
        return order.reference, order.secret

    def block_pin(self) -> None:
        """As after three wrong PINs: only the PUK helps. The card is pulled and put back to change it."""
        was_in = self.card_inserted
        self.rig.pull(0, wait=was_in)
        state = card_state.load(self.card_path)
        state.pin_tries_left = 0
        card_state.save(state, self.card_path)
        if was_in:
            self.rig.insert(self.card_path)
