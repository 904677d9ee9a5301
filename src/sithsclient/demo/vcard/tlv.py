"""BER-TLV as PIV uses it: one- or two-byte tags, definite lengths up to 0xFFFF (SP 800-73-4 part 2)."""

from __future__ import annotations


class TlvError(ValueError):
    """The bytes are not well-formed TLV."""


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    if length <= 0xFF:
        return bytes([0x81, length])
    if length <= 0xFFFF:
        return bytes([0x82, length >> 8, length & 0xFF])
    raise TlvError(f"length {length} too large for PIV")


def tlv(tag: int, value: bytes) -> bytes:
    """One TLV; tags above 0xFF are written as two bytes (e.g. 0x7F49, 0x5FC1xx is never a tag here)."""
    tag_bytes = tag.to_bytes(2, "big") if tag > 0xFF else bytes([tag])
    return tag_bytes + encode_length(len(value)) + value


def _read_tag(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise TlvError("missing tag")
    tag = data[pos]
    pos += 1
    # Low five bits all set: the tag continues in the next byte (0x7F49, 0x5F2F ...).
    if tag & 0x1F == 0x1F:
        if pos >= len(data):
            raise TlvError("truncated tag")
        tag = (tag << 8) | data[pos]
        pos += 1
    return tag, pos


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise TlvError("missing length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    count = first & 0x7F
    if count not in (1, 2) or pos + count > len(data):
        raise TlvError("bad length")
    return int.from_bytes(data[pos : pos + count], "big"), pos + count


def parse(data: bytes) -> list[tuple[int, bytes]]:
    """The TLVs at one level, in order (duplicates kept)."""
    items: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        tag, pos = _read_tag(data, pos)
        length, pos = _read_length(data, pos)
        if pos + length > len(data):
            raise TlvError("value runs past the end")
        items.append((tag, data[pos : pos + length]))
        pos += length
    return items


def parse_dict(data: bytes) -> dict[int, bytes]:
    """The TLVs at one level by tag; the first of a repeated tag wins."""
    result: dict[int, bytes] = {}
    for tag, value in parse(data):
        result.setdefault(tag, value)
    return result


def unwrap(data: bytes, tag: int) -> bytes:
    """The value of a single outer TLV with the given tag; trailing bytes after it are an error."""
    items = parse(data)
    if len(items) != 1 or items[0][0] != tag:
        raise TlvError(f"expected one TLV with tag {tag:#x}")
    return items[0][1]
