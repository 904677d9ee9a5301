"""Shared test set-up: real parts (SoftHSM2, the PC/SC rig, OpenSSL, an offscreen Qt) started by fixtures.

The tiers: `make check` runs what needs neither the PC/SC rig (`pcsc`), nor wine or a package build
(`package`), nor is kept for the full run (`slow`); `make test` runs `make check` and then the rest. A test that
uses the rig or wine without its mark would run in the fast tier, so collection refuses it.
"""

import os
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
