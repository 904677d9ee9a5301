"""The layers of docs/design.md, checked from the source: no arrow upwards, and no circle of imports between
modules.

Read with `ast` (nothing is imported), so a function-level import, or one under TYPE_CHECKING, counts as much as
one at the top for the layers. A circle through imports that run fails; one through an import for the type
checker alone is listed apart (still two modules that cannot be read apart, but no import that runs in a circle).
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
    "installation",
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


# Every module's layer, from the bottom up (a package's modules share its layer): a module imports from its own
# layer and those below, never from one above. At the bottom what every layer reads (the version, the stable
# codes and their catalogue, the configuration, logging, the exit codes); then certificates, then the card and the
# issuing service, the engine, what the views share (the sentences per code, the report for IT support, practice
# mode), the views, the entry.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__init__", "catalogue", "codes", "config", "exitcodes", "installation", "logfile", "logs"),
    ("pki",),
    ("card", "enroll"),
    ("upgrade",),
    ("advice", "diagnostics", "status", "step_texts", "texts", "demo", "app"),
    ("ui",),
    ("commands",),
    ("cli", "__main__"),
)


def module_names(src: Path) -> dict[str, Path]:
    """Dotted name of every module under `src` (a package directory), as Python would import it."""
    names = {}
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def type_checking_only(tree: ast.Module) -> set[int]:
    """The nodes under `if TYPE_CHECKING:`: imports for the type checker that never run."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
        for inner in ast.walk(statement)
    }


def module_graph(src: Path, *, type_checking: bool = True) -> dict[str, set[str]]:
    """Which of the package's modules each of them imports: `from a import b` names module a.b when there is
    one, else a; relative imports are resolved; a name outside the package is left out. Without
    `type_checking`, the imports under `if TYPE_CHECKING:` are left out (they never run)."""
    names = module_names(src)
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        wanted: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = set() if type_checking else type_checking_only(tree)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                wanted.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                wanted.update(
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in names else base for alias in node.names
                )
        found = set()
        for target in wanted:
            while target not in names and "." in target:
                target = target.rpartition(".")[0]
            if target in names and target != name:
                found.add(target)
        graph[name] = found
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: each strongly connected group of two or more modules, sorted (Tarjan's algorithm,
    with an explicit stack: a deep chain of imports must not reach Python's recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return sorted(found)


def layer_of(module: str, layers: tuple[tuple[str, ...], ...] = LAYERS) -> int:
    """The layer of a module of the package: of its first part below the package's own name."""
    parts = module.split(".")
    part = parts[1] if len(parts) > 1 else "__init__"
    rank = next((rank for rank, members in enumerate(layers) if part in members), None)
    assert rank is not None, f"{module} is in no layer: add {part} to LAYERS"
    return rank


def upward(graph: dict[str, set[str]], layers: tuple[tuple[str, ...], ...] = LAYERS) -> list[str]:
    return [
        f"{module} imports {target}"
        for module in sorted(graph)
        for target in sorted(graph[module])
        if layer_of(target, layers) > layer_of(module, layers)
    ]


def test_every_module_has_a_layer() -> None:
    placed = {part for layer in LAYERS for part in layer}
    tops = {p.stem for p in SRC.glob("*.py")} | {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    assert tops - placed == set()


def test_no_import_circle() -> None:
    """No circle of imports that run (at the top or inside a function)."""
    assert circles(module_graph(SRC, type_checking=False)) == []


def test_no_import_circle_even_for_the_type_checker() -> None:
    """Nor through an import under TYPE_CHECKING: the two modules still cannot be read apart."""
    assert circles(module_graph(SRC)) == []


def test_no_module_imports_from_a_higher_layer() -> None:
    assert upward(module_graph(SRC)) == []


def test_the_checks_see_a_circle_and_an_upward_import(tmp_path: Path) -> None:
    """The same checks on a made-up package: a circle through a relative import inside a function, another
    through `from package import module`, and a low layer reaching up."""
    src = tmp_path / "made"
    (src / "low").mkdir(parents=True)
    (src / "high").mkdir()
    files = {
        "__init__.py": "",
        "low/__init__.py": "",
        "low/a.py": "def f():\n    from . import b\n",
        "low/b.py": "from made.low.a import f\nfrom made.high import views\n",
        "high/__init__.py": "",
        "high/views.py": "from made import low\nimport made.high.shown\n",
        "high/shown.py": "from made.high import views\n",
        "low/typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from made.low import c\n",
        "low/c.py": "from made.low import typed\n",
    }
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    graph = module_graph(src)
    assert circles(graph) == [
        ["made.high.shown", "made.high.views"],
        ["made.low.a", "made.low.b"],
        ["made.low.c", "made.low.typed"],
    ]
    assert circles(module_graph(src, type_checking=False)) == [
        ["made.high.shown", "made.high.views"],
        ["made.low.a", "made.low.b"],
    ]
    assert upward(graph, (("__init__", "low"), ("high",))) == ["made.low.b imports made.high.views"]


def test_no_module_is_over_500_lines() -> None:
    """Small modules with one job: a file past 500 lines is two jobs, or one that wants splitting."""
    root = SRC.parent.parent
    long = {
        str(path.relative_to(root)): lines
        for folder in ("src", "tests", "scripts", "bench", "installer", "fuzz")
        for path in (root / folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert not long, long
