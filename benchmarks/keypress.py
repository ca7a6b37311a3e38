"""Keypress to screen: how soon ``tandem review`` shows the next card, and the answer.

Run: ``python benchmarks/keypress.py [--answers 50]``. Reviews the repository's sample decks
headless at 120x40 (space shows the answer, 3 rates Good) and prints median and p90 of:

- ``app``: ``ReviewScreen.latencies_ms`` (rating only), keypress to the first frame after it;
- ``screen``: keypress to the frame after which the screen, as written to a terminal, stays
  as it is: every frame is replayed into a character grid (a hook on Textual's private
  ``App._display``; benchmark only), so a card painted in two frames counts the second;
- ``first``: the same for the first space and the first 3 of a run, each in a fresh process
  (``--first-runs``, 0: skip) half a second after its first card, as a person starting
  ``tandem review`` presses them (what the first key loads counts here).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from textual.app import App

from tandem.config import resolve_paths
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tandem.tui import TandemApp

DECKS = Path(__file__).resolve().parent.parent / "decks"
SIZE = (120, 40)


class Terminal:
    """A character grid that frames are written to, as a terminal would show them."""

    def __init__(self, width: int, height: int) -> None:
        self.console = Console(width=width, height=height, force_terminal=True)
        self.rows = [[" "] * width for _ in range(height)]
        self.frames: list[tuple[float, str]] = []  # (when, the screen after it)

    def write(self, update: Any) -> None:
        x = y = 0
        for segment in update.__rich_console__(self.console, self.console.options):
            if segment.control:
                for control in segment.control:
                    if control[0].name == "CURSOR_MOVE_TO":
                        x, y = control[1], control[2]
            elif segment.text == "\n":
                x, y = 0, y + 1
            else:
                for char in segment.text:
                    if 0 <= y < len(self.rows) and 0 <= x < len(self.rows[y]):
                        self.rows[y][x] = char
                    x += max(1, cell_len(char))
        self.frames.append((time.perf_counter(), "\n".join("".join(row) for row in self.rows)))

    def settled_after(self, start: float) -> float:
        """Milliseconds from ``start`` to the first frame that shows the final screen."""
        final = self.frames[-1][1]
        return (next(when for when, shown in self.frames if shown == final) - start) * 1000


def watch(terminal: Terminal) -> None:
    display = App._display

    def written(app: App[Any], screen: Any, update: Any) -> None:
        display(app, screen, update)
        if update is not None and not app._batch_count and hasattr(update, "__rich_console__"):
            terminal.write(update)

    App._display = written  # type: ignore[method-assign]


def sample_services(root: Path) -> Services:
    """The sample decks synced for one person, ``me``, with no daily limit on new cards."""
    shutil.copytree(DECKS, root / "decks")
    svc = build_services(resolve_paths(root / "t.db", root / "decks"), db=Store(root / "t.db"))
    svc.people.add("me")
    settings = svc.people.settings("me").updated({"new_per_day": 9999})
    svc.people.update_settings("me", settings)
    svc.sync.run()
    return svc


async def measure_first(svc: Services) -> dict[str, list[float]]:
    """The first space and 3 of a run (call it in a process of its own)."""
    terminal = Terminal(*SIZE)
    watch(terminal)
    app = TandemApp(svc, review_as="me", sync_on_start=False)
    found: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)  # the question is read
        for key in ("space", "3"):
            terminal.frames.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause(0.3)
            found[f"first, {key}"] = [terminal.settled_after(start)]
    return found


def first_keys(runs: int) -> dict[str, list[float]]:
    """``measure_first`` in ``runs`` fresh processes, on a database built beforehand."""
    found: dict[str, list[float]] = {}
    root = Path(tempfile.mkdtemp())
    try:
        sample_services(root).close()
        for _ in range(runs):
            done = subprocess.run([sys.executable, __file__, "--one-first", str(root)],
                                  capture_output=True, text=True, check=True)  # fmt: skip
            for name, ms in json.loads(done.stdout).items():
                found.setdefault(name, []).extend(ms)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return found


async def measure(svc: Services, answers: int) -> dict[str, list[float]]:
    terminal = Terminal(*SIZE)
    watch(terminal)
    app = TandemApp(svc, review_as="me", sync_on_start=False)
    found: dict[str, list[float]] = {"screen, space": [], "screen, 3": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        for _ in range(answers):
            for key in ("space", "3"):
                terminal.frames.clear()
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause(0.15)  # ample for every frame the key causes
                found[f"screen, {key}"].append(terminal.settled_after(start))
        found["app, 3"] = list(app.screen.latencies_ms)  # type: ignore[attr-defined]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--first-runs", type=int, default=5)
    parser.add_argument("--one-first", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_first:
        root = args.one_first
        svc = build_services(resolve_paths(root / "t.db", root / "decks"), db=Store(root / "t.db"))
        print(json.dumps(asyncio.run(measure_first(svc))))
        return
    root = Path(tempfile.mkdtemp())
    try:
        found = asyncio.run(measure(sample_services(root), args.answers))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if args.first_runs:
        found.update(first_keys(args.first_runs))
    print(f"{'keypress to':<16} {'median ms':>10} {'p90 ms':>10} {'max ms':>10}")
    for name, values in found.items():
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        print(f"{name:<16} {statistics.median(values):>10.1f} {p90:>10.1f} {ordered[-1]:>10.1f}")


if __name__ == "__main__":
    sys.exit(main())
