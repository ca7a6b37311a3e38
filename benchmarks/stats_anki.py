"""tandem's statistics beside Anki's graphs: the same review log, in one process, taking turns.

tandem's side is a person's figures (``svc.stats.for_person``: what ``tandem stats`` and
the stats screen show) on a freshly opened database; Anki's is the data of its statistics
screen (the backend's ``graphs``, search ``""``, the last 365 days, what Anki's stats page
asks for) on a freshly opened collection holding the same log (``optimize_anki``). The
study days tandem stores are worked out once before timing, as after an upgrade. Needs the
benchmark-only ``anki`` package. ``run.py`` prints this table beside the optimizer's.

Run: ``python benchmarks/stats_anki.py [--reviews 100000] [--rounds 5]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from tandem.config import resolve_paths  # noqa: E402
from tandem.services import build_services  # noqa: E402
from tandem.storage.db import Store  # noqa: E402

Results = dict[str, dict[str, list[float]]]
OPERATION = "stats / Anki's graphs"
DAYS = 365


def graphs_both(db: Path, decks: Path, collection: Path, person: str, rounds: int) -> Results:
    """Milliseconds per round: tandem's figures of ``person`` and Anki's graphs."""
    from anki.collection import Collection

    def tandem() -> float:
        svc = build_services(resolve_paths(db, decks), db=Store(db))
        start = time.perf_counter()
        svc.stats.for_person(person)
        ms = (time.perf_counter() - start) * 1000
        svc.close()
        return ms

    def anki() -> float:
        col = Collection(str(collection))
        start = time.perf_counter()
        col._backend.graphs(search="", days=DAYS)
        ms = (time.perf_counter() - start) * 1000
        col.close()
        return ms

    tandem()  # the study days, worked out once
    times: dict[str, list[float]] = {"tandem": [], "anki": []}
    for number in range(rounds):
        for name, side in (("tandem", tandem), ("anki", anki))[:: 1 if number % 2 else -1]:
            times[name].append(side())
    return {OPERATION: times}


def main() -> None:
    from optimize import _build
    from optimize_anki import anki_collection
    from run import print_table, summarise

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        svc, added, _ = _build(root, args.reviews)
        collection = anki_collection(svc, "p0", root / "anki" / "collection.anki2")
        svc.close()
        results = graphs_both(root / "t.db", root / "decks", collection, "p0", args.rounds)
        print_table(added, summarise(results), what="reviews")


if __name__ == "__main__":
    main()
