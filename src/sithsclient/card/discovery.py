"""From a loaded module's tokens to physical cards.

Net iD shows one token per PIN, so two tokens make one card; so does Thales SAC (the signature PIN's token has
the card's serial and a cut label, see layouts.py); PIV modules show one token per card. A card is
never "the first token": every card found is returned, with the reader it sits in.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import pkcs11
from cryptography import x509
from pkcs11 import Attribute, ObjectClass

from sithsclient.card import module as card_module
from sithsclient.card import pcsc
from sithsclient.card.card import Card
from sithsclient.card.errors import CardRemovedError, WrongCardError
from sithsclient.card.gate import CardGate
from sithsclient.card.layouts import (
    GENERIC_PIN_DEFAULT,
    NETID,
    NETID_SOFTHSM,
    SAC,
    SAC_SOFTHSM,
    Layout,
    PinRole,
    layout_for,
    netid_generic_pin,
    netid_role,
    purpose_role,
    sac_signature_prefix,
    same_sac_card,
)
from sithsclient.card.module import ModuleChoice, Pkcs11Lib, choose_module, is_explicit
from sithsclient.pki.inventory import purpose_of
from sithsclient.pki.model import Purpose

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
    except pkcs11.PKCS11Error as exc:
        if _pcsc_answers():
            raise
        # Without the smart card service a PC/SC module has no reader to list (ykcs11: CKR_DEVICE_ERROR): no
        # token, which the commands say as no reader (status.nothing_found), as the wizard does.
        log.info("the module lists no slots while the smart card service does not answer (%s)", type(exc).__name__)
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


def _card(
    module_path: str,
    lib: Pkcs11Lib,
    layout: Layout,
    by_role: dict[PinRole, TokenView],
    label: str,
    management_key_hex: str | None,
) -> Card:
    first = by_role.get(PinRole.AUTHENTICATION) or next(iter(by_role.values()))
    return Card(
        module_path,
        lib,
        layout,
        {role: view.slot_id for role, view in sorted(by_role.items())},
        serial=first.serial,
        label=label,
        reader=first.reader,
        management_key_hex=management_key_hex,
        gate=CardGate(),
        find=lambda serial: find_card(module_path, lib, serial, management_key_hex=management_key_hex),
    )


def _softhsm(views: list[TokenView]) -> bool:
    return any("softhsm" in view.model.lower() for view in views)


def _sac_partner(signature: TokenView, others: list[TokenView]) -> TokenView | None:
    """The user-PIN token of the card whose signature-PIN token this is: the one with its serial (a real card),
    else the one whose label the kept part of the cut label begins (SoftHSM2 cannot give two tokens one serial)."""
    by_serial = [v for v in others if v.serial and v.serial == signature.serial]
    if len(by_serial) == 1:
        return by_serial[0]
    by_label = [v for v in others if same_sac_card(v.label, signature.label)]
    return by_label[0] if len(by_label) == 1 else None


def _purposes_on(module_path: str, view: TokenView) -> set[Purpose]:
    """The purposes (Key Usage) of the certificates a token shows without a PIN."""
    purposes: set[Purpose] = set()
    try:
        with card_module.leased(module_path), view.token.open() as session:
            for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
                with contextlib.suppress(ValueError, x509.InvalidVersion):
                    purposes.add(purpose_of(x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))))
    except pkcs11.PKCS11Error as exc:  # an unreadable token: its PIN keeps its generic name's default role
        log.info("reading certificates of %r: %s", view.label, exc.__class__.__name__)
    return purposes


def _generic_roles(module_path: str, pins: dict[str, TokenView]) -> dict[PinRole, TokenView]:
    """Net iD's "(PIN1)" / "(PIN2)": the token holding the nonRepudiation certificate is the signature PIN's.
    Where the certificates do not tell both apart, PIN1 is for authentication and PIN2 for signing."""
    roles = {name: purpose_role(_purposes_on(module_path, view)) for name, view in pins.items()}
    chosen = {name: role or GENERIC_PIN_DEFAULT[name] for name, role in roles.items()}
    if len(set(chosen.values())) < len(chosen):
        chosen = {name: GENERIC_PIN_DEFAULT[name] for name in pins}
    return {chosen[name]: view for name, view in pins.items()}


def group_cards(
    module_path: str, lib: Pkcs11Lib, views: list[TokenView], *, management_key_hex: str | None = None
) -> list[Card]:
    cards: list[Card] = []
    netid: dict[tuple[str, str], dict[PinRole, TokenView]] = {}
    generic: dict[tuple[str, str], dict[str, TokenView]] = {}
    signature_tokens = [v for v in views if sac_signature_prefix(v.label) is not None]
    singles: list[TokenView] = []
    for view in views:
        if view in signature_tokens:
            continue
        # Tokens of one Net iD card share a prefix and sit in one reader; SoftHSM2 gives each token its own
        # "slot description", so there the prefix alone groups them (tests give each card its own prefix).
        reader_key = "" if "softhsm" in view.model.lower() else view.reader
        parsed = netid_role(view.label)
        if parsed is not None:
            netid.setdefault((parsed[0], reader_key), {})[parsed[1]] = view
            continue
        pin = netid_generic_pin(view.label)
        if pin is not None:
            generic.setdefault((pin[0], reader_key), {})[pin[1]] = view
            continue
        singles.append(view)
    for signature in signature_tokens:
        partner = _sac_partner(signature, singles)
        by_role = {PinRole.SIGNATURE: signature}
        if partner is not None:
            singles.remove(partner)
            by_role[PinRole.AUTHENTICATION] = partner
        layout = SAC_SOFTHSM if _softhsm(list(by_role.values())) else SAC
        label = partner.label if partner is not None else sac_signature_prefix(signature.label) or ""
        cards.append(_card(module_path, lib, layout, by_role, label, management_key_hex))
    for view in singles:
        cards.append(
            _card(
                module_path,
                lib,
                layout_for([view.token]),
                {PinRole.AUTHENTICATION: view},
                view.label,
                management_key_hex,
            )
        )
    for (prefix, _reader), by_role in netid.items():
        layout = NETID_SOFTHSM if _softhsm(list(by_role.values())) else NETID
        cards.append(_card(module_path, lib, layout, by_role, prefix, management_key_hex))
    for (prefix, _reader), pins in generic.items():
        layout = NETID_SOFTHSM if _softhsm(list(pins.values())) else NETID
        cards.append(_card(module_path, lib, layout, _generic_roles(module_path, pins), prefix, management_key_hex))
    return cards


def discover(
    module: str | None = None, configured: str | None = None, *, management_key_hex: str | None = None
) -> tuple[str, list[Card]]:
    """Load the module and return every card it sees. Raises NoModuleError naming what was tried."""
    choice, cards = discover_choice(module, configured, management_key_hex=management_key_hex)
    return choice.path, cards


def discover_choice(
    module: str | None = None,
    configured: str | None = None,
    *,
    management_key_hex: str | None = None,
    atrs: Sequence[bytes] | None = None,
) -> tuple[ModuleChoice, list[Card]]:
    """The module chosen (and why: `card.module.choose_module`, given the ATRs of the cards in the readers, read
    here unless given) and every card it sees. Every command looks the same way, so status and upgrade agree."""
    if atrs is None:
        atrs = [] if is_explicit(module, configured) else _atrs_in_readers()
    choice = choose_module(module, configured, atrs)
    cards = group_cards(choice.path, choice.lib, list_tokens(choice.lib), management_key_hex=management_key_hex)
    return choice, cards


def _pcsc_answers() -> bool:
    try:
        pcsc.release(pcsc.establish())
    except pcsc.PcscError:
        return False
    return True


def _atrs_in_readers() -> list[bytes]:
    try:
        return [reader.atr for reader in pcsc.snapshot() if reader.card_present]
    except pcsc.PcscError:  # no smart card service: the modules are probed instead
        return []


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
