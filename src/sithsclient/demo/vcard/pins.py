"""PIN and PUK commands: VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER (SP 800-73-4 part 2 §3.2),
and Yubico's SET PIN RETRIES and RESET.

A wrong value costs one try and answers 63Cx with the tries left (63C0 on the try that blocks); a blocked
reference answers 6983 without looking at the value. A right value restores the full count.

The two-PIN layout (our practice card's extension; PIV itself has one application PIN): most eTjänstekort have
a PIN för legitimering and a PIN för underskrift, each with its own tries and its own PUK. On a card provisioned
with a signature PIN, reference A0 is that PIN and A1 its PUK, in every PIN command as 80 and 81 are; the keys
of the card's signature slots then want PIN A0 (see piv.py). A one-PIN card answers 6A88 for A0 and A1.
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


SIG_PIN_REF = 0xA0  # outside the key slots: GET METADATA names references and slots alike
SIG_PUK_REF = 0xA1
# Each PIN's PUK.
PUK_OF = {PIN_REF: PUK_REF, SIG_PIN_REF: SIG_PUK_REF}

# Where each reference keeps its value and tries in the card state (the signature PUK shares the PUK's maximum).
_FIELDS = {
    PIN_REF: ("pin", "pin_tries_left", "pin_tries_max"),
    PUK_REF: ("puk", "puk_tries_left", "puk_tries_max"),
    SIG_PIN_REF: ("sig_pin", "sig_pin_tries_left", "pin_tries_max"),
    SIG_PUK_REF: ("sig_puk", "sig_puk_tries_left", "puk_tries_max"),
}


def _tries_sw(left: int) -> int:
    return 0x63C0 | min(left, 0x0F)


def _known(ctx: Context, reference: int) -> None:
    if reference not in _FIELDS or (reference in (SIG_PIN_REF, SIG_PUK_REF) and not ctx.state.two_pins):
        raise CardError(Sw.REF_NOT_FOUND)


def tries_left(ctx: Context, reference: int) -> int:
    return int(getattr(ctx.state, _FIELDS[reference][1]))


def _set(ctx: Context, reference: int, *, value: str | None = None, left: int | None = None) -> None:
    name, left_name, _max = _FIELDS[reference]
    if value is not None:
        setattr(ctx.state, name, value)
    if left is not None:
        setattr(ctx.state, left_name, left)
    ctx.dirty = True


def _full(ctx: Context, reference: int) -> int:
    return int(getattr(ctx.state, _FIELDS[reference][2]))


def _forget_verified(ctx: Context, reference: int) -> None:
    if reference == PIN_REF:
        ctx.session.pin_verified = ctx.session.pin_fresh = False
    elif reference == SIG_PIN_REF:
        ctx.session.sig_verified = ctx.session.sig_fresh = False


def _check(ctx: Context, reference: int, block: bytes) -> None:
    """Compare against a PIN or PUK, counting tries; raises on a wrong or blocked reference."""
    _known(ctx, reference)
    left = tries_left(ctx, reference)
    if left == 0:
        raise CardError(Sw.AUTH_BLOCKED)
    if len(block) != 8:
        raise CardError(Sw.INCORRECT_DATA)
    expected = pad(str(getattr(ctx.state, _FIELDS[reference][0])))
    if hmac.compare_digest(block, expected):
        if left != _full(ctx, reference):
            _set(ctx, reference, left=_full(ctx, reference))
        return
    left -= 1
    _forget_verified(ctx, reference)
    _set(ctx, reference, left=left)
    raise CardError(_tries_sw(left))


def _mark_verified(ctx: Context, reference: int, verified: bool) -> None:
    if reference == PIN_REF:
        ctx.session.pin_verified = ctx.session.pin_fresh = verified
    else:
        ctx.session.sig_verified = ctx.session.sig_fresh = verified


def _is_verified(ctx: Context, reference: int) -> bool:
    return ctx.session.pin_verified if reference == PIN_REF else ctx.session.sig_verified


def verify(ctx: Context, cmd: Command) -> bytes:
    if cmd.p2 not in PUK_OF:
        raise CardError(Sw.REF_NOT_FOUND)
    _known(ctx, cmd.p2)
    if cmd.p1 == 0xFF and not cmd.data:
        _mark_verified(ctx, cmd.p2, False)  # SP 800-73-4: P1=FF resets the PIN's security status
        return b""
    if cmd.p1 != 0x00:
        raise CardError(Sw.INCORRECT_P1P2)
    if not cmd.data:
        # A status query: already verified, or the tries left.
        if tries_left(ctx, cmd.p2) == 0:
            raise CardError(Sw.AUTH_BLOCKED)
        if _is_verified(ctx, cmd.p2):
            return b""
        raise CardError(_tries_sw(tries_left(ctx, cmd.p2)))
    _check(ctx, cmd.p2, cmd.data)
    _mark_verified(ctx, cmd.p2, True)
    return b""


def change_reference(ctx: Context, cmd: Command) -> bytes:
    if cmd.p1 != 0x00:
        raise CardError(Sw.INCORRECT_P1P2)
    _known(ctx, cmd.p2)
    if len(cmd.data) != 16:
        raise CardError(Sw.INCORRECT_DATA)
    new_value = unpad(cmd.data[8:])
    _check(ctx, cmd.p2, cmd.data[:8])
    _set(ctx, cmd.p2, value=new_value)
    return b""


def reset_retry(ctx: Context, cmd: Command) -> bytes:
    """Unblock (or just reset) a PIN with its own PUK."""
    if cmd.p1 != 0x00 or cmd.p2 not in PUK_OF:
        raise CardError(Sw.INCORRECT_P1P2)
    _known(ctx, cmd.p2)
    if len(cmd.data) != 16:
        raise CardError(Sw.INCORRECT_DATA)
    new_pin = unpad(cmd.data[8:])
    _check(ctx, PUK_OF[cmd.p2], cmd.data[:8])
    _set(ctx, cmd.p2, value=new_pin, left=_full(ctx, cmd.p2))
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
