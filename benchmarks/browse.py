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

from common import HEADER, measure, row
from scale_copy import add_collection_arguments, open_collection
from tandem.models.card_query import Order, Sort

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_collection_arguments(parser, "tandem-browse-bench")
    parser.add_argument("--limit", type=int, default=500)
    args = parser.parse_args()
    svc = open_collection(args)
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
