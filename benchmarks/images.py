"""Provides image figures: what asking the terminal costs at start-up, and drawing one image.

Run it in the terminal to measure (``python benchmarks/images.py DECKS [OUT.json]``):
``prepare_images`` asks the terminal (Sixel, Kitty graphics, cell size: one round trip)
before the app starts, only on a terminal; each run is a fresh process, since the answer
is kept for the process. Then one card image is decoded and its widget made, as the review
screen does for each image it shows.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
PREPARE = """
import sys, time
start = time.perf_counter()
from tandem.tui.widgets import card_images
card_images.prepare_images(__import__("pathlib").Path(sys.argv[1]))
took = (time.perf_counter() - start) * 1000
with open(sys.argv[2], "w") as out:  # stdout stays the terminal, which is asked
    print(took, card_images._graphics is not None, file=out)
"""


def prepare_ms(decks: Path, images: str) -> dict[str, float | bool]:
    """Milliseconds of importing and running ``prepare_images`` (``TANDEM_IMAGES=images``),
    median of RUNS fresh processes sharing this terminal."""
    times, asked = [], False
    env = {"TANDEM_IMAGES": images}
    with tempfile.TemporaryDirectory() as folder:
        result = Path(folder) / "result"
        for _ in range(RUNS):
            subprocess.run([sys.executable, "-c", PREPARE, str(decks), str(result)],
                           check=True, env={**_env(), **env})  # fmt: skip
            ms, loaded = result.read_text().split()
            times.append(float(ms))
            asked = loaded == "True"
    return {"median_ms": statistics.median(times), "max_ms": max(times), "asked": asked}


def decode_ms(png: Path) -> float:
    """Milliseconds to decode ``png`` and build its ``CardImage`` (no terminal: text cells)."""
    from tandem.tui.widgets.card_images import CardImage, ImageRef

    class Read:
        data, problem = png.read_bytes(), None

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        CardImage(ImageRef("alt", png.name), Read())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def main() -> None:
    decks = Path(sys.argv[1] if len(sys.argv) > 1 else "decks")
    figures = {
        "terminal": sys.stdout.isatty(),
        "prepare (images on)": prepare_ms(decks, "on"),
        "prepare (TANDEM_IMAGES=off)": prepare_ms(decks, "off"),
        "decode + widget, sample png (ms)": decode_ms(decks / "media" / "merge-vs-rebase.png"),
    }
    text = json.dumps(figures, indent=2)
    if len(sys.argv) > 2:  # stdout is the terminal being measured: the figures go to a file
        Path(sys.argv[2]).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
