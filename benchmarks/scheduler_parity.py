"""Parity with Anki card by card: memory states, and the intervals of the next answer.

A learner's history (late nights, resets, restarts, cramming; ``tests/interop/
anki_reference.py``) goes into a collection of Anki's own, which computes every card's memory
state and exports the package; tandem imports it. Then, for every card in review, both say
what Hard, Good and Easy would give now: Anki (``get_scheduling_states``, fuzz off through its
test mode) and tandem (``preview``, fuzz off). Needs the benchmark-only ``anki`` package.

Run: ``python benchmarks/scheduler_parity.py [--cards 300] [--days 180] [--seeds 1,2,3]``
(not between 02:00 and 04:00 local time: Anki's test mode moves its clock then).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ["ANKI_TEST_MODE"] = "1"  # no fuzz in Anki: before the backend first starts
ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from tests.interop.anki_reference import (  # noqa: E402
    anki_states,
    build_collection,
    export_package,
    history,
    now_utc,
)

from tandem.config import resolve_paths  # noqa: E402
from tandem.config.settings import PersonSettings  # noqa: E402
from tandem.models import FrozenClock, FsrsState, Rating  # noqa: E402
from tandem.services import Services, build_services  # noqa: E402
from tandem.storage.db import Store  # noqa: E402

BUTTONS = (Rating.HARD, Rating.GOOD, Rating.EASY)


def run_seed(folder: Path, cards: int, days: int, seed: int) -> dict[str, Any]:
    """One history: every card's S and D from both, and the next intervals of review cards."""
    now = now_utc()
    entries = history(cards, days=days, end=now - timedelta(hours=1), seed=seed)
    col, ids = build_collection(folder / "anki" / "collection.anki2", cards, entries)
    col.set_config("fsrs", True)
    from anki.config import Config

    col.set_config_bool(Config.Bool.LOAD_BALANCER_ENABLED, False)
    theirs = anki_states(col, ids)
    package = export_package(col, folder / "parity.apkg")
    svc = build_services(resolve_paths(folder / "t.db", folder / "decks"),
                         db=Store(folder / "t.db"), clock=FrozenClock(now))  # fmt: skip
    svc.people.add("alice")
    svc.people.update_settings("alice", PersonSettings(timezone="UTC", fuzz=False))
    svc.importer.run(package, person="alice")
    states = _states(svc)
    s_errors, d_errors, pairs, equal = [], [], 0, 0
    for number, anki in enumerate(theirs):
        key, memory = states[number]
        if anki is None or memory.stability is None or memory.difficulty is None:
            continue
        s_errors.append(abs(memory.stability - anki[0]) / anki[0])
        d_errors.append(abs(memory.difficulty - anki[1]))
        if memory.state is FsrsState.REVIEW:
            ours = svc.ctx.person("alice").scheduler.preview(key, memory, now)
            anki_days = _anki_intervals(col, ids[number], anki, memory)
            for rating, days in zip(BUTTONS, anki_days, strict=True):
                pairs += 1
                equal += ours[rating] == timedelta(days=days)
    col.close()
    svc.close()
    return {"entries": len(entries), "s": s_errors, "d": d_errors, "pairs": pairs, "equal": equal}


def _states(svc: Services) -> dict[int, tuple[str, Any]]:
    rows = svc.ctx.store.conn.execute(
        "SELECT n.question, c.key FROM cards c JOIN notes n ON n.id = c.note_id"
    ).fetchall()
    out = {}
    for question, key in rows:
        row = svc.ctx.states.get("alice", key)
        assert row is not None
        out[int(question.split()[-1])] = (key, row.memory)
    return out


def _anki_intervals(col: Any, card_id: int, anki: tuple[float, float], memory: Any) -> list[int]:
    """Hard, Good and Easy days from Anki's scheduler for the card in review as tandem has it
    (its memory state is Anki's own; the interval it had and its last answer are tandem's)."""
    interval = round((memory.due - memory.last_review).total_seconds() / 86_400)
    data = {"s": anki[0], "d": anki[1], "dr": 0.9, "lrt": int(memory.last_review.timestamp())}
    col.db.execute(
        "UPDATE cards SET type = 2, queue = 2, ivl = ?, due = 0, data = ? WHERE id = ?",
        interval, json.dumps(data), card_id,
    )  # fmt: skip
    states = col._backend.get_scheduling_states(card_id)
    return [getattr(states, name).normal.review.scheduled_days for name in ("hard", "good", "easy")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (int(s) for s in args.seeds.split(",")):
            folder = Path(tmp) / f"seed{seed}"
            results.append(run_seed(folder, args.cards, args.days, seed))
    s = [e for r in results for e in r["s"]]
    d = [e for r in results for e in r["d"]]
    pairs, equal = sum(r["pairs"] for r in results), sum(r["equal"] for r in results)
    entries = sum(r["entries"] for r in results)
    print(f"{len(results)} histories, {args.cards} cards each over {args.days} days, "
          f"{entries:,} revlog entries; {len(s)} cards with a memory state")  # fmt: skip
    print(f"  relative S error: median {statistics.median(s):.2e}, max {max(s):.2e}")
    print(f"  D error:          median {statistics.median(d):.2e}, max {max(d):.2e}")
    print(f"  next intervals (Hard, Good, Easy of cards in review, no fuzz): "
          f"{equal}/{pairs} equal to Anki's")  # fmt: skip
    if args.json:
        figures = {
            "cards": len(s), "entries": entries, "s_median": statistics.median(s),
            "s_max": max(s), "d_max": max(d), "intervals": pairs, "equal": equal,
        }  # fmt: skip
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
