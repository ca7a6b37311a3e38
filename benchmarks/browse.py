"""Benchmark: the card browser's first results on a 100,000-card collection.

Uses ``scale.py``'s cached collection (100 deck files, a person ``me`` with about a million
reviews), copied first (opening it migrates the copy, never the cache; the migrated copy is
kept in ``--work``, per schema version, so a second run starts at once), and times
``CardFinder.find`` as the browser calls it: a search with ``LIMIT`` cards, each sorted by
SQLite in the query, then read whole with ``me``'s state. Times are medians of
``--repeat`` runs in one process (the database pages warm, as in a browser being typed in).

Run: ``python benchmarks/browse.py [--cards 100000] [--limit 500] [--repeat 5]
[--work DIR] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from common import HEADER, measure, row
from scale import _flushed_copy, build
from tandem.config import resolve_paths
from tandem.models.card_query import Order, Sort
from tandem.services import build_services
from tandem.storage.db import Store
from tandem.storage.schema import LATEST_VERSION

QUERIES = (
    ("everything, deck order", "", Order()),
    ("word 'hex'", "hex", Order()),
    ("word '4242' (few)", "4242", Order()),
    ("deck:deck-05*", "deck:deck-05*", Order()),
    ("is:due", "is:due", Order()),
    ("is:review -is:suspended", "is:review -is:suspended", Order()),
    *((f"everything by {sort}", "", Order(sort)) for sort in Sort),
    ("everything by due, descending", "", Order(Sort.DUE, descending=True)),
    ("is:due by retrievability", "is:due", Order(Sort.RETRIEVABILITY)),
    ("'hex' by lapses, descending", "hex", Order(Sort.LAPSES, descending=True)),
    ("'4242' by due (few)", "4242", Order(Sort.DUE)),
    ("deck:deck-05* by interval", "deck:deck-05*", Order(Sort.INTERVAL)),
)


def _migrated_copy(built: Path, work: Path) -> Path:
    """A copy of the built database at this schema, made once per schema version."""
    db = work / f"{built.name}-v{LATEST_VERSION}.db"
    if not db.exists():
        part = db.with_suffix(".part")
        _flushed_copy(built / "tandem.db", part)
        Store(part).close()  # opening migrates it
        part.rename(db)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=430)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "tandem-bench")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "tandem-browse-bench"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    built = args.cache / f"scale-{args.cards}-{args.days}"
    build(built, args.cards, args.days)
    os.environ["TANDEM_HOME"] = str(args.work / "home")  # the migration's backups go here
    db = _migrated_copy(built, args.work)
    svc = build_services(resolve_paths(db, built / "decks"), db=Store(db))
    results = {}
    print(f"{args.cards} cards, first {args.limit} results for me")
    print(HEADER)
    for name, query, order in QUERIES:
        found = svc.cards.find(query, person="me", limit=args.limit, order=order)
        figures = measure(
            lambda q=query, o=order: svc.cards.find(q, person="me", limit=args.limit, order=o),
            args.repeat,
        )
        results[name] = {**figures, "found": len(found)}
        print(row(name, figures), f"{len(found):>6}")
    svc.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
