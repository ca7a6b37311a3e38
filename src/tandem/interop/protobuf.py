"""Provides a minimal protobuf wire-format reader and writer (only what Anki's blobs need)."""

from __future__ import annotations

from collections.abc import Iterator

from tandem.models import BadInputError

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise BadInputError("truncated or malformed protobuf data")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Yields ``(field number, value)``: an int for varints and fixed, bytes for length fields.

    Raises:
        BadInputError: if the data is not valid protobuf.
    """
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == VARINT:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == LENGTH:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise BadInputError("truncated protobuf data")
            yield number, data[pos : pos + size]
            pos += size
        elif wire in (FIXED64, FIXED32):
            width = 8 if wire == FIXED64 else 4
            if pos + width > len(data):
                raise BadInputError("truncated protobuf data")
            yield number, int.from_bytes(data[pos : pos + width], "little")
            pos += width
        else:
            raise BadInputError(f"unsupported protobuf wire type {wire}")


def first(data: bytes, number: int) -> int | bytes | None:
    """The first value of field ``number`` in ``data``, or None."""
    return next((value for field, value in fields(data) if field == number), None)


def text_field(data: bytes, number: int) -> str:
    """Field ``number`` of ``data`` as UTF-8 text ("" when absent)."""
    value = first(data, number)
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def encode_varint(value: int) -> bytes:
    """``value`` (non-negative) as a protobuf varint."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_field(number: int, value: int | bytes) -> bytes:
    """One field: a varint for ints, a length-delimited field for bytes."""
    if isinstance(value, int):
        return encode_varint(number << 3 | VARINT) + encode_varint(value)
    return encode_varint(number << 3 | LENGTH) + encode_varint(len(value)) + value
