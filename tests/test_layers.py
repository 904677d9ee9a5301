"""The layers of docs/design.md, checked from the source: no arrow upwards.

Read with `ast` (nothing is imported), so a function-level import counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "sithsclient"

# A package and what it may never import (its own upper layers).
FORBIDDEN = {
    "card": ("sithsclient.upgrade", "sithsclient.app", "sithsclient.ui", "sithsclient.commands", "sithsclient.cli"),
    "pki": ("sithsclient.card", "sithsclient.upgrade", "sithsclient.app", "sithsclient.ui", "sithsclient.commands"),
    "enroll": ("sithsclient.card", "sithsclient.upgrade", "sithsclient.app", "sithsclient.ui", "sithsclient.commands"),
    "upgrade": ("sithsclient.app", "sithsclient.ui", "sithsclient.commands", "sithsclient.cli"),
    "app": ("sithsclient.ui", "sithsclient.commands", "sithsclient.cli"),
    "ui": ("sithsclient.commands", "sithsclient.cli"),
    "commands": ("sithsclient.cli",),
}
NO_QT = ("card", "pki", "enroll", "upgrade", "app", "commands")


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_goes_up(package: str) -> None:
    wrong = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / package).rglob("*.py"))
        for name in imports_of(path)
        if any(name == up or name.startswith(up + ".") for up in FORBIDDEN[package])
    ]
    assert wrong == []


@pytest.mark.parametrize("package", NO_QT)
def test_no_qt_below_ui(package: str) -> None:
    wrong = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / package).rglob("*.py"))
        for name in imports_of(path)
        if name.split(".")[0] == "PySide6"
    ]
    assert wrong == []


def test_the_engine_sees_the_card_only_through_its_interface() -> None:
    """The PKCS#11 card, its module and discovery are `card/`'s business: the engine uses `card.interface`."""
    concrete = (
        "sithsclient.card.card",
        "sithsclient.card.session",
        "sithsclient.card.objects",
        "sithsclient.card.discovery",
        "sithsclient.card.module",
        "pkcs11",
    )
    wrong = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / "upgrade").rglob("*.py"))
        for name in imports_of(path)
        if name in concrete or name.startswith("pkcs11.")
    ]
    assert wrong == []


# The modules beside the packages that every view shares (the sentences per code, advice, configuration, the
# report for IT support): Qt-free, and below the views, so that the logon check and the terminal can use them.
SHARED = (
    "advice",
    "catalogue",
    "codes",
    "config",
    "diagnostics",
    "exitcodes",
    "logfile",
    "logs",
    "status",
    "step_texts",
    "texts",
)


@pytest.mark.parametrize("module", SHARED)
def test_shared_modules_are_below_the_views(module: str) -> None:
    views = ("sithsclient.ui", "sithsclient.commands", "sithsclient.cli")
    wrong = [
        name
        for name in imports_of(SRC / f"{module}.py")
        if name.split(".")[0] == "PySide6" or any(name == up or name.startswith(up + ".") for up in views)
    ]
    assert wrong == []


def test_every_module_beside_the_packages_is_placed() -> None:
    """A new top-level module must be put in SHARED or named an entry point here, so it is checked too."""
    entry_points = {"__init__", "__main__", "cli"}
    assert {p.stem for p in SRC.glob("*.py")} == set(SHARED) | entry_points
