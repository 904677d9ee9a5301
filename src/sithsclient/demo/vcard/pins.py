"""PIN and PUK commands: VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER (SP 800-73-4 part 2 §3.2),
and Yubico's SET PIN RETRIES and RESET.

A wrong value costs one try and answers 63Cx with the tries left (63C0 on the try that blocks); a blocked
reference answers 6983 without looking at the value. A right value restores the full count.
"""

from __future__ import annotations

import hmac

from sithsclient.demo.vcard.apdu import CardError, Command
from sithsclient.demo.vcard.constants import DEFAULT_PIN, DEFAULT_PUK, PIN_REF, PUK_REF, Sw
from sithsclient.demo.vcard.session import Context

_PAD = 0xFF


def pad(secret: str) -> bytes:
    """PIN/PUK reference data: the ASCII value padded with 0xFF to 8 bytes."""
    return secret.encode("ascii").ljust(8, bytes([_PAD]))


def unpad(block: bytes) -> str:
    """A new PIN/PUK from a command: 6..8 bytes, then only padding."""
    if len(block) != 8:
        raise CardError(Sw.INCORRECT_DATA)
    value = block.rstrip(bytes([_PAD]))
    if not 6 <= len(value) <= 8 or _PAD in value:
        raise CardError(Sw.INCORRECT_DATA)
    try:
        return value.decode("ascii")
    except UnicodeDecodeError as exc:
        raise CardError(Sw.INCORRECT_DATA) from exc


def _tries_sw(left: int) -> int:
    return 0x63C0 | min(left, 0x0F)


def _check(ctx: Context, reference: int, block: bytes) -> None:
    """Compare against PIN or PUK, counting tries; raises on a wrong or blocked reference."""
    state = ctx.state
    is_pin = reference == PIN_REF
    left = state.pin_tries_left if is_pin else state.puk_tries_left
    if left == 0:
        raise CardError(Sw.AUTH_BLOCKED)
    if len(block) != 8:
        raise CardError(Sw.INCORRECT_DATA)
    expected = pad(state.pin if is_pin else state.puk)
    if hmac.compare_digest(block, expected):
        full = state.pin_tries_max if is_pin else state.puk_tries_max
        if left != full:
            ctx.dirty = True
        if is_pin:
            state.pin_tries_left = full
        else:
            state.puk_tries_left = full
        return
    left -= 1
    if is_pin:
        state.pin_tries_left = left
        ctx.session.pin_verified = False
        ctx.session.pin_fresh = False
    else:
        state.puk_tries_left = left
    ctx.dirty = True
    raise CardError(_tries_sw(left))


def verify(ctx: Context, cmd: Command) -> bytes:
    if cmd.p2 != PIN_REF:
        raise CardError(Sw.REF_NOT_FOUND)
    if cmd.p1 == 0xFF and not cmd.data:
        ctx.session.pin_verified = False  # SP 800-73-4: P1=FF resets the PIN's security status
        ctx.session.pin_fresh = False
        return b""
    if cmd.p1 != 0x00:
        raise CardError(Sw.INCORRECT_P1P2)
    if not cmd.data:
        # A status query: already verified, or the tries left.
        if ctx.state.pin_tries_left == 0:
            raise CardError(Sw.AUTH_BLOCKED)
        if ctx.session.pin_verified:
            return b""
        raise CardError(_tries_sw(ctx.state.pin_tries_left))
    _check(ctx, PIN_REF, cmd.data)
    ctx.session.pin_verified = True
    ctx.session.pin_fresh = True
    return b""


def change_reference(ctx: Context, cmd: Command) -> bytes:
    if cmd.p1 != 0x00:
        raise CardError(Sw.INCORRECT_P1P2)
    if cmd.p2 not in (PIN_REF, PUK_REF):
        raise CardError(Sw.REF_NOT_FOUND)
    if len(cmd.data) != 16:
        raise CardError(Sw.INCORRECT_DATA)
    new_value = unpad(cmd.data[8:])
    _check(ctx, cmd.p2, cmd.data[:8])
    if cmd.p2 == PIN_REF:
        ctx.state.pin = new_value
    else:
        ctx.state.puk = new_value
    ctx.dirty = True
    return b""


def reset_retry(ctx: Context, cmd: Command) -> bytes:
    """Unblock (or just reset) the PIN with the PUK."""
    if cmd.p1 != 0x00 or cmd.p2 != PIN_REF:
        raise CardError(Sw.INCORRECT_P1P2)
    if len(cmd.data) != 16:
        raise CardError(Sw.INCORRECT_DATA)
    new_pin = unpad(cmd.data[8:])
    _check(ctx, PUK_REF, cmd.data[:8])
    ctx.state.pin = new_pin
    ctx.state.pin_tries_left = ctx.state.pin_tries_max
    ctx.dirty = True
    return b""


def set_pin_retries(ctx: Context, cmd: Command) -> bytes:
    """Yubico: new try counts in P1 (PIN) and P2 (PUK); both values go back to their defaults."""
    ctx.require_management()
    if not ctx.session.pin_verified:
        raise CardError(Sw.SECURITY_STATUS)
    if not (1 <= cmd.p1 <= 15 and 1 <= cmd.p2 <= 15):
        raise CardError(Sw.INCORRECT_P1P2)
    state = ctx.state
    state.pin_tries_max = state.pin_tries_left = cmd.p1
    state.puk_tries_max = state.puk_tries_left = cmd.p2
    state.pin, state.puk = DEFAULT_PIN, DEFAULT_PUK
    ctx.dirty = True
    return b""


def reset(ctx: Context, cmd: Command) -> bytes:
    """Yubico RESET: allowed only once both PIN and PUK are blocked, as on the real key."""
    if ctx.state.pin_tries_left != 0 or ctx.state.puk_tries_left != 0:
        raise CardError(Sw.CONDITIONS)
    ctx.state.factory_reset()
    ctx.session.clear_security()
    ctx.dirty = True
    return b""
