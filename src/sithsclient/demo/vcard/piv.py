"""A PIV card that answers like a YubiKey 5's PIV applet: a pure APDU processor, no sockets.

Written from NIST SP 800-73-4 and from what Yubico's libykpiv/ykcs11 2.2 send. What it does not do:
attestation (ATTEST answers 6D00, so ykcs11 falls back to GET METADATA), touch, secure messaging, biometrics.
Chaining: a command longer than one APDU arrives with CLA bit 0x10 on all but its last part; an answer longer
than 256 bytes leaves with 61xx and the host fetches the rest with GET RESPONSE.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sithsclient.demo.vcard import keyops, pins, tlv
from sithsclient.demo.vcard import state as state_file
from sithsclient.demo.vcard.apdu import CardError, Command, parse, sw_bytes
from sithsclient.demo.vcard.constants import (
    DISCOVERY,
    DISCOVERY_OBJECT,
    PIN_PROTECTED_OBJECTS,
    PIN_REF,
    PIV_AID,
    PIV_APT,
    Ins,
    Sw,
)
from sithsclient.demo.vcard.session import Context, Session
from sithsclient.demo.vcard.state import CardState

_CHUNK = 256
# Full PIV AID with the version PIX; SELECT may name any prefix of it of at least the RID + PIX start.
_FULL_AID = PIV_AID + bytes.fromhex("000010000100")
# The largest data object a YubiKey 5 stores (its PUT DATA limit for one object, in bytes of the 53 value).
MAX_OBJECT_SIZE = 3052
# Our practice extension for two-PIN cards: in a GENERATE template and a key's GET METADATA, the PIN of the key.
_PIN_OF_KEY_TAG = 0x83

Handler = Callable[[Context, Command], bytes]


class VirtualPivCard:
    """Feed it command APDUs with `process`; it answers response APDUs and keeps `apdu_count`.

    With `path`, the persistent state is written there after every command that changed it.
    """

    def __init__(self, state: CardState, path: Path | None = None) -> None:
        self.state = state
        self.path = path
        self.session = Session()
        self.apdu_count = 0
        self._chain: tuple[int, int, int, bytes] | None = None  # (ins, p1, p2, data so far)
        self._pending = b""  # answer bytes waiting for GET RESPONSE
        self._handlers: dict[int, Handler] = {
            Ins.SELECT: self._select,
            Ins.GET_VERSION: self._version,
            Ins.GET_SERIAL: self._serial,
            Ins.GET_DATA: self._get_data,
            Ins.PUT_DATA: self._put_data,
            Ins.VERIFY: pins.verify,
            Ins.CHANGE_REFERENCE: pins.change_reference,
            Ins.RESET_RETRY: pins.reset_retry,
            Ins.SET_PIN_RETRIES: pins.set_pin_retries,
            Ins.RESET: pins.reset,
            Ins.AUTHENTICATE: self._authenticate,
            Ins.GENERATE: self._generate,
            Ins.IMPORT_KEY: keyops.import_key,
            Ins.GET_METADATA: self._metadata,
            Ins.SET_MGMKEY: keyops.set_management_key,
        }

    @classmethod
    def from_file(cls, path: Path) -> VirtualPivCard:
        return cls(state_file.load(path), path)

    # Power and reset: everything volatile goes, the state file stays.
    def reset(self) -> None:
        self.session = Session()
        self._chain = None
        self._pending = b""

    power_on = reset
    power_off = reset

    def process(self, apdu: bytes) -> bytes:
        self.apdu_count += 1
        try:
            cmd = parse(apdu)
            if cmd.cla & ~0x10 != 0x00:
                raise CardError(Sw.CLA_NOT_SUPPORTED)
            if cmd.ins == Ins.GET_RESPONSE:
                return self._next_chunk()
            self._pending = b""
            full = self._collect(cmd)
            if full is None:
                return sw_bytes(Sw.OK)
            return self._reply(self._dispatch(full))
        except CardError as err:
            return sw_bytes(err.sw)

    def _collect(self, cmd: Command) -> Command | None:
        """Command chaining: keep parts until the last one, then hand over the whole command."""
        if self._chain is not None and self._chain[:3] != (cmd.ins, cmd.p1, cmd.p2):
            self._chain = None  # a different command breaks the chain; its earlier parts are dropped
        prefix = self._chain[3] if self._chain is not None else b""
        if cmd.chained:
            self._chain = (cmd.ins, cmd.p1, cmd.p2, prefix + cmd.data)
            return None
        self._chain = None
        return Command(0x00, cmd.ins, cmd.p1, cmd.p2, prefix + cmd.data)

    def _dispatch(self, cmd: Command) -> bytes:
        handler = self._handlers.get(cmd.ins)
        if handler is None:
            raise CardError(Sw.INS_NOT_SUPPORTED)
        if cmd.ins != Ins.SELECT and not self.session.selected:
            raise CardError(Sw.INS_NOT_SUPPORTED)  # no applet selected: nothing understands the command
        ctx = Context(self.state, self.session)
        try:
            return handler(ctx, cmd)
        finally:
            # Tries counters change even when the command fails, so write on error too.
            if ctx.dirty and self.path is not None:
                state_file.save(self.state, self.path)

    def _reply(self, data: bytes) -> bytes:
        if len(data) <= _CHUNK:
            return data + sw_bytes(Sw.OK)
        self._pending = data[_CHUNK:]
        return data[:_CHUNK] + self._more_sw()

    def _more_sw(self) -> bytes:
        return bytes([0x61, min(len(self._pending), _CHUNK) & 0xFF])

    def _next_chunk(self) -> bytes:
        if not self._pending:
            raise CardError(Sw.CONDITIONS)
        chunk, self._pending = self._pending[:_CHUNK], self._pending[_CHUNK:]
        return chunk + (self._more_sw() if self._pending else sw_bytes(Sw.OK))

    # -- the two-PIN layout (pins.py): which PIN guards which key --------------------------------------------

    @staticmethod
    def _signature_key(ctx: Context, slot: int) -> bool:
        return ctx.state.two_pins and slot in ctx.state.signature_slots

    def _authenticate(self, ctx: Context, cmd: Command) -> bytes:
        """A key of a signature slot wants the signature PIN: keyops checks `pin_verified`, so for such a key
        it sees the signature PIN's status instead, and a use that consumes the PIN consumes that one."""
        session = ctx.session
        if not self._signature_key(ctx, cmd.p2):
            return keyops.general_authenticate(ctx, cmd)
        saved = session.pin_verified, session.pin_fresh
        session.pin_verified, session.pin_fresh = session.sig_verified, session.sig_fresh
        try:
            return keyops.general_authenticate(ctx, cmd)
        finally:
            session.sig_fresh = session.pin_fresh
            session.pin_verified, session.pin_fresh = saved

    def _generate(self, ctx: Context, cmd: Command) -> bytes:
        """On a two-PIN card the host names the PIN of the new key in the template (tag 83 = A0, the signature
        PIN), as a key belongs to the PIN of the token it was made in on an IDPrime card."""
        answer = keyops.generate(ctx, cmd)
        if ctx.state.two_pins:
            try:
                wanted = tlv.parse_dict(tlv.unwrap(cmd.data, 0xAC)).get(_PIN_OF_KEY_TAG)
            except tlv.TlvError:
                wanted = None
            slots = set(ctx.state.signature_slots) - {cmd.p2}
            if wanted == bytes([pins.SIG_PIN_REF]):
                slots.add(cmd.p2)
            ctx.state.signature_slots = sorted(slots)
            ctx.dirty = True
        return answer

    def _metadata(self, ctx: Context, cmd: Command) -> bytes:
        """GET METADATA; on a two-PIN card a key's answer also names its PIN (tag 83), and the signature PIN's
        and PUK's answers come from their own counters."""
        if ctx.state.two_pins and cmd.p1 == 0x00 and cmd.p2 in (pins.SIG_PIN_REF, pins.SIG_PUK_REF):
            total = ctx.state.pin_tries_max if cmd.p2 == pins.SIG_PIN_REF else ctx.state.puk_tries_max
            return tlv.tlv(0x01, bytes([0xFF])) + tlv.tlv(0x06, bytes([total, pins.tries_left(ctx, cmd.p2)]))
        answer = keyops.metadata(ctx, cmd)
        if ctx.state.two_pins and cmd.p2 in ctx.state.keys:
            pin = pins.SIG_PIN_REF if cmd.p2 in ctx.state.signature_slots else PIN_REF
            answer += tlv.tlv(_PIN_OF_KEY_TAG, bytes([pin]))
        return answer

    # -- simple commands ------------------------------------------------------------------------------

    def _select(self, ctx: Context, cmd: Command) -> bytes:
        if cmd.p1 != 0x04:
            raise CardError(Sw.INCORRECT_P1P2)
        if len(cmd.data) < len(PIV_AID) or not _FULL_AID.startswith(cmd.data):
            raise CardError(Sw.NOT_FOUND)  # another applet: the PIV selection stays as it was
        # Selecting the applet again clears its security status; libykpiv relies on that to read the tries.
        self.session.clear_security()
        self.session.selected = True
        return tlv.tlv(0x61, PIV_APT)

    def _version(self, ctx: Context, cmd: Command) -> bytes:
        return bytes(ctx.state.firmware)

    def _serial(self, ctx: Context, cmd: Command) -> bytes:
        return ctx.state.serial.to_bytes(4, "big")

    @staticmethod
    def _object_id(tag_value: bytes) -> int:
        if len(tag_value) not in (1, 3):
            raise CardError(Sw.INCORRECT_DATA)
        return int.from_bytes(tag_value, "big")

    def _get_data(self, ctx: Context, cmd: Command) -> bytes:
        if (cmd.p1, cmd.p2) != (0x3F, 0xFF):
            raise CardError(Sw.INCORRECT_P1P2)
        try:
            object_id = self._object_id(tlv.unwrap(cmd.data, 0x5C))
        except tlv.TlvError as exc:
            raise CardError(Sw.INCORRECT_DATA) from exc
        if object_id == DISCOVERY_OBJECT:
            return tlv.tlv(DISCOVERY_OBJECT, DISCOVERY)
        if object_id in PIN_PROTECTED_OBJECTS and not ctx.session.pin_verified:
            raise CardError(Sw.SECURITY_STATUS)
        value = ctx.state.objects.get(object_id)
        if value is None:
            raise CardError(Sw.NOT_FOUND)
        return tlv.tlv(0x53, value)

    def _put_data(self, ctx: Context, cmd: Command) -> bytes:
        ctx.require_management()
        if (cmd.p1, cmd.p2) != (0x3F, 0xFF):
            raise CardError(Sw.INCORRECT_P1P2)
        try:
            items = tlv.parse(cmd.data)
        except tlv.TlvError as exc:
            raise CardError(Sw.INCORRECT_DATA) from exc
        if len(items) != 2 or items[0][0] != 0x5C or items[1][0] != 0x53:
            raise CardError(Sw.INCORRECT_DATA)
        object_id = self._object_id(items[0][1])
        if object_id == DISCOVERY_OBJECT:
            raise CardError(Sw.INCORRECT_DATA)  # fixed by the applet
        value = items[1][1]
        if len(value) > MAX_OBJECT_SIZE:
            raise CardError(Sw.NOT_ENOUGH_MEMORY)
        if value:
            ctx.state.objects[object_id] = value
        else:
            ctx.state.objects.pop(object_id, None)  # an empty object is a deleted one, as ykcs11 expects
        ctx.dirty = True
        return b""
