"""The log folder: machines that exchange their folders end with identical states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tandem.models import FrozenClock

from .logfolder import (
    Machine,
    due_json,
    exchange_by_copy,
    machine,
    states,
    write_decks,
)


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    return write_decks(tmp_path / "decks")


def _two(
    tmp_path: Path, clock: FrozenClock, decks: Path, people: list[str]
) -> tuple[Machine, Machine]:
    laptop = machine(tmp_path, "laptop", clock, decks, tmp_path / "laptop-logs", people)
    desktop = machine(tmp_path, "desktop", clock, decks, tmp_path / "desktop-logs", people)
    return laptop, desktop


def test_nothing_is_published_before_opting_in(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    laptop, _ = _two(tmp_path, clock, decks, ["alice"])
    laptop.answer("alice", "head0001", 3)
    assert laptop.exchange().published == 0
    assert not list(laptop.logs.rglob("*.jsonl"))
    assert laptop.svc.logs.share("alice", "topics") == 1
    [own] = laptop.logs.rglob("*.jsonl")
    kinds = [next(iter(json.loads(line))) for line in own.read_text().splitlines()]
    assert kinds == ["share", "id"]


def test_laptop_and_desktop_converge_by_copying(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    cards = [f"more{n:04d}" for n in range(12)] + ["head0001", "perro001", "perro001:r"]
    for step in range(40):
        clock.advance(minutes=37 * (step % 5) + 1, hours=5 * (step % 3 == 0))
        who = laptop if step % 4 < 2 else desktop
        who.answer("alice", cards[(step * 7) % len(cards)], 1 + step % 4)
        if step % 9 == 8:
            exchange_by_copy(laptop, desktop)
    exchange_by_copy(laptop, desktop)
    assert states(laptop.svc) == states(desktop.svc)
    assert due_json(laptop.svc) == due_json(desktop.svc)
    assert laptop.svc.ctx.reviews.count() == 40
    for m in (laptop, desktop):
        assert m.svc.doctor.check().differences == []
