"""The wizard on real parts: an offscreen Qt, the PC/SC rig (or SoftHSM2), the practice issuing service.

    def test_x(wizard_on, piv_card, piv_issuer):
        wizard = wizard_on(piv_config(piv_card, piv_issuer), piv_issuer)
        ...   # drive it as a user: type, click, wait for what the user would see

Nothing is mocked: the engine runs on its own thread, the card answers over PC/SC, the issuing service over
HTTP. The helpers in `tests/ui/driver.py` only click and type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.app.context import AppContext
from sithsclient.config import Config
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.practice import PracticeSession
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.enroll.client import CmpEnroller
from sithsclient.ui import i18n
from sithsclient.ui.wizard import UpgradeWizard
from sithsclient.upgrade.journal import JournalStore

MakeWizard = Callable[..., UpgradeWizard]


def piv_config(issuer: IssuerServer) -> Config:
    return Config(module=YKCS11_PATH, issuer_url=issuer.url)


@pytest.fixture
def wizard_on(qtbot: QtBot, qapp: object, tmp_path: Path) -> Iterator[MakeWizard]:
    made: list[UpgradeWizard] = []

    def make(
        config: Config,
        issuer: IssuerServer,
        *,
        language: str = "sv",
        wait_for_card_s: float = 60.0,
        **client_settings: object,
    ) -> UpgradeWizard:
        i18n.install(language)
        context = AppContext(
            config=config,
            journal_store=JournalStore(tmp_path / "journal"),
            make_enroller=lambda: CmpEnroller(issuer.client_settings(**client_settings)),
            wait_for_card_s=wait_for_card_s,
        )
        wizard = UpgradeWizard(context)
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.shutdown()


@pytest.fixture(params=["sv", "en"])
def language(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[str]:
    """Each test once in Swedish and once in English; English again afterwards (tests/conftest.py)."""
    i18n.install(request.param)
    yield request.param


@pytest.fixture
def practice(tmp_path: Path) -> Iterator[PracticeSession]:
    """A one-PIN practice card and its issuing service, as `sithsclient demo` starts them."""
    with PracticeSession(tmp_path / "practice") as session:
        yield session
