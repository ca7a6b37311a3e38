"""Provides reading another tool's text files: a size cap and UTF-8, refusals naming the file."""

from __future__ import annotations

from pathlib import Path

from tandem.models import BadInputError

MAX_FILE_BYTES = 10_000_000
"""As large as a tandem deck file may be."""


def read_utf8(path: Path, name: str) -> str:
    """The text of ``path`` (shown as ``name`` in a refusal).

    Raises:
        BadInputError: the file is over :data:`MAX_FILE_BYTES`, or not UTF-8.
    """
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise BadInputError(f"{name}: larger than {MAX_FILE_BYTES:,} bytes; refused")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInputError(f"{name}: not UTF-8 (byte {error.start})") from None
