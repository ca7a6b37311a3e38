"""Provides what the terminal can draw images with, asked in one round trip.

``textual-image`` asks three questions one after the other when it is imported (Sixel, Kitty
graphics, cell size), each waiting up to 100 ms for an answer that many terminals (tmux, for
one) never give. Here the three go out at once, followed by "what are you" (DA1), which every
terminal answers: its answer ends the wait, so a terminal that ignores a question costs
nothing. ``textual-image`` is then imported with the answers already known.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Protocol = Literal["sixel", "kitty", "halfcell"]

_KITTY_ID = 7431
QUESTIONS = (
    f"\x1b_Gi={_KITTY_ID},s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"  # Kitty graphics: can you?
    "\x1b[16t"  # the size of a cell in pixels
    "\x1b[c"  # DA1, answered by every terminal: the last answer to wait for
)
WAIT_SECONDS = 1.0
"""How long to wait for a terminal that does not answer even DA1 (then: half-cell blocks)."""
_DA1 = re.compile(r"\x1b\[\?([\d;]*)c")
_KITTY = re.compile(rf"\x1b_Gi={_KITTY_ID};([^\x1b]*)\x1b\\")
_CELL = re.compile(r"\x1b\[6;(\d+);(\d+)t")


@dataclass(frozen=True)
class Graphics:
    """The terminal's answers: how images are drawn, and a cell's size in pixels if told."""

    protocol: Protocol
    cell: tuple[int, int] | None = None
    """(width, height) of a cell in pixels."""


def read_answers(answers: str) -> Graphics:
    """What the terminal's answers (everything read up to DA1's) say. Sixel is preferred,
    as ``textual-image`` prefers it, then Kitty graphics, else half-cell blocks."""
    da1 = _DA1.search(answers)
    kitty = _KITTY.search(answers)
    cell = _CELL.search(answers)
    size = (int(cell[2]), int(cell[1])) if cell and int(cell[1]) and int(cell[2]) else None
    if da1 is not None and "4" in da1[1].split(";"):
        return Graphics("sixel", size)
    if kitty is not None and kitty[1] == "OK":
        return Graphics("kitty", size)
    return Graphics("halfcell", size)


_OFF = ("0", "off", "no", "false")


def prepare_images(decks: Path) -> None:
    """Asks the terminal how it draws images (Sixel, Kitty graphics, else half-cell blocks)
    and a cell's size, in one round trip; call before the app starts. Only on a terminal,
    only when the decks folder has a ``media`` folder, and not with ``TANDEM_IMAGES=off``."""
    if os.environ.get("TANDEM_IMAGES", "").lower() in _OFF or not _on_terminal():
        return
    if not any(decks.glob(pattern) for pattern in ("media", "*/media", "*/*/media")):
        return
    global _answered  # noqa: PLW0603 - set once, before the app starts
    _answered = ask_terminal()  # one round trip, not textual-image's three waits


_answered: Graphics | None = None
"""What the terminal answered ``prepare_images``; None: it was not asked."""


def answered() -> Graphics | None:
    """What the terminal answered ``prepare_images``; None: it was not asked."""
    return _answered


def _on_terminal() -> bool:
    out, into = sys.__stdout__, sys.__stdin__
    return bool(out and into and out.isatty() and into.isatty())


def ask_terminal() -> Graphics:
    """Asks the terminal on stdin/stdout (call before Textual starts reading the keys)."""
    import select
    import termios
    import time
    import tty

    stdin, stdout = sys.__stdin__, sys.__stdout__
    if stdin is None or stdout is None:
        return Graphics("halfcell")
    fd = stdin.fileno()
    before = termios.tcgetattr(fd)
    answers = ""
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        stdout.write(QUESTIONS)
        stdout.flush()
        give_up = time.monotonic() + WAIT_SECONDS
        while not _DA1.search(answers):
            left = give_up - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                break
            answers += os.read(fd, 1024).decode("latin-1")
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, before)
    graphics = read_answers(answers)
    cell = _cell_from_window(stdout.fileno())
    return Graphics(graphics.protocol, cell) if cell is not None else graphics


def _cell_from_window(fd: int) -> tuple[int, int] | None:
    """A cell's size from the window's size in pixels, where the terminal tells it."""
    import fcntl
    import struct
    import termios

    try:
        packed = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
    except OSError:
        return None
    rows, columns, width, height = struct.unpack("HHHH", packed)
    if not (rows and columns and width and height):
        return None
    return width // columns, height // rows


@contextmanager
def answers_known(graphics: Graphics) -> Iterator[None]:
    """While ``textual-image`` is imported: it sees no terminal, so it asks nothing, and it
    reads the cell size from its ``TEXTUAL_CELL_WIDTH``/``HEIGHT`` (as under textual-serve)."""
    if graphics.cell is not None:
        os.environ.setdefault("TEXTUAL_CELL_WIDTH", str(graphics.cell[0]))
        os.environ.setdefault("TEXTUAL_CELL_HEIGHT", str(graphics.cell[1]))
    real = sys.__stdout__
    setattr(sys, "__stdout__", io.StringIO())  # noqa: B010 - typeshed marks it Final
    try:
        yield
    finally:
        setattr(sys, "__stdout__", real)  # noqa: B010
