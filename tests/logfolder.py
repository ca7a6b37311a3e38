"""Machines for the log folder tests: a database, a config folder and a decks folder each.

Nothing is mocked: every machine is the real services on a file database of its own, with
its own config folder (so its own device id), and folders move between machines by copying
files or through a real git repository.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tandem.config import Paths
from tandem.models import FrozenClock
from tandem.services import Services, build_services

DECK = """+++
title = "Pairing: git"
date = 2026-03-01
partners = ["alice", "bob"]
tags = ["git"]
+++

Q: What is HEAD?
A: The current commit.
<!-- id: head0001 · by: alice -->

Q: el perro
A: the dog
<!-- id: perro001 · by: bob · reverse -->

C: {{c1::reflog}} keeps {{c2::90 days}}
<!-- id: cloze001 · by: bob -->
"""

MORE = "".join(
    f"\nQ: question {n}\nA: answer {n}\n<!-- id: more{n:04d} · by: alice -->\n" for n in range(12)
)


def write_decks(folder: Path) -> Path:
    """A decks folder of two files: a session log (with siblings) and a plain deck."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "git.md").write_text(DECK)
    (folder / "more.md").write_text('+++\ntitle = "More"\ntags = ["misc"]\n+++\n' + MORE)
    return folder


@dataclass
class Machine:
    """One machine: its services, and the folders it reads and writes."""

    name: str
    svc: Services
    logs: Path

    def exchange(self) -> Any:
        return self.svc.logs.exchange()

    def answer(self, person: str, key: str, rating: int, grader: str | None = None) -> str:
        from tandem.models import Rating

        return self.svc.study(person, grader=grader).answer(key, Rating(rating), 1000).review_id


def machine(
    root: Path, name: str, clock: FrozenClock, decks: Path, logs: Path, people: list[str]
) -> Machine:
    """A machine with its own database and config folder, ``people`` added, decks synced,
    and ``logs`` as its log folder."""
    home = root / name
    paths = Paths(db=home / "data" / "tandem.db", decks=decks, data_dir=home / "data",
                  config_dir=home / "config")  # fmt: skip
    svc = build_services(paths, clock=clock)
    for person in people:
        svc.people.add(person)
    svc.sync.run()
    svc.logs.init(logs)
    return Machine(name, svc, logs)


def laptop_and_desktop(root: Path, clock: FrozenClock) -> tuple[Machine, Machine]:
    """Alice's laptop (sharing her reviews) and her desktop: one decks folder, one log folder."""
    decks = write_decks(root / "decks")
    logs = root / "logs"
    laptop = machine(root, "laptop", clock, decks, logs, ["alice"])
    desktop = machine(root, "desktop", clock, decks, logs, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    return laptop, desktop


def review_json(
    review_id: str, card: str = "more0002", at: str = "2026-03-04T09:00:00Z", **extra: object
) -> str:
    """One line of a log file, as another device (or someone else) wrote it."""
    data = {"id": review_id, "card": card, "person": "alice", "rating": 3, "at": at,
            "grader": "alice", **extra}  # fmt: skip
    return json.dumps(data)


def copy_folder(source: Path, target: Path) -> None:
    """What a file-sync tool does: each file ends up as its newest (longest) version."""
    for path in sorted(source.rglob("*.jsonl")):
        other = target / path.relative_to(source)
        if not other.exists() or other.stat().st_size < path.stat().st_size:
            other.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, other)


def exchange_by_copy(*machines: Machine) -> None:
    """Every machine syncs, the folders are copied all ways, every machine syncs again."""
    for m in machines:
        m.exchange()
    for a in machines:
        for b in machines:
            if a is not b:
                copy_folder(a.logs, b.logs)
    for m in machines:
        m.exchange()


def states(svc: Services) -> list[tuple[object, ...]]:
    """Every stored state, row by row, as text (the local deck id and position left out)."""
    rows = []
    for person in svc.people.names():
        for row in sorted(svc.ctx.states.for_person(person), key=lambda r: r.card):
            values = row.values()
            rows.append(values[:2] + values[4:])
    return rows


def due_json(svc: Services) -> str:
    """What ``tandem due --json`` prints, for every person."""
    from dataclasses import asdict

    return json.dumps(
        [asdict(svc.due.for_person(p)) for p in svc.people.names()], indent=2, default=str
    )
