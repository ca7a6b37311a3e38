"""Shared helpers of the benchmark scripts: synthetic decks and a small timing harness."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.services import Services


def write_decks(root: Path, files: int, cards_per_file: int, *, with_ids: bool = True) -> int:
    """Writes ``files`` deck files of ``cards_per_file`` basic cards; returns the card count."""
    root.mkdir(parents=True, exist_ok=True)
    number = 0
    for index in range(files):
        parts = [f'+++\ntitle = "Deck {index:03d}"\ntags = ["bench"]\n+++\n']
        for _ in range(cards_per_file):
            meta = f"\n<!-- id: b{number:07d} · by: alice -->" if with_ids else ""
            parts.append(f"Q: What is {number} in hex?\nA: `{number:x}`{meta}\n")
            number += 1
        (root / f"deck-{index:03d}.md").write_text("\n".join(parts))
    return number


def unsynced(root: Path, files: int, cards_per_file: int, people: int) -> tuple[int, Services]:
    """A decks folder under ``root`` of cards without ids (``write_decks``) and services over
    a new database there with ``people`` people (p0, p1, …), before its first sync; returns
    the card count and the services."""
    from tandem.config import resolve_paths
    from tandem.services import build_services
    from tandem.storage.db import Store

    cards = write_decks(root / "decks", files, cards_per_file, with_ids=False)
    svc = build_services(resolve_paths(root / "t.db", root / "decks"), db=Store(root / "t.db"))
    for number in range(people):
        svc.people.add(f"p{number}")
    return cards, svc


def measure(func: Callable[[], object], repeat: int) -> dict[str, float]:
    """Runs ``func`` ``repeat`` times; returns median, min and max in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times)}


def row(name: str, figures: dict[str, float]) -> str:
    return (
        f"{name:<38} {figures['median_ms']:>10.3f} {figures['min_ms']:>10.3f} "
        f"{figures['max_ms']:>10.3f}"
    )


HEADER = f"{'operation':<38} {'median ms':>10} {'min ms':>10} {'max ms':>10}"
