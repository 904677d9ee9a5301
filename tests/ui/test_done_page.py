"""The done page's sentence says "1 second" / "1 sekund" for one second, plural otherwise, in both languages."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.ui.pages.done import DonePage
from sithsclient.upgrade.extra import EXTRA_PAIR
from sithsclient.upgrade.upgrade_plan import UPGRADE

WORDS = {
    ("sv", 1): "byttes ut på 1 sekund.",
    ("sv", 12): "byttes ut på 12 sekunder.",
    ("en", 1): "replaced in 1 second.",
    ("en", 12): "replaced in 12 seconds.",
}
EXTRA = {
    ("sv", 1): "lades till på 1 sekund.",
    ("sv", 12): "lades till på 12 sekunder.",
    ("en", 1): "added in 1 second.",
    ("en", 12): "added in 12 seconds.",
}


@pytest.mark.parametrize(("seconds", "shown"), [(0.4, 1), (1.4, 1), (11.6, 12)])
def test_seconds_in_the_words_of_the_language(qtbot: QtBot, language: str, seconds: float, shown: int) -> None:
    page = DonePage()
    qtbot.addWidget(page)
    page.show_finished(UPGRADE, False, seconds)
    assert WORDS[(language, shown)] in page.summary.text()
    page.show_finished(EXTRA_PAIR, False, seconds, organisation="Kommun Övning")
    assert EXTRA[(language, shown)] in page.summary.text()
    assert "Kommun Övning" in page.summary.text()
