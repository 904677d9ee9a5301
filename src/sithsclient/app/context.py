"""What a view works with: the configuration, where journals live, how to reach the issuing service, and, in
practice mode, the controls of the practice rig. Tests build one with their own issuing service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sithsclient.app.runs import RunSettings
from sithsclient.card.model import KeyType_
from sithsclient.card.source import CardSource
from sithsclient.codes import Code
from sithsclient.config import Config
from sithsclient.enroll.errors import ConfigurationError
from sithsclient.enroll.interface import Enroller
from sithsclient.enroll.setup import cmp_enroller, probe
from sithsclient.upgrade.duration import ServiceSpeed
from sithsclient.upgrade.journal import JournalStore


class PracticeInfoLike(Protocol):
    @property
    def pin(self) -> str: ...
    @property
    def puk(self) -> str: ...
    @property
    def reader(self) -> str: ...
    @property
    def sig_pin(self) -> str | None: ...  # a two-PIN card's PIN för underskrift (None: one PIN)
    @property
    def sig_puk(self) -> str | None: ...


class PracticeControls(Protocol):
    """What the practice panel drives; `demo.practice.PracticeSession` is one."""

    @property
    def info(self) -> PracticeInfoLike: ...
    @property
    def card_inserted(self) -> bool: ...
    @property
    def pin_count(self) -> int: ...
    @property
    def can_change_layout(self) -> bool: ...
    @property
    def card_source(self) -> CardSource | None: ...
    def pull_card(self) -> None: ...
    def insert_card(self) -> None: ...
    def set_fault(self, fault: str) -> None: ...
    def set_card_set(self, name: str) -> None: ...
    def block_pin(self, role: str = "authentication") -> None: ...
    def set_pin_count(self, pins: int) -> None: ...
    def new_card(self) -> None: ...
    def order_extra_pair(self) -> tuple[str, str]: ...
    def make_due(self, days: int) -> None: ...
    def service_delay_s(self) -> float:
        """How long the practice service is set to take before it gives a certificate (0: at once)."""
        ...


class NoIssuerConfigured(ConfigurationError):
    code = Code.CONFIG_NO_ISSUER


@dataclass
class AppContext:
    config: Config
    journal_store: JournalStore
    make_enroller: Callable[[], Enroller] | None = None  # None: from the configuration
    practice: PracticeControls | None = None
    wait_for_card_s: float = 600.0
    card_source: CardSource | None = None  # None: the PC's card software (PKCS#11 and PC/SC)
    service_speed: ServiceSpeed = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.card_source is None and self.practice is not None:
            self.card_source = self.practice.card_source  # the in-process practice card (None: the PC/SC rig)
        practice = self.practice
        # The practice service's speed is set on its panel; a real one's is measured by the session's runs.
        self.service_speed = ServiceSpeed(practice.service_delay_s if practice is not None else None)

    def enroller(self) -> Enroller:
        if self.make_enroller is not None:
            return self.make_enroller()
        if not self.config.issuer_url:
            raise NoIssuerConfigured("no issuer_url in the configuration")
        return cmp_enroller(self.config.issuer_url, self.config.trust, self.config.tls_ca_bundle)

    def reachable(self) -> Callable[[], None] | None:
        url = self.config.issuer_url
        if not url:
            return None

        def check() -> None:  # the way it went is the support report's to say, not the run's
            probe(url)

        return check

    def run_settings(self) -> RunSettings:
        return RunSettings(
            self.journal_store,
            KeyType_(self.config.key_type),
            self.reachable(),
            self.wait_for_card_s,
            practice=self.practice is not None,
            card_source=self.card_source,
            service_speed=self.service_speed,
        )
