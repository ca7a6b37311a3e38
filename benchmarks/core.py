"""Benchmark: open, next card, answer (one commit each), due counts per deck.

Default: 100,000 cards in 100 deck files, 2 people. The database is built once (by sync) in a
temporary folder; every figure is measured on it.

Run: ``python benchmarks/core.py [--cards 100000] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import HEADER, measure, row, write_decks
from tandem.config import resolve_paths
from tandem.models import Rating
from tandem.services import Services, build_services
from tandem.storage.db import Store


def _build(root: Path, cards: int, people: int) -> tuple[Path, float]:
    write_decks(root / "decks", 100, cards // 100)
    svc = build_services(resolve_paths(root / "t.db", root / "decks"), db=Store(root / "t.db"))
    for number in range(people):
        svc.people.add(f"p{number}")
    start = time.perf_counter()
    svc.sync.run()
    seconds = time.perf_counter() - start
    svc.close()
    return root / "t.db", seconds


def _open(db: Path) -> Services:
    return build_services(resolve_paths(db, db.parent / "decks"), db=Store(db))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, build_seconds = _build(Path(tmp), args.cards, args.people)
        figures: dict[str, object] = {"cards": args.cards, "people": args.people}
        figures["open"] = measure(lambda: _open(db).close(), 20)
        svc = _open(db)
        limits = {"new_per_day": 9999, "reviews_per_day": 99999}
        svc.people.update_settings("p0", svc.people.settings("p0").updated(limits))
        session = svc.study("p0")
        figures["next card"] = measure(session.next_card, 200)
        figures["due counts per deck"] = measure(lambda: svc.due.for_person("p1"), 20)
        commits: list[str] = []
        svc.ctx.store.conn.set_trace_callback(
            lambda sql: commits.append(sql) if sql.startswith("COMMIT") else None
        )

        def answer() -> None:
            card = session.next_card()
            assert card is not None
            session.answer(card.key, Rating.GOOD)

        before = len(commits)
        figures["next card + answer"] = measure(answer, 200)
        figures["commits per answer"] = (len(commits) - before) / 200
        svc.ctx.store.conn.set_trace_callback(None)
        print(f"{args.cards} cards, {args.people} people (built by sync in {build_seconds:.1f} s)")
        print(HEADER)
        for name, value in figures.items():
            if isinstance(value, dict):
                print(row(name, value))
        print(f"commits per answer: {figures['commits per answer']}")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
