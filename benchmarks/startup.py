"""Provides start-up figures: ``tandem review`` to its first card, and a minimal Textual app."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 11
# Both scripts print when the first frame that shows their content is written: a hook on
# Textual's App._display (private; benchmark only) notes the time once ``shown(screen)`` holds.
# Work the app does after that frame (tandem readies the hidden answer) is not counted.
FIRST_FRAME = """
import time
from textual.app import App
painted = []
def time_first_frame(shown):
    display = App._display
    def timed(app, screen, update):
        display(app, screen, update)
        if not painted and update is not None and not app._batch_count and shown(screen):
            painted.append(time.time())
    App._display = timed
async def pilot(p):
    give_up = time.time() + 30
    while not painted:
        if time.time() > give_up:
            raise SystemExit("nothing shown within 30 s")
        await p.pause(0.001)
    print(painted[0])
    p.app.exit()
"""
TANDEM = (
    FIRST_FRAME
    + """
import sys
from tandem.config import resolve_paths
from tandem.services import build_services
from tandem.storage.db import Store
from tandem.tui import TandemApp
from tandem.tui.widgets.card import CardView
time_first_frame(lambda screen: any(v.display and v.question for v in screen.query(CardView)))
root = sys.argv[1]
paths = resolve_paths(root + "/t.db", root + "/decks")
app = TandemApp(build_services(paths, db=Store(paths.db)), review_as="me", sync_on_start=False)
app.run(headless=True, auto_pilot=pilot)
"""
)
MINIMAL = (
    FIRST_FRAME
    + """
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("first card")
time_first_frame(lambda screen: bool(screen.query(Static)))
Minimal().run(headless=True, auto_pilot=pilot)
"""
)


def start_seconds(folder: Path, runs: int = RUNS) -> tuple[dict[str, float], dict[str, float]]:
    """Start to first frame: ``tandem review`` on the database in ``folder``, and the floor.

    The two alternate run by run, so a busy moment of the machine falls on both alike.
    """
    # Both run from bytecode, as installed code does: tandem from a source checkout would
    # otherwise compile all its modules on every run when PYTHONDONTWRITEBYTECODE is set,
    # while Textual's are compiled at install. The bytecode goes to a temporary folder.
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        tandem: list[float] = []
        minimal: list[float] = []
        for run in range(runs + 1):
            for code, args, times in ((TANDEM, [str(folder)], tandem), (MINIMAL, [], minimal)):
                start = time.time()
                done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                                      text=True, check=True, env=env)  # fmt: skip
                if run:  # the first run writes the bytecode
                    times.append(float(done.stdout.strip().splitlines()[-1]) - start)
    return _figures(tandem), _figures(minimal)


def _figures(times: list[float]) -> dict[str, float]:
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}
