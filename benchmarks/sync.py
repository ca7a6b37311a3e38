"""Benchmark: cold sync and no-change sync of a decks folder (default 10,000 cards, 100 files).

With ``--anki`` (the ``anki`` package installed), Anki's ``add_notes`` of the same number of
notes in as many decks is timed after tandem, in the same process. Peak RSS is the process's
before Anki runs (it includes writing the deck files).

Run: ``python benchmarks/sync.py [--files 100] [--cards-per-file 100] [--anki]``
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from common import HEADER, measure, row, unsynced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--cards-per-file", type=int, default=100)
    parser.add_argument("--people", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--anki", action="store_true", help="also time Anki's add_notes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cards, svc = unsynced(root, args.files, args.cards_per_file, args.people)
        start = time.perf_counter()
        report = svc.sync.run()
        cold = (time.perf_counter() - start) * 1000
        assert report.added == cards
        assert report.ids_assigned == cards
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        again = measure(svc.sync.run, 10)
        figures = {"cards": cards, "files": args.files, "cold_sync_ms": cold,
                   "peak_rss_mb": round(peak_mb), "no_change": again}  # fmt: skip
        print(f"{cards} cards in {args.files} files, {args.people} people")
        print(HEADER)
        print(
            row("cold sync (assigns every id)", {"median_ms": cold, "min_ms": cold, "max_ms": cold})
        )
        print(row("no-change sync", again))
        print(f"peak RSS after the cold sync: {peak_mb:.0f} MB")
        if args.anki:
            from sides import AnkiSide

            (root / "anki").mkdir()
            anki_ms = AnkiSide().build(root / "anki", cards, args.files) * 1000
            figures["anki_add_notes_ms"] = anki_ms
            print(f"Anki add_notes of {cards} notes in {args.files} decks: {anki_ms:.0f} ms "
                  f"(tandem / Anki: {cold / anki_ms:.2f})")  # fmt: skip
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
