"""Shared test set-up: real parts (SoftHSM2, the PC/SC rig, OpenSSL, an offscreen Qt) started by fixtures.

The tiers: `make check` runs what needs neither the PC/SC rig (`pcsc`), nor wine or a package build
(`package`), nor is kept for the full run (`slow`); `make test` runs `make check` and then the rest. A test that
uses the rig or wine without its mark would run in the fast tier, so collection refuses it.
"""

import os
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.fixtures.softhsm",
    "tests.fixtures.pcsc",
    "tests.fixtures.engine",
    "tests.fixtures.cmp",
    "tests.fixtures.cli",
    "tests.fixtures.inprocess",
    "tests.fixtures.windows_package",
]


def _uses_wine(module: ModuleType | None) -> bool:
    """The module holds what starts wine: a prefix of the wine fixtures, or installer/winpython.py itself."""
    return module is not None and any(
        (getattr(value, "__module__", None) == "tests.fixtures.wine" and getattr(value, "__name__", "") in STARTERS)
        or (isinstance(value, ModuleType) and value.__name__ == "winpython")
        for value in vars(module).values()
    )


STARTERS = ("Wine", "booted")


def unmarked(items: list[pytest.Item]) -> list[str]:
    """Tests that need the rig or wine and lack the mark that keeps them out of `make check`."""
    wrong = []
    for item in items:
        if "pcsc_rig" in getattr(item, "fixturenames", ()) and item.get_closest_marker("pcsc") is None:
            wrong.append(f"{item.nodeid}: uses the PC/SC rig without @pytest.mark.pcsc")
        if _uses_wine(getattr(item, "module", None)) and item.get_closest_marker("package") is None:
            wrong.append(f"{item.nodeid}: uses wine without @pytest.mark.package")
    return wrong


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wrong = unmarked(items)
    if wrong:
        raise pytest.UsageError("tests that would run in the wrong tier:\n  " + "\n  ".join(wrong))


@pytest.fixture(autouse=True)
def no_language_left() -> Iterator[None]:
    """Each test starts in the source strings (English): a language a test installed (the wizard's Qt translators,
    a command's `--lang`, the sentences per code in texts.py) is taken out after it, so that no later test's words
    depend on which ran before. Only what a test loaded is reset: the others stay free of Qt."""
    yield
    i18n = sys.modules.get("sithsclient.ui.i18n")
    if i18n is not None:
        i18n.uninstall()
    words = sys.modules.get("sithsclient.commands.words")
    if words is not None:
        words._current = None  # the terminal's language: chosen again by the next command
    texts = sys.modules.get("sithsclient.texts")
    if texts is not None:
        texts.translate_with(None)
