"""The steps' names as users know them from the old web page, for both views (the wizard and the terminal).

The seed gives them in Swedish; they are picked by language rather than translated, so that both views say
exactly the words of the seed.
"""

from __future__ import annotations

from sithsclient.upgrade.events import Step

STEP_TEXT_SV = {
    Step.PREFLIGHT: "Kontrollerar kortet",
    Step.PINS: "PIN-koder",
    Step.TERMS: "Villkor",
    Step.GENERATE: "Genererar certifikatsbegäran",
    Step.FETCH_INSTALL: "Hämtar och installerar certifikat",
    Step.DELETE_OLD: "Raderar gamla certifikat",
    Step.DONE: "Certifikaten är nedladdade och uppgraderingen är klar",
}
STEP_TEXT_EN = {
    Step.PREFLIGHT: "Checking the card",
    Step.PINS: "PIN codes",
    Step.TERMS: "Terms",
    Step.GENERATE: "Generating certificate requests",
    Step.FETCH_INSTALL: "Fetching and installing certificates",
    Step.DELETE_OLD: "Deleting old certificates",
    Step.DONE: "The certificates are downloaded and the upgrade is complete",
}

# The extra pair's last step: nothing was upgraded, a pair was added.
EXTRA_DONE_SV = "Det extra certifikatsparet är installerat"
EXTRA_DONE_EN = "The extra certificate pair is installed"


def for_language(language: str, *, extra: bool = False) -> dict[Step, str]:
    """Every step's name in `language` ("sv" or "en"); an extra pair's last step says a pair was added."""
    english = language == "en"
    texts = dict(STEP_TEXT_EN if english else STEP_TEXT_SV)
    if extra:
        texts[Step.DONE] = EXTRA_DONE_EN if english else EXTRA_DONE_SV
    return texts
