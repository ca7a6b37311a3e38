"""Benchmark: ``tandem import`` of a generated 10,000-note Anki package (legacy format).

The package is written by tandem's own exporter code (``tandem.interop.apkg_write``), with
one review per card for the person the import is made as. Wall time and this process's CPU
time (user and system) are printed: on a machine shared with other work, the CPU time is
the steadier figure.

Run: ``python benchmarks/anki_import.py [--notes 10000] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tandem.config import resolve_paths
from tandem.interop.apkg_write import Package, PackageCard, PackageNote, PackageReview, write_apkg
from tandem.services import build_services
from tandem.storage.db import Store


def build_package(target: Path, notes: int) -> None:
    """Writes ``notes`` basic-and-reversed notes in 10 decks, each card reviewed once."""
    start = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1000)
    package = Package(created=start // 1000, now_ms=start)
    for number in range(notes):
        nid, cards = start + number, []
        for ord_ in (0, 1):
            cid = start + 2 * number + ord_
            cards.append(PackageCard(cid, ord_))
            package.reviews.append(PackageReview(start + 10 * number + ord_, cid, 3, 0, 4000))
        package.notes.append(PackageNote(
            nid, f"guid{number}", "reversed", f"Bench::Deck {number % 10}",
            (f"<b>question</b> {number}", f"answer {number}<br>second line"),
            ("bench", f"group{number % 7}"), tuple(cards),
        ))  # fmt: skip
    write_apkg(package, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        package = root / "bench.apkg"
        build_package(package, args.notes)
        paths = resolve_paths(root / "t.db", root / "decks")
        svc = build_services(paths, db=Store(paths.db))
        svc.people.add("alice")
        started, cpu = time.perf_counter(), time.process_time()
        summary = svc.importer.run(package, person="alice")
        cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert summary.notes == args.notes
        assert summary.reviews == 2 * args.notes
        started, cpu = time.perf_counter(), time.process_time()
        again = svc.importer.run(package, person="alice")
        repeat, repeat_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert again.unchanged == args.notes
        assert again.reviews == 0
        svc.close()
        figures = {"notes": args.notes, "cards": summary.cards, "reviews": summary.reviews,
                   "package_bytes": package.stat().st_size, "import_s": round(cold, 2),
                   "import_cpu_s": round(cold_cpu, 2), "reimport_s": round(repeat, 2),
                   "reimport_cpu_s": round(repeat_cpu, 2)}  # fmt: skip
        print(f"{args.notes} notes, {summary.cards} cards, {summary.reviews} reviews")
        print(f"import (files + sync + reviews + replay): {cold:.2f} s ({cold_cpu:.2f} s CPU)")
        print(f"re-import (nothing changes):              {repeat:.2f} s ({repeat_cpu:.2f} s CPU)")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
