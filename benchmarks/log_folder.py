"""Benchmark: the shared review log folder — a lead's report from it, and two machines
converging through it.

- report: ``tandem report --logs`` for a team (default 50 people, a year: 20 reviews on each
  of 5 study days a week, written by two devices per person, on 2,000 cards): the first
  report (its cache loads everything), the next one after a day of new lines (warm), one
  more with nothing new (unchanged), and one without the cache;
- converge: a desktop that joins (first sync of a year of one person's reviews published by
  the laptop), then a day's 20 answers crossing over, then a sync that finds nothing new.

Run: ``python benchmarks/log_folder.py [--people 50] [--days 365] [--per-day 20]``
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import write_decks
from tandem.config import Paths
from tandem.models import FrozenClock, Rating
from tandem.services import Services, build_services

START = datetime(2025, 3, 1, 7, 0, tzinfo=UTC)
RATINGS = [1] * 10 + [2] * 10 + [3] * 70 + [4] * 10


def write_team(logs: Path, people: int, days: int, per_day: int, cards: int) -> int:
    """Writes each person's year into two device files; returns how many reviews."""
    rng = random.Random(17)
    total = 0
    for p in range(people):
        person = f"p{p:02d}"
        folder = logs / person
        folder.mkdir(parents=True)
        files = [[], []]
        share = {"share": "cards", "person": person, "at": "2025-02-28T07:00:00Z"}
        files[0].append(json.dumps(share))
        deck = rng.sample(range(cards), 400)  # each person studies 400 of the cards
        for day in range(days):
            if day % 7 >= 5:
                continue
            at = START + timedelta(days=day, minutes=rng.randrange(600))
            for n in range(per_day):
                at += timedelta(seconds=rng.randrange(5, 60))
                line = {"id": f"{person}-{day:03d}-{n:03d}", "card": f"b{rng.choice(deck):07d}",
                        "person": person, "rating": rng.choice(RATINGS),
                        "at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "grader": person,
                        "duration_ms": rng.randrange(1000, 20000)}  # fmt: skip
                files[day % 2].append(json.dumps(line))
                total += 1
        for device, lines in zip(("laptop-aaaa", "desktop-bbbb"), files, strict=True):
            (folder / f"{device}.jsonl").write_text("".join(line + "\n" for line in lines))
    return total


def report_figures(root: Path, people: int, days: int, per_day: int) -> dict[str, float]:
    """The report on a fresh cache (everything replayed), then after a day of new lines."""
    cards = write_decks(root / "decks", 40, 50)
    reviews = write_team(root / "logs", people, days, per_day, cards)
    paths = Paths(root / "none.db", root / "decks", root / "data", root / "config")
    clock = FrozenClock(START + timedelta(days=days))
    cold = _report(paths, root / "logs", clock)
    for p in range(people):  # a day of answers from everyone, on the first device
        lines = [json.dumps({"id": f"p{p:02d}-new-{n}", "card": f"b{n:07d}",
                             "person": f"p{p:02d}", "rating": 3, "grader": f"p{p:02d}",
                             "at": (clock.now() - timedelta(hours=1, minutes=n)).strftime(
                                 "%Y-%m-%dT%H:%M:%SZ")}) for n in range(per_day)]  # fmt: skip
        with open(root / "logs" / f"p{p:02d}" / "laptop-aaaa.jsonl", "a") as out:
            out.write("".join(line + "\n" for line in lines))
    warm = _report(paths, root / "logs", clock)
    again = _report(paths, root / "logs", clock)  # nothing new: no file is read
    fresh = _report(paths, root / "logs", clock, cache=False)
    assert fresh["counted"] == warm["counted"] == again["counted"]
    assert warm["counted"] == cold["counted"] + people * per_day
    return {"people": people, "reviews": reviews, "cards": cards, "cold": cold, "warm": warm,
            "unchanged": again, "no_cache": fresh}  # fmt: skip


def _report(paths: Paths, logs: Path, clock: FrozenClock, cache: bool = True) -> dict[str, float]:
    from tandem.render.report import Format, render_report
    from tandem.services.logs.team import folder_report
    from tandem.services.report.models import Level

    cpu, wall = _cpu(), time.perf_counter()
    made = folder_report(paths, logs, clock, level=Level.CARDS, cache=cache)
    html = render_report(made.report, Format.HTML)
    figures = {"wall_s": time.perf_counter() - wall, "cpu_s": _cpu() - cpu}
    assert not made.problems, made.problems[:3]
    assert html
    return figures | {"counted": sum(p.reviews for p in made.report.people)}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the replay's workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def machine(root: Path, name: str, clock: FrozenClock, logs: Path) -> Services:
    paths = Paths(root / name / "t.db", root / "decks", root / name, root / name / "config")
    svc = build_services(paths, clock=clock)
    svc.people.add("alice")
    svc.sync.run()
    svc.logs.init(logs)
    return svc


def converge_figures(root: Path, days: int, per_day: int) -> dict[str, float]:
    """A year of alice's answers on the laptop, then the desktop joins and they trade a day."""
    cards = write_decks(root / "decks", 40, 50)
    clock = FrozenClock(START)
    laptop = machine(root, "laptop", clock, root / "logs")
    laptop.logs.share("alice", "topics")
    rng = random.Random(3)
    keys = [f"b{n:07d}" for n in rng.sample(range(cards), 400)]
    session = laptop.study("alice")
    answered = 0
    for day in range(days):
        clock.advance(days=1)
        if day % 7 < 5:
            for _ in range(per_day):
                clock.advance(seconds=rng.randrange(5, 60))
                session.answer(rng.choice(keys), Rating(rng.choice(RATINGS)), 4000)
                answered += 1
    desktop = machine(root, "desktop", clock, root / "logs")  # same folder: a synced one
    first = _timed(desktop.logs.exchange)
    for _ in range(per_day):
        clock.advance(seconds=30)
        desktop.study("alice").answer(rng.choice(keys), Rating(3), 3000)
    day = _timed(laptop.logs.exchange)
    again = _timed(laptop.logs.exchange)
    a = [r for r in laptop.ctx.states.for_person("alice") if r.memory.reps]
    b = [r for r in desktop.ctx.states.for_person("alice") if r.memory.reps]
    assert a == b, "the two machines differ"  # (new cards are due from when each was added)
    return {"reviews": answered, "first_sync_s": first, "day_sync_s": day, "no_change_s": again}


def _timed(func: object) -> float:
    start = time.perf_counter()
    func()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        figures["converge"] = converge_figures(Path(tmp) / "c", args.days, args.per_day)
        c = figures["converge"]
        print(f"converge, {c['reviews']} reviews: desktop's first sync {c['first_sync_s']:.2f} s, "
              f"a day's {args.per_day} answers {c['day_sync_s'] * 1000:.0f} ms, "
              f"nothing new {c['no_change_s'] * 1000:.0f} ms")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        figures["report"] = report_figures(Path(tmp), args.people, args.days, args.per_day)
        r = figures["report"]
        print(f"report --logs (html, cards level): {r['people']} people, {r['reviews']} reviews, "
              f"{r['cards']} cards")  # fmt: skip
        for name in ("cold", "warm", "unchanged", "no_cache"):
            print(f"  {name:<9} {r[name]['wall_s']:6.2f} s wall, {r[name]['cpu_s']:6.2f} s CPU")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
