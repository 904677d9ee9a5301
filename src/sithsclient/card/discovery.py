"""From a loaded module's tokens to physical cards.

Net iD shows one token per PIN, so two tokens make one card; PIV modules show one token per card. A card is
never "the first token": every card found is returned, with the reader it sits in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pkcs11

from sithsclient.card.card import Card
from sithsclient.card.errors import CardRemovedError, WrongCardError
from sithsclient.card.gate import CardGate
from sithsclient.card.layouts import NETID, NETID_SOFTHSM, PinRole, layout_for, netid_role
from sithsclient.card.module import Pkcs11Lib, load_module

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenView:
    slot_id: int
    reader: str  # the slot description: the reader's name on PC/SC modules
    label: str
    serial: str
    manufacturer: str
    model: str
    token: pkcs11.Token


def list_tokens(lib: Pkcs11Lib) -> list[TokenView]:
    views = []
    try:
        slots = lib.get_slots(token_present=True)
    except (pkcs11.DeviceRemoved, pkcs11.TokenNotPresent):
        return []
    for slot in slots:
        try:
            token = slot.get_token()
        except (pkcs11.TokenNotPresent, pkcs11.DeviceRemoved, pkcs11.TokenNotRecognised):
            continue  # pulled between the two calls
        if not token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:
            continue  # SoftHSM2's spare empty slot; a blank card
        views.append(
            TokenView(
                slot_id=slot.slot_id,
                reader=(slot.slot_description or "").strip(),
                label=(token.label or "").strip(),
                serial=(token.serial or b"").decode("ascii", "replace").strip()
                if isinstance(token.serial, bytes)
                else str(token.serial or "").strip(),
                manufacturer=(token.manufacturer_id or "").strip(),
                model=(token.model or "").strip(),
                token=token,
            )
        )
    return views


def group_cards(
    module_path: str, lib: Pkcs11Lib, views: list[TokenView], *, management_key_hex: str | None = None
) -> list[Card]:
    cards: list[Card] = []
    netid: dict[tuple[str, str], dict[PinRole, TokenView]] = {}
    for view in views:
        parsed = netid_role(view.label)
        if parsed is None:
            layout = layout_for([view.token])
            cards.append(
                Card(
                    module_path,
                    lib,
                    layout,
                    {PinRole.AUTHENTICATION: view.slot_id},
                    serial=view.serial,
                    label=view.label,
                    reader=view.reader,
                    management_key_hex=management_key_hex,
                    gate=CardGate(),
                )
            )
            continue
        prefix, role = parsed
        # Tokens of one Net iD card share a prefix and sit in one reader; SoftHSM2 gives each token its own
        # "slot description", so there the prefix alone groups them (tests give each card its own prefix).
        reader_key = "" if "softhsm" in view.model.lower() else view.reader
        netid.setdefault((prefix, reader_key), {})[role] = view
    for (prefix, _reader), by_role in netid.items():
        first = by_role.get(PinRole.AUTHENTICATION) or next(iter(by_role.values()))
        cards.append(
            Card(
                module_path,
                lib,
                NETID_SOFTHSM if "softhsm" in first.model.lower() else NETID,
                {role: view.slot_id for role, view in sorted(by_role.items())},
                serial=first.serial,
                label=prefix,
                reader=first.reader,
                management_key_hex=management_key_hex,
                gate=CardGate(),
            )
        )
    return cards


def discover(
    module: str | None = None, configured: str | None = None, *, management_key_hex: str | None = None
) -> tuple[str, list[Card]]:
    """Load the module and return every card it sees. Raises NoModuleError naming what was tried."""
    path, lib = load_module(module, configured)
    return path, group_cards(path, lib, list_tokens(lib), management_key_hex=management_key_hex)


def find_card(module_path: str, lib: Pkcs11Lib, serial: str, *, management_key_hex: str | None = None) -> Card:
    """The card with this serial, after a re-insert (slot ids may have changed). Raises CardRemovedError when no
    card is there, WrongCardError when another card is."""
    cards = group_cards(module_path, lib, list_tokens(lib), management_key_hex=management_key_hex)
    for card in cards:
        if card.serial == serial:
            return card
    if cards:
        raise WrongCardError(serial, cards[0].serial)
    raise CardRemovedError()
