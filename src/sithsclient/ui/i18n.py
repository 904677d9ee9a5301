"""The wizard's language: Swedish by default, English available, following the system unless overridden.

Source strings are English (Qt's convention, and what IT support reads in logs); Swedish comes from
`resources/translations/sithsclient_sv.ts`, compiled to a `.qm` beside this module by
`scripts/translations.py build` (run by `make test` and `make demo`). The seed's step texts are shared with the
terminal (`sithsclient.step_texts`), so they are picked by language here rather than translated twice.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from sithsclient import step_texts, texts
from sithsclient.upgrade.steps import Step

if TYPE_CHECKING:  # the first window is drawn before the journal's cryptography is imported
    from sithsclient.upgrade.operation import Operation

log = logging.getLogger(__name__)

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"

_current = DEFAULT
_installed: list[QTranslator] = []


def system_language() -> str:
    """English only when the system asks for it: the users are Swedish health-care staff."""
    return "en" if QLocale.system().language() == QLocale.Language.English else DEFAULT


def choose(override: str | None = None, configured: str | None = None) -> str:
    for candidate in (override, configured):
        if candidate in LANGUAGES:
            return candidate
    return system_language()


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"sithsclient_{language}.qm"


def install(language: str) -> str:
    """Load the translators for `language` into the running application; returns the language in effect."""
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install() needs a QApplication")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current = language
    texts.translate_with(QCoreApplication.translate)  # the sentences per code, through the translators below
    QLocale.setDefault(QLocale(QLocale.Language.Swedish if language == "sv" else QLocale.Language.English))
    if language == "en":
        return language
    ours = QTranslator(app)
    if ours.load(str(qm_path(language))):
        app.installTranslator(ours)
        _installed.append(ours)
    else:  # a build without `make`: English is better than no window at all, and the log says why
        log.error("translation %s is missing; run scripts/translations.py build", qm_path(language))
    qt_own = QTranslator(app)  # Qt's standard dialogs and context menus
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return language


def uninstall() -> None:
    """Back to the source strings (English) and the system's locale, no translator left in the application: the
    state before the first `install` (tests/conftest.py restores it after each test)."""
    global _current
    app = QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            app.removeTranslator(old)
    _installed.clear()
    _current = DEFAULT
    texts.translate_with(None)
    QLocale.setDefault(QLocale.system())


def current() -> str:
    return _current


def step_text(step: Step, operation: Operation | None = None) -> str:
    """The seed's words for `step`, or `operation`'s own name for it (an extra pair's last step: a pair was added)."""
    own = operation.words.step_names.get(step) if operation is not None else None
    return say(operation, own) if operation is not None and own else step_texts.for_language(_current)[step]


def say(operation: Operation, text: str) -> str:
    """One of `operation`'s own sentences (operation.py) in the wizard's language."""
    return QCoreApplication.translate(operation.words.context, text)
