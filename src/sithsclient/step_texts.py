"""The steps' names as users know them from the old web page, for both views (the wizard and the terminal).

The seed gives them in Swedish; the catalogue (resources/translations/sithsclient_sv.ts, context "Steps") holds
exactly the seed's words, and tests/test_codes.py checks that it still does. Both views read them through the
same Qt-free catalogue, so they say the same words.
"""

from __future__ import annotations

from sithsclient import catalogue
from sithsclient.codes import QT_TRANSLATE_NOOP
from sithsclient.upgrade.steps import Step

CONTEXT = "Steps"

STEP_TEXT_EN = {
    Step.PREFLIGHT: QT_TRANSLATE_NOOP("Steps", "Checking the card"),
    Step.PINS: QT_TRANSLATE_NOOP("Steps", "PIN codes"),
    Step.TERMS: QT_TRANSLATE_NOOP("Steps", "Terms"),
    Step.GENERATE: QT_TRANSLATE_NOOP("Steps", "Generating certificate requests"),
    Step.FETCH_INSTALL: QT_TRANSLATE_NOOP("Steps", "Fetching and installing certificates"),
    Step.DELETE_OLD: QT_TRANSLATE_NOOP("Steps", "Deleting old certificates"),
    Step.DONE: QT_TRANSLATE_NOOP("Steps", "The certificates are downloaded and the upgrade is complete"),
}


def for_language(language: str) -> dict[Step, str]:
    """Every step's name in `language` ("sv" or "en"); an operation may name a step its own way (operation.py)."""
    texts = dict(STEP_TEXT_EN)
    if language == "en":
        return texts
    words = catalogue.for_language(language)
    return {step: words.translate(CONTEXT, text) for step, text in texts.items()}
