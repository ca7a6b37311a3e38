"""Benchmark: the TUI stats screen drawn on a heavy user's collection (about a million reviews).

Uses ``scale.py``'s cached collection, migrated once per schema version into ``--work`` (as
``browse.py`` does) with the study days worked out, and drives the real app headless at
120x40: each run pushes ``StatsScreen`` for ``me`` (and, in a second row, with ``bob``) and
times from the push to the frame after which the screen, as written to a terminal, stays as
it is (``keypress.py``'s frame hook): the figures read in the screen's worker and shown.

Run: ``python benchmarks/stats_screen.py [--repeat 5] [--work DIR] [--json out.json]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

from textual.message import Message

from keypress import Terminal, watch
from scale_copy import add_collection_arguments, open_collection
from tandem.services import Services
from tandem.tui import TandemApp
from tandem.tui.screens.stats import StatsLoaded, StatsScreen

SIZE = (120, 40)
SETTLE_S = 0.4
"""How long after the figures arrive frames are still collected (ample for a redraw)."""


async def drawn_ms(svc: Services, partner: str | None, repeat: int) -> list[float]:
    """Milliseconds from pushing the stats screen to its settled frame, ``repeat`` times."""
    terminal = Terminal(*SIZE)
    watch(terminal)
    app = TandemApp(svc, sync_on_start=False)
    loaded = asyncio.Event()

    def hook(message: Message) -> None:
        if isinstance(message, StatsLoaded):
            loaded.set()

    times = []
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.pause(0.3)
        for _ in range(repeat):
            terminal.frames.clear()
            loaded.clear()
            start = time.perf_counter()
            await app.push_screen(StatsScreen(svc, "me", partner))
            await loaded.wait()
            await pilot.pause(SETTLE_S)
            times.append(terminal.settled_after(start))
            app.pop_screen()
            await pilot.pause(0.2)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_collection_arguments(parser, "tandem-stats-screen-bench")
    args = parser.parse_args()
    svc = open_collection(args)
    for person in ("me", "bob"):  # the study days, worked out once after an upgrade
        svc.stats.person(person)
    results = {}
    print(f"stats screen at {SIZE[0]}x{SIZE[1]}, {args.cards:,} cards: push to settled frame")
    print(f"{'screen':<24} {'median ms':>10} {'min ms':>10} {'max ms':>10}")
    for name, partner in (("stats, me", None), ("stats, me with bob", "bob")):
        times = asyncio.run(drawn_ms(svc, partner, args.repeat))
        results[name] = {"median_ms": statistics.median(times), "min_ms": min(times),
                         "max_ms": max(times)}  # fmt: skip
        print(f"{name:<24} {results[name]['median_ms']:>10.1f} {min(times):>10.1f} "
              f"{max(times):>10.1f}")  # fmt: skip
    svc.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
