"""What assistive technology reads of a window: its accessibility tree as Qt builds it (`QAccessible`), the
same tree Qt's bridge hands to AT-SPI on Linux and to UI Automation on Windows.

`problems(window)` lists what a screen-reader user would stumble on (EN 301 549 11.4.1.2 name, role, value):
a control they can reach that has no name or a role that does not say what it is, and anything hidden that
still says it is showing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)

Role = QAccessible.Role

# What each kind of control must say it is. The first match (subclasses first) counts.
ROLES: tuple[tuple[type[QWidget], frozenset[Role]], ...] = (
    (QCheckBox, frozenset({Role.CheckBox})),
    (QRadioButton, frozenset({Role.RadioButton})),
    (QPushButton, frozenset({Role.Button})),
    (QAbstractButton, frozenset({Role.Button, Role.CheckBox})),
    (QComboBox, frozenset({Role.ComboBox})),
    (QLineEdit, frozenset({Role.EditableText})),
    (QTextEdit, frozenset({Role.EditableText, Role.StaticText})),
    (QPlainTextEdit, frozenset({Role.EditableText, Role.StaticText})),
    (QProgressBar, frozenset({Role.ProgressBar})),
    (QLabel, frozenset({Role.StaticText, Role.Link})),
    (QScrollArea, frozenset({Role.Client, Role.Pane})),
)
# Roles that are controls even when they take no keyboard focus (a disabled button is still read out).
INTERACTIVE = frozenset(
    {Role.Button, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText, Role.ProgressBar, Role.Slider}
)


@dataclass
class Node:
    path: str  # roles and names from the window down, for the message
    role: Role
    name: str
    description: str
    value: str
    state: QAccessible.State
    widget: QWidget | None  # None for a child Qt draws itself (a list's item)
    hidden_above: bool  # an ancestor says it is not shown

    @property
    def shown(self) -> bool:
        return not self.state.invisible

    @property
    def reachable(self) -> bool:
        """Shown, and a user can act on it or Tab to it."""
        return self.shown and (bool(self.state.focusable) or self.role in INTERACTIVE)


def tree(window: QObject) -> list[Node]:
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.isValid(), f"{window!r} has no accessibility interface"
    nodes: list[Node] = []
    _walk(root, "", False, nodes, 0)
    return nodes


def _walk(iface: QAccessibleInterface, above: str, hidden_above: bool, into: list[Node], depth: int) -> None:
    assert depth < 60, f"the tree under {above} does not end"
    obj = iface.object()
    name = iface.text(QAccessible.Text.Name)
    path = f"{above} > {iface.role().name}:{name[:40]!r}" if above else f"{iface.role().name}:{name[:40]!r}"
    node = Node(
        path,
        iface.role(),
        name,
        iface.text(QAccessible.Text.Description),
        iface.text(QAccessible.Text.Value),
        iface.state(),
        obj if isinstance(obj, QWidget) else None,
        hidden_above,
    )
    into.append(node)
    for index in range(iface.childCount()):
        child = iface.child(index)
        if child is not None and child.isValid():
            _walk(child, path, hidden_above or not node.shown, into, depth + 1)


def expected_roles(widget: QWidget) -> frozenset[Role] | None:
    return next((roles for kind, roles in ROLES if isinstance(widget, kind)), None)


def problems(window: QObject) -> list[str]:
    found: list[str] = []
    for node in tree(window):
        widget = node.widget
        if node.shown and node.hidden_above:
            found.append(f"says it is showing inside something hidden: {node.path}")
        if node.shown and widget is not None and not widget.isVisible():
            found.append(f"says it is showing but is hidden: {node.path}")
        if not node.reachable or node.hidden_above:
            continue
        if not node.name.strip():
            found.append(f"no name: {node.path}")
        roles = expected_roles(widget) if widget is not None else None
        if roles is not None and node.role not in roles:
            found.append(f"role {node.role.name}, not one of {sorted(r.name for r in roles)}: {node.path}")
        if roles is None and widget is not None and node.role in (Role.Client, Role.NoRole, Role.Pane):
            found.append(f"a Tab stop that says only {node.role.name}: {node.path}")
    for node in tree(window):
        seen = shown_text(node.widget) if node.shown and not node.hidden_above else ""
        if seen and seen.casefold() not in node.name.casefold():
            found.append(f"name {node.name!r} without the words shown, {seen!r}: {node.path}")
    return found


def shown_text(widget: QWidget | None) -> str:
    """The words a plain label or a button shows, as its name must hold them (WCAG 2.5.3 label in name; a
    label named otherwise hides its words from a screen reader)."""
    if isinstance(widget, QLabel) and widget.textFormat() == Qt.TextFormat.PlainText:
        return widget.text().strip()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
    return ""


def reachable(window: QObject) -> list[Node]:
    return [n for n in tree(window) if n.reachable and not n.hidden_above]


def names(window: QObject) -> list[str]:
    return [n.name for n in reachable(window)]
