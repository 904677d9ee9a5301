"""A screen reader's view of a program over AT-SPI, the way Orca reads it on Linux: the tree of every
application on the accessibility bus, and the announcements they send. Pure D-Bus (jeepney), no GObject.

The desktop needs a session bus (dbus-run-session), on which `org.a11y.Bus` starts the accessibility bus and
its registry (Debian's at-spi2-core); Qt joins it when QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 or a screen reader
has said it runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from jeepney import DBusAddress, MatchRule, Message, MessageType, Properties, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection

ACCESSIBLE = "org.a11y.atspi.Accessible"
REGISTRY = "org.a11y.atspi.Registry"
ROOT = "/org/a11y/atspi/accessible/root"

# AtspiStateType (atspi-constants.h)
FOCUSABLE, FOCUSED, SHOWING, VISIBLE = 11, 12, 25, 30
# Roles a user acts on: each must have a name (EN 301 549 11.4.1.2).
CONTROLS = {
    "push button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "entry",
    "progress bar",
    "toggle button",
    "spin button",
    "slider",
    "list item",
    "page tab",
    "link",
}


@dataclass
class Node:
    path: str  # role and name from the application down
    role: str
    name: str
    states: frozenset[int]
    hidden_above: bool
    children: list[Node] = field(default_factory=list)

    @property
    def showing(self) -> bool:
        return SHOWING in self.states

    @property
    def control(self) -> bool:
        return self.showing and not self.hidden_above and (FOCUSABLE in self.states or self.role in CONTROLS)


class Desktop:
    """The accessibility bus of one session bus (DBUS_SESSION_BUS_ADDRESS)."""

    def __init__(self) -> None:
        session = open_dbus_connection(bus="SESSION")
        try:
            bus = DBusAddress("/org/a11y/bus", bus_name="org.a11y.Bus", interface="org.a11y.Bus")
            address = session.send_and_get_reply(new_method_call(bus, "GetAddress")).body[0]
        finally:
            session.close()
        self.bus: DBusConnection = open_dbus_connection(bus=address)
        self.events: DBusConnection = open_dbus_connection(bus=address)
        self.announced: list[str] = []

    def close(self) -> None:
        self.bus.close()
        self.events.close()

    def _call(self, name: str, path: str, method: str, interface: str = ACCESSIBLE) -> tuple[object, ...]:
        message = new_method_call(DBusAddress(path, bus_name=name, interface=interface), method)
        reply = self.bus.send_and_get_reply(message, timeout=10)
        if reply.header.message_type is MessageType.error:
            if "No such object path" in str(reply.body):
                raise Gone(f"{method} on {name} {path}: {reply.body}")
            raise RuntimeError(f"{method} on {name} {path}: {reply.body}")
        return tuple(reply.body)

    def _name(self, bus_name: str, path: str) -> str:
        message = Properties(DBusAddress(path, bus_name=bus_name, interface=ACCESSIBLE)).get("Name")
        value = self.bus.send_and_get_reply(message, timeout=10).body[0]
        return str(value[1])

    def applications(self) -> dict[str, tuple[str, str]]:
        """Each application's name and where its tree starts."""
        found = {}
        for bus_name, path in self._call(REGISTRY, ROOT, "GetChildren")[0]:  # type: ignore[attr-defined]
            found[self._name(bus_name, path)] = (bus_name, path)
        return found

    def tree(self, application: str, timeout: float = 20.0) -> Node:
        end = time.monotonic() + timeout
        while (found := self.applications().get(application)) is None:  # it joins the bus after its window
            assert time.monotonic() < end, f"{application} is not on the accessibility bus"
            time.sleep(0.1)
        bus_name, path = found
        return self._node(bus_name, path, "", False, 0)

    def _node(self, bus_name: str, path: str, above: str, hidden_above: bool, depth: int) -> Node:
        assert depth < 60, f"the tree under {above} does not end"
        role = str(self._call(bus_name, path, "GetRoleName")[0])
        name = self._name(bus_name, path)
        low, high = self._call(bus_name, path, "GetState")[0]  # type: ignore[misc]
        bits = int(low) | int(high) << 32
        states = frozenset(i for i in range(64) if bits >> i & 1)
        where = f"{above} > {role}:{name[:40]!r}" if above else f"{role}:{name[:40]!r}"
        node = Node(where, role, name, states, hidden_above)
        for child_bus, child_path in self._call(bus_name, path, "GetChildren")[0]:  # type: ignore[attr-defined]
            try:
                child = self._node(child_bus, child_path, where, hidden_above or not node.showing, depth + 1)
            except Gone:  # deleted between its listing and its reading (a page rebuilt its list): a reader skips it
                continue
            node.children.append(child)
        return node

    # -- announcements -------------------------------------------------------------------------------------

    def listen(self) -> None:
        """Say to the registry that a screen reader listens for announcements (Qt sends only what is listened
        for), and take the signals on a connection of their own."""
        rule = MatchRule(type="signal", interface="org.a11y.atspi.Event.Object")
        self.events.send_and_get_reply(
            new_method_call(
                DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"),
                "AddMatch",
                "s",
                (rule.serialise(),),
            )
        )
        registry = DBusAddress("/org/a11y/atspi/registry", bus_name=REGISTRY, interface=REGISTRY)
        for event in ("object:announcement", "object:"):
            self.bus.send_and_get_reply(new_method_call(registry, "RegisterEvent", "s", (event,)), timeout=10)

    def collect(self, seconds: float = 0.2) -> list[str]:
        """The announcements that arrived so far (all of them, in order)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                message: Message = self.events.receive(timeout=left)
            except TimeoutError:
                break
            if message.header.fields.get(3) == "Announcement":  # 3: the member
                body = message.body
                self.announced.append(str(body[3][1]) if len(body) > 3 else str(body))
        return self.announced


def walk(node: Node) -> list[Node]:
    found = [node]
    for child in node.children:
        found.extend(walk(child))
    return found


def problems(root: Node) -> list[str]:
    found = []
    for node in walk(root):
        if node.showing and node.hidden_above:
            found.append(f"showing inside something that is not: {node.path}")
        if node.control and not node.name.strip():
            found.append(f"no name: {node.path}")
    return found


class Gone(RuntimeError):
    """The object was removed from the tree while it was being read."""
