"""The steps of an operation on a card, as the engine runs them and the views show them."""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    """The seed's steps, in order. The four card steps carry the texts users know from the old web page (the
    views' step_texts.py)."""

    PREFLIGHT = "preflight"
    PINS = "pins"
    TERMS = "terms"
    GENERATE = "generate"  # "Genererar certifikatsbegäran"
    FETCH_INSTALL = "fetch_install"  # "Hämtar och installerar certifikat"
    DELETE_OLD = "delete_old"  # "Raderar gamla certifikat"
    DONE = "done"  # "Certifikaten är nedladdade och uppgraderingen är klar"


CARD_STEPS = (Step.GENERATE, Step.FETCH_INSTALL, Step.DELETE_OLD, Step.DONE)
