"""Provides tandem's ids: short random note ids and time-ordered review ids."""

from __future__ import annotations

import os
import re
from datetime import datetime

ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
NOTE_ID_LENGTH = 8
_NOTE_ID = re.compile(r"^[0-9a-z]{4,32}$")


_BYTE_TO_CHAR = bytes(ord(ID_ALPHABET[byte & 31]) for byte in range(256))
"""Each byte's low five bits as an ID_ALPHABET character (for ``bytes.translate``)."""


def new_id(length: int = NOTE_ID_LENGTH) -> str:
    """Returns a random note id (8 characters of base32: 2^40 possibilities).

    The bytes come from ``os.urandom``, as ``secrets.token_bytes`` takes them.
    """
    # 256 is a multiple of 32, so the low five bits of a random byte pick uniformly.
    return os.urandom(length).translate(_BYTE_TO_CHAR).decode("ascii")


def is_valid_id(value: str) -> bool:
    """Tells whether ``value`` can be a note id (lower-case letters and digits, 4-32 long)."""
    return bool(_NOTE_ID.fullmatch(value))


_PAIRS = [first + second for first in ID_ALPHABET for second in ID_ALPHABET]
"""Two characters for every 10-bit number."""
_SHIFTS = range(90, -1, -10)


def new_review_id(at: datetime) -> str:
    """Returns a review id that sorts by time: 10 chars of milliseconds, 10 random.

    The 100 bits (50 of milliseconds, 50 random) are written 5 bits a character, most
    significant first, in ID_ALPHABET.
    """
    bits = int(at.timestamp() * 1000) << 50 | _random_bits_50()
    return "".join([_PAIRS[bits >> shift & 1023] for shift in _SHIFTS])


def _random_bits_50() -> int:
    # What ``secrets.randbits(50)`` does, without importing ``secrets`` (and hashlib, hmac)
    # at start-up: 7 bytes from the OS's generator, the top 50 bits kept.
    return int.from_bytes(os.urandom(7)) >> 6
