"""Key commands: GENERAL AUTHENTICATE (management-key authentication, signing, ECDH), GENERATE ASYMMETRIC KEY
PAIR, and Yubico's IMPORT KEY, GET METADATA and SET MANAGEMENT KEY."""

from __future__ import annotations

import hmac

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from sithsclient.demo.vcard import keys, mgmt, tlv
from sithsclient.demo.vcard.apdu import CardError, Command
from sithsclient.demo.vcard.constants import (
    DEFAULT_MANAGEMENT_KEY,
    DEFAULT_PIN,
    DEFAULT_PUK,
    EC_CURVES,
    KEY_SLOTS,
    MANAGEMENT_SLOT,
    PIN_REF,
    PUK_REF,
    RSA_BITS,
    Algorithm,
    Origin,
    PinPolicy,
    Sw,
    TouchPolicy,
)
from sithsclient.demo.vcard.session import Context
from sithsclient.demo.vcard.state import KeyRecord

_DYNAMIC_TEMPLATE = 0x7C
_PUBLIC_KEY_TEMPLATE = 0x7F49


def _inner(cmd: Command) -> dict[int, bytes]:
    try:
        return tlv.parse_dict(tlv.unwrap(cmd.data, _DYNAMIC_TEMPLATE))
    except tlv.TlvError as exc:
        raise CardError(Sw.INCORRECT_DATA) from exc


def general_authenticate(ctx: Context, cmd: Command) -> bytes:
    if cmd.p2 == MANAGEMENT_SLOT:
        return _authenticate_management(ctx, cmd)
    return _use_key(ctx, cmd)


def _authenticate_management(ctx: Context, cmd: Command) -> bytes:
    state, session = ctx.state, ctx.session
    if cmd.p1 != state.management_algorithm:
        raise CardError(Sw.INCORRECT_DATA)
    key, algorithm = state.management_key, state.management_algorithm
    size = mgmt.block_size(algorithm)
    fields = _inner(cmd)
    witness, challenge, response = fields.get(0x80), fields.get(0x81), fields.get(0x82)
    # Any step other than the expected next one ends the exchange, as SP 800-73-4 asks.
    expected_witness, expected_challenge = session.witness, session.challenge
    session.witness = session.challenge = None

    if witness == b"" and challenge is None:  # step 1 of mutual authentication: the card sends a witness
        plain = keys.random_bytes(size)
        session.witness = plain
        session.mgmt_authenticated = False
        return tlv.tlv(_DYNAMIC_TEMPLATE, tlv.tlv(0x80, mgmt.encrypt(algorithm, key, plain)))
    if witness:  # step 2: the host returns the decrypted witness and challenges the card
        if expected_witness is None or not hmac.compare_digest(witness, expected_witness):
            session.mgmt_authenticated = False
            raise CardError(Sw.SECURITY_STATUS)
        session.mgmt_authenticated = True
        if not challenge:
            return b""
        if len(challenge) != size:
            raise CardError(Sw.INCORRECT_DATA)
        return tlv.tlv(_DYNAMIC_TEMPLATE, tlv.tlv(0x82, mgmt.encrypt(algorithm, key, challenge)))
    if challenge == b"" and response is None:  # single authentication: the card sends a challenge
        plain = keys.random_bytes(size)
        session.challenge = plain
        session.mgmt_authenticated = False
        return tlv.tlv(_DYNAMIC_TEMPLATE, tlv.tlv(0x81, plain))
    if response:  # the host's encryption of that challenge
        if expected_challenge is None or not hmac.compare_digest(
            response, mgmt.encrypt(algorithm, key, expected_challenge)
        ):
            session.mgmt_authenticated = False
            raise CardError(Sw.SECURITY_STATUS)
        session.mgmt_authenticated = True
        return b""
    raise CardError(Sw.INCORRECT_DATA)


def _require_pin_for(ctx: Context, record: KeyRecord) -> None:
    session = ctx.session
    if record.pin_policy == PinPolicy.NEVER:
        return
    if not session.pin_verified:
        raise CardError(Sw.SECURITY_STATUS)
    if record.pin_policy == PinPolicy.ALWAYS:
        if not session.pin_fresh:
            raise CardError(Sw.SECURITY_STATUS)
        session.pin_fresh = False  # one VERIFY, one use


def _use_key(ctx: Context, cmd: Command) -> bytes:
    record = ctx.state.keys.get(cmd.p2)
    if cmd.p2 not in KEY_SLOTS:
        raise CardError(Sw.INCORRECT_P1P2)
    if record is None or record.algorithm != cmd.p1:
        raise CardError(Sw.INCORRECT_DATA)
    fields = _inner(cmd)
    if fields.get(0x82) != b"":
        raise CardError(Sw.INCORRECT_DATA)
    key = keys.from_pem(record.pem)
    _require_pin_for(ctx, record)
    try:
        if 0x81 in fields:
            if isinstance(key, rsa.RSAPrivateKey):
                result = keys.raw_rsa(key, fields[0x81])
            else:
                result = keys.ecdsa(key, fields[0x81])
        elif 0x85 in fields and isinstance(key, ec.EllipticCurvePrivateKey):
            result = keys.ecdh(key, fields[0x85])
        else:
            raise CardError(Sw.INCORRECT_DATA)
    except keys.KeyUseError as exc:
        raise CardError(Sw.INCORRECT_DATA) from exc
    return tlv.tlv(_DYNAMIC_TEMPLATE, tlv.tlv(0x82, result))


def _default_pin_policy(ctx: Context, slot: int) -> int:
    if slot in ctx.state.pin_always_slots:
        return PinPolicy.ALWAYS
    if slot == 0x9E:
        return PinPolicy.NEVER  # card authentication works without a PIN on every PIV card
    return PinPolicy.ONCE


def _policies(ctx: Context, slot: int, fields: dict[int, bytes]) -> tuple[int, int]:
    pin_policy = fields.get(0xAA, bytes([PinPolicy.DEFAULT]))
    touch_policy = fields.get(0xAB, bytes([TouchPolicy.DEFAULT]))
    if len(pin_policy) != 1 or pin_policy[0] > PinPolicy.ALWAYS or len(touch_policy) != 1:
        raise CardError(Sw.INCORRECT_DATA)
    pin = pin_policy[0] or _default_pin_policy(ctx, slot)
    return pin, TouchPolicy.NEVER  # nothing to touch on a virtual card


def _require_room(ctx: Context, slot: int) -> None:
    """A new key in an empty slot needs room; replacing a key in its slot frees as much as it takes."""
    limit = ctx.state.key_slot_limit
    if limit is not None and slot not in ctx.state.keys and len(ctx.state.keys) >= limit:
        raise CardError(Sw.NOT_ENOUGH_MEMORY)


def _store_key(ctx: Context, slot: int, key: keys.PrivateKey, policies: tuple[int, int], origin: int) -> None:
    ctx.state.keys[slot] = KeyRecord(
        algorithm=keys.algorithm_of(key),
        pem=keys.to_pem(key),
        pin_policy=policies[0],
        touch_policy=policies[1],
        origin=origin,
    )
    ctx.dirty = True


def generate(ctx: Context, cmd: Command) -> bytes:
    ctx.require_management()
    if cmd.p1 != 0x00 or cmd.p2 not in KEY_SLOTS:
        raise CardError(Sw.INCORRECT_P1P2)
    try:
        fields = tlv.parse_dict(tlv.unwrap(cmd.data, 0xAC))
    except tlv.TlvError as exc:
        raise CardError(Sw.INCORRECT_DATA) from exc
    algorithm = fields.get(0x80, b"")
    if len(algorithm) != 1 or (algorithm[0] not in RSA_BITS and algorithm[0] not in EC_CURVES):
        raise CardError(Sw.INCORRECT_DATA)
    policies = _policies(ctx, cmd.p2, fields)
    _require_room(ctx, cmd.p2)
    key = keys.generate(Algorithm(algorithm[0]))
    _store_key(ctx, cmd.p2, key, policies, Origin.GENERATED)
    return tlv.tlv(_PUBLIC_KEY_TEMPLATE, keys.public_key_tlvs(key))


def import_key(ctx: Context, cmd: Command) -> bytes:
    ctx.require_management()
    if cmd.p2 not in KEY_SLOTS:
        raise CardError(Sw.INCORRECT_P1P2)
    try:
        fields = tlv.parse_dict(cmd.data)
    except tlv.TlvError as exc:
        raise CardError(Sw.INCORRECT_DATA) from exc
    try:
        if cmd.p1 in RSA_BITS:
            parts = [fields.get(tag) for tag in (0x01, 0x02, 0x03, 0x04, 0x05)]
            if any(part is None for part in parts):
                raise CardError(Sw.INCORRECT_DATA)
            p, q, dp, dq, qinv = (part or b"" for part in parts)
            key: keys.PrivateKey = keys.rsa_from_crt(p, q, dp, dq, qinv)
        elif cmd.p1 in EC_CURVES and 0x06 in fields:
            key = keys.ec_from_scalar(Algorithm(cmd.p1), fields[0x06])
        else:
            raise CardError(Sw.INCORRECT_P1P2)
        if keys.algorithm_of(key) != cmd.p1:
            raise CardError(Sw.INCORRECT_DATA)
    except keys.KeyUseError as exc:
        raise CardError(Sw.INCORRECT_DATA) from exc
    _require_room(ctx, cmd.p2)
    _store_key(ctx, cmd.p2, key, _policies(ctx, cmd.p2, fields), Origin.IMPORTED)
    return b""


def metadata(ctx: Context, cmd: Command) -> bytes:
    """Yubico GET METADATA (firmware 5.3+): algorithm, policies, origin, public key, default flag, tries."""
    state = ctx.state
    if state.firmware < (5, 3, 0):
        raise CardError(Sw.INS_NOT_SUPPORTED)
    if cmd.p1 != 0x00:
        raise CardError(Sw.INCORRECT_P1P2)
    slot = cmd.p2
    if slot in (PIN_REF, PUK_REF):
        is_pin = slot == PIN_REF
        value, default = (state.pin, DEFAULT_PIN) if is_pin else (state.puk, DEFAULT_PUK)
        total = state.pin_tries_max if is_pin else state.puk_tries_max
        left = state.pin_tries_left if is_pin else state.puk_tries_left
        return (
            tlv.tlv(0x01, bytes([0xFF]))
            + tlv.tlv(0x02, bytes([0x00, 0x00]))
            + tlv.tlv(0x05, bytes([value == default]))
            + tlv.tlv(0x06, bytes([total, left]))
        )
    if slot == MANAGEMENT_SLOT:
        return (
            tlv.tlv(0x01, bytes([state.management_algorithm]))
            + tlv.tlv(0x02, bytes([0x00, TouchPolicy.NEVER]))
            + tlv.tlv(0x05, bytes([state.management_key == DEFAULT_MANAGEMENT_KEY]))
        )
    if slot not in KEY_SLOTS:
        raise CardError(Sw.INCORRECT_P1P2)
    record = state.keys.get(slot)
    if record is None:
        raise CardError(Sw.REF_NOT_FOUND)
    return (
        tlv.tlv(0x01, bytes([record.algorithm]))
        + tlv.tlv(0x02, bytes([record.pin_policy, record.touch_policy]))
        + tlv.tlv(0x03, bytes([record.origin]))
        + tlv.tlv(0x04, keys.public_key_tlvs(keys.from_pem(record.pem)))
    )


def set_management_key(ctx: Context, cmd: Command) -> bytes:
    ctx.require_management()
    if cmd.p1 != 0xFF or cmd.p2 not in (0xFE, 0xFF):
        raise CardError(Sw.INCORRECT_P1P2)
    data = cmd.data
    if len(data) < 3 or data[1] != MANAGEMENT_SLOT or data[2] != len(data) - 3:
        raise CardError(Sw.INCORRECT_DATA)
    algorithm, key = data[0], data[3:]
    if not mgmt.valid_key(algorithm, key):
        raise CardError(Sw.INCORRECT_DATA)
    ctx.state.management_algorithm = algorithm
    ctx.state.management_key = key
    ctx.dirty = True
    return b""
