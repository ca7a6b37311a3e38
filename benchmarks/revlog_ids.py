"""Benchmark: the Anki revlog ids of a whole review log, as an export and an import work them out.

An ``.apkg`` export gives each entry of the person's whole log its revlog id
(``review_ids.revlog_ids``) and an import of a package recognises the log's entries under
those ids (the same work, on the log read with ``moments_in_order``). This times both
steps on the scale collection's log of ``me`` (``scale.py`` builds it: about 955,000
entries), read-only, and, to show the cost of crowded milliseconds, on the same log with
every entry of a day moved to that day's first millisecond, as an import of day-long times
gives. Prints seconds of CPU per step and the peak resident memory.

Run: ``python benchmarks/revlog_ids.py [--db ~/.cache/tandem-bench/scale-100000-430/tandem.db]
[--person me] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
from pathlib import Path

from tandem.services.anki.review_ids import Logged, revlog_ids
from tandem.storage.reviews import ReviewsRepo

DAY_MS = 86_400_000


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path.home() / ".cache" / "tandem-bench" / "scale-100000-430" / "tandem.db"
    parser.add_argument("--db", type=Path, default=default)
    parser.add_argument("--person", default="me")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    conn = sqlite3.connect(f"{options.db.resolve().as_uri()}?mode=ro", uri=True)
    best: dict[str, float] = {}
    entries = runs = 0
    for _ in range(options.rounds):
        start = _cpu()
        rows = ReviewsRepo(conn).moments_in_order(options.person)
        log = [Logged(rid, ms, kind == "restart") for rid, _, ms, kind in rows]
        read = _cpu()
        ids = revlog_ids(log, options.person)
        done = _cpu()
        days = [Logged(e.id, e.ms - e.ms % DAY_MS, e.restart) for e in log]
        day_ids = revlog_ids(days, options.person)
        crowded = _cpu()
        entries = len(log)
        runs = sum(1 for number, e in enumerate(log) if ids.entries[number] != e.ms)
        assert len(set(day_ids.entries)) == len(days)  # unique
        for name, seconds in (
            ("read the log", read - start),
            ("revlog ids", done - read),
            ("revlog ids, a day a millisecond", crowded - done),
        ):
            best[name] = min(best.get(name, seconds), seconds)
    conn.close()
    print(f"{entries:,} entries of {options.person}, {runs:,} moved off their millisecond")
    for name, seconds in best.items():
        print(f"{name:<36} {seconds:>7.2f} s CPU (best of {options.rounds})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory':<36} {peak:>7.0f} MB")


if __name__ == "__main__":
    main()
