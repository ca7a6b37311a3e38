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


def numbered_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """The file's lines by number; None for a line too long to read (it is skipped)."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(1 << 16)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw.rstrip(b"\r\n")


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
