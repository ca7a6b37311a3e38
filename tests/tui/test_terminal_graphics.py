"""The terminal is asked how it draws images in one round trip, and textual-image asks nothing."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tandem.tui.terminal_graphics import QUESTIONS, Graphics, read_answers

DA1_ONLY = "\x1b[?1;2c"  # tmux, and most terminals: no Sixel; Kitty's question ignored


@pytest.mark.parametrize(
    ("answers", "graphics"),
    [
        (DA1_ONLY, Graphics("halfcell")),
        ("\x1b[6;32;16t\x1b[?62;4;22c", Graphics("sixel", (16, 32))),
        ("\x1b_Gi=7431;OK\x1b\\\x1b[?62;22c", Graphics("kitty")),
        ("\x1b_Gi=7431;ENOTSUPPORTED:no\x1b\\\x1b[?62;22c", Graphics("halfcell")),
        ("\x1b[6;0;0t" + DA1_ONLY, Graphics("halfcell")),  # a size of nothing is no size
        ("", Graphics("halfcell")),  # no answer at all
    ],
)
def test_the_answers_say_how_images_are_drawn(answers: str, graphics: Graphics) -> None:
    assert read_answers(answers) == graphics


# On a pseudo-terminal: asks, then draws an image as the first card with one would.
ASKED = """
import sys
from pathlib import Path
from PIL import Image
from tandem.tui import terminal_graphics
from tandem.tui.widgets import card_images
terminal_graphics.prepare_images(Path(sys.argv[1]))
before = "textual_image" in sys.modules
drawer = card_images._image_widget()
import textual_image.widget as drawers
from textual_image._terminal import get_cell_size
name = next(n for n in ("SixelImage", "TGPImage", "HalfcellImage") if getattr(drawers, n) is drawer)
cell = get_cell_size()
Path(sys.argv[2]).write_text(f"{before} {name} {cell.width}x{cell.height}")
"""


def _run_on_terminal(tmp_path: Path, answers: str) -> tuple[str, str]:
    """What the child asked the terminal, and what it wrote to its result file."""
    (tmp_path / "decks" / "media").mkdir(parents=True)
    result = tmp_path / "result.txt"
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL_CELL")}
    env.pop("TANDEM_IMAGES", None)
    child = subprocess.Popen(
        [sys.executable, "-c", ASKED, str(tmp_path / "decks"), str(result)],
        stdin=follower, stdout=follower, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    os.close(follower)
    asked = b""
    answered = False
    give_up = time.monotonic() + 60
    while child.poll() is None and time.monotonic() < give_up:
        if select.select([leader], [], [], 0.05)[0]:
            try:
                asked += os.read(leader, 4096)
            except OSError:
                break
        if not answered and asked.endswith(b"\x1b[c"):
            os.write(leader, answers.encode())
            answered = True
    child.wait(timeout=60)
    os.close(leader)
    assert child.returncode == 0, child.stderr.read() if child.stderr else ""
    return asked.decode("latin-1"), result.read_text()


def test_one_round_trip_then_textual_image_asks_nothing(tmp_path: Path) -> None:
    asked, result = _run_on_terminal(tmp_path, "\x1b[6;30;15t\x1b[?62;4;22c")
    assert asked == QUESTIONS  # three questions at once; none from textual-image
    assert result == "False SixelImage 15x30"  # imported with the first image, not before


def test_a_terminal_without_graphics_draws_half_cells(tmp_path: Path) -> None:
    asked, result = _run_on_terminal(tmp_path, DA1_ONLY)
    assert asked == QUESTIONS
    assert result.split()[:2] == ["False", "HalfcellImage"]
