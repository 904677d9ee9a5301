"""One engine run, built the same way for the wizard and the command line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sithsclient.app import card_lock
from sithsclient.card.interface import SmartCard
from sithsclient.card.model import KeyType_
from sithsclient.card.source import CardSource, Pkcs11Source
from sithsclient.enroll.interface import Enroller
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.duration import ServiceSpeed
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.plan import Plan
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.prompts import Prompter


@dataclass(frozen=True)
class RunSettings:
    """What a run is given besides its card, plan, issuing service and person: from the configuration."""

    journal_store: JournalStore
    key_type: KeyType_ = KeyType_.RSA_2048
    reachable: Callable[[], None] | None = None  # asks the issuing service whether it answers, before any PIN
    wait_for_card_s: float = 600.0
    practice: bool = False  # practice mode: the terms page says the time a practice card takes
    card_source: CardSource | None = None  # None: the PC's card software; practice mode's in-process card
    # Another run on the same card (app/card_lock.py): the wizard waits for it, the command line refuses.
    wait_for_other_run: bool = False
    lock_directory: Path | None = None  # None: the user's data folder
    service_speed: ServiceSpeed | None = None  # the session's: its runs measure it, the terms say it


def watchable(card: SmartCard, source: CardSource | None = None) -> bool:
    """Whether the source sees the card's reader, so that its removal is reported the moment it happens. A card
    that PC/SC does not know (SoftHSM2) is watched through its module's errors alone."""
    return (source or Pkcs11Source()).watches(card)


def new_run(
    card: SmartCard,
    plan: Plan,
    enroller: Enroller,
    prompter: Prompter,
    listener: ev.Listener,
    settings: RunSettings,
) -> Engine:
    return Engine(
        card,
        plan,
        enroller,
        prompter,
        journal_store=settings.journal_store,
        listener=listener,
        presence=CardPresence(watch=watchable(card, settings.card_source), source=settings.card_source),
        key_type=settings.key_type,
        reachable=settings.reachable,
        wait_for_card_s=settings.wait_for_card_s,
        practice=settings.practice,
        exclusive=card_lock.exclusive_runs(wait=settings.wait_for_other_run, directory=settings.lock_directory),
        service_speed=settings.service_speed,
    )
