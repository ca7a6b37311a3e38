"""Provides start-up figures: ``tandem review`` to its first card, and a minimal Textual app."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 5
TANDEM = """
import time, sys
from tandem.config import resolve_paths
from tandem.services import build_services
from tandem.storage import Store
from tandem.tui import TandemApp
from tandem.tui.widgets.card import CardView
root = sys.argv[1]
paths = resolve_paths(root + "/t.db", root + "/decks")
app = TandemApp(build_services(paths, db=Store(paths.db)), review_as="me", sync_on_start=False)
async def pilot(p):
    while not app.screen.query(CardView):
        await p.pause(0.001)
    await p.pause()
    print(time.time())
    app.exit()
app.run(headless=True, auto_pilot=pilot)
"""
MINIMAL = """
import time
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("first card")
app = Minimal()
async def pilot(p):
    while not app.screen.query(Static):
        await p.pause(0.001)
    await p.pause()
    print(time.time())
    app.exit()
app.run(headless=True, auto_pilot=pilot)
"""


def _seconds(code: str, *args: str) -> dict[str, float]:
    times = []
    for _ in range(RUNS):
        start = time.time()
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, check=True, env=os.environ.copy())  # fmt: skip
        times.append(float(done.stdout.strip().splitlines()[-1]) - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def first_card_seconds(folder: Path) -> dict[str, float]:
    """From starting Python to the first card on screen, on the database in ``folder``."""
    return _seconds(TANDEM, str(folder))


def minimal_app_seconds() -> dict[str, float]:
    """The floor: a Textual app that shows one Static."""
    return _seconds(MINIMAL)
