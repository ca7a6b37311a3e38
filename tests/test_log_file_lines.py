"""A log file is read in blocks, line by line: each line once, by number, without its line
end; a line too long is given as ``None`` and skipped, never held whole."""

from __future__ import annotations

import io

import pytest

from tandem.services import logfile
from tandem.services.logfile import MAX_LINE_BYTES, numbered_lines


@pytest.mark.parametrize("block", [5, 64, 1 << 20])
def test_lines_come_whole_across_blocks(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(logfile, "_BLOCK", block)
    long = b"x" * (MAX_LINE_BYTES + 1)
    edge = b"y" * MAX_LINE_BYTES
    data = b"first\r\n\nsecond line\n" + long + b"\n" + edge + b"\n" + long * 3 + b"\nlast"
    assert list(numbered_lines(io.BytesIO(data))) == [
        (1, b"first"),
        (2, b""),
        (3, b"second line"),
        (4, None),
        (5, edge),
        (6, None),
        (7, b"last"),
    ]


@pytest.mark.parametrize("block", [5, 1 << 20])
def test_a_long_last_line_is_skipped(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(logfile, "_BLOCK", block)
    data = b"a\n" + b"z" * (MAX_LINE_BYTES + 5)
    assert list(numbered_lines(io.BytesIO(data))) == [(1, b"a"), (2, None)]
    assert list(numbered_lines(io.BytesIO(b""))) == []
