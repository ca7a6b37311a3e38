"""Benchmark: the card browser's first results on a 100,000-card collection.

Uses ``scale.py``'s cached collection (100 deck files, a person ``me`` with about a million
reviews), copied first (opening it migrates the copy, never the cache; the migrated copy is
kept in ``--work``, per schema version, so a second run starts at once), and times
``CardFinder.find`` as the browser calls it: a search with ``LIMIT`` cards, each sorted by
SQLite in the query, then read whole with ``me``'s state; and a focused review's first read
(``tandem review --as me --deck …``/``--tag``/``--search``, the browser's "study these"):
the sitting's first card and its counts, as the review screen first shows them. Times are
medians of ``--repeat`` runs in one process (the database pages warm, as in a browser being
typed in); CPU is the process's CPU time over the same runs (a median too).

Run: ``python benchmarks/browse.py [--cards 100000] [--limit 500] [--repeat 5]
[--work DIR] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from common import HEADER, measure, row
from scale_copy import add_collection_arguments, open_collection
from tandem.models.card_query import Order, Sort
from tandem.services import Services

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
    ("deck:deck-005.md (one file)", "deck:deck-005.md", Order()),
    ("tag:bench (every card)", "tag:bench", Order()),
    ("tag:none (no card)", "tag:none", Order()),
)
FOCUSED = (
    # (name, query): a focused review's scope, from one deck of the 100 to none at all
    ("review --deck deck-005.md", "deck:deck-005.md"),
    ("review --deck 'deck-05*'", "deck:deck-05*"),
    ("review --tag bench (every card)", "tag:bench"),
    ("review --tag none (no card)", "tag:none"),
    ("review --search 4242 (few)", "4242"),
    ("review --search hex (every card)", "hex"),
    ("review --search is:due", "is:due"),
    ("review --deck deck-005.md -is:review", "deck:deck-005.md -is:review"),
)


def first_read(svc: Services, query: str) -> tuple[str | None, int]:
    """What a focused review's screen first reads: the first card and the counts."""
    session = svc.study("me", search=query)
    card = session.next_card()
    counts = session.counts()
    return (card.key if card else None), counts.new + counts.learning + counts.review


def timed(func: Callable[[], object], repeat: int) -> dict[str, float]:
    """``measure``'s figures, and the median CPU time of the same runs."""
    cpu: list[float] = []

    def run() -> None:
        start = time.process_time()
        func()
        cpu.append((time.process_time() - start) * 1000)

    return {**measure(run, repeat), "cpu_ms": statistics.median(cpu)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_collection_arguments(parser, "tandem-browse-bench")
    parser.add_argument("--limit", type=int, default=500)
    args = parser.parse_args()
    svc = open_collection(args)
    results = {}
    print(f"{args.cards} cards, first {args.limit} results for me")
    print(HEADER, f"{'CPU ms':>10} {'found':>6}")
    for name, query, order in QUERIES:
        found = svc.cards.find(query, person="me", limit=args.limit, order=order)
        figures = timed(
            lambda q=query, o=order: svc.cards.find(q, person="me", limit=args.limit, order=o),
            args.repeat,
        )
        results[name] = {**figures, "found": len(found)}
        print(row(name, figures), f"{figures['cpu_ms']:>10.3f} {len(found):>6}")
    print(f"\nfocused review of me: first card and counts\n{HEADER} {'CPU ms':>10} {'to do':>6}")
    for name, query in FOCUSED:
        first, left = first_read(svc, query)
        figures = timed(lambda q=query: first_read(svc, q), args.repeat)
        results[name] = {**figures, "first": first, "to_do": left}
        print(row(name, figures), f"{figures['cpu_ms']:>10.3f} {left:>6}")
    svc.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
