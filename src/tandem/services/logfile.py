"""Provides reading a review log file: a regular file only, line by line, each line bounded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from tandem.config.files import open_regular
from tandem.models import MissingInputError

MAX_LINE_BYTES = 64 << 10
"""A longer line is refused unread (a real one is some 150 bytes)."""


_BLOCK = 1 << 20
"""Bytes read at a time: lines are split from blocks (a call per line cost more)."""


def numbered_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """The file's lines by number, without their line ends; None for a line longer than
    ``MAX_LINE_BYTES`` (it is skipped, never held whole)."""
    number, pending, skipping = 0, b"", False
    while block := handle.read(_BLOCK):
        lines = block.split(b"\n")
        lines[0] = pending + lines[0]
        pending = lines.pop()  # the start of a line the next block ends
        for raw in lines:
            if skipping:  # the end of a line already given as too long
                skipping = False
                continue
            number += 1
            yield number, raw.rstrip(b"\r") if len(raw) <= MAX_LINE_BYTES else None
        if len(pending) > MAX_LINE_BYTES:
            if not skipping:
                number += 1
                yield number, None
                skipping = True
            pending = b""
    if pending and not skipping:
        yield number + 1, pending.rstrip(b"\r")


@contextmanager
def open_log(path: Path) -> Iterator[BinaryIO]:
    try:
        data = open_regular(path)
    except FileNotFoundError:
        raise MissingInputError(f"{path}: no such file") from None
    except OSError as error:
        raise MissingInputError(f"{path}: cannot read: {error.strerror or error}") from None
    with data:
        yield data
