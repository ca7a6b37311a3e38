"""Bad input in the log folder: reported as file:line and skipped, never blocking the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tandem.models import FrozenClock

from .logfolder import Machine, laptop_and_desktop, review_json


@pytest.fixture
def pair(tmp_path: Path, clock: FrozenClock) -> tuple[Machine, Machine]:
    """Alice's laptop (sharing, two answers published) and her desktop, one folder."""
    laptop, desktop = laptop_and_desktop(tmp_path, clock)
    for key in ("more0000", "more0001"):
        clock.advance(minutes=5)
        laptop.answer("alice", key, 3)
    return laptop, desktop


def _own(m: Machine) -> Path:
    [own] = (m.logs / "alice").glob(f"{m.svc.logs.folder().device}.jsonl")  # type: ignore[union-attr]
    return own


def test_a_malformed_line_is_reported_and_the_rest_imported(
    pair: tuple[Machine, Machine],
) -> None:
    laptop, desktop = pair
    other = laptop.logs / "alice" / "phone-0000.jsonl"
    other.write_text(
        review_json("r-1", "more0002", "2026-03-04T09:00:00Z") + "\n"
        + "{not json\n"
        + review_json("r-2", "more0003", "2026-03-04T09:01:00Z", rating=9) + "\n"
        + review_json("r-3", "more0004", "2026-03-04T09:02:00Z") + "\n"
    )  # fmt: skip
    report = desktop.exchange()
    assert report.added == 4  # the laptop's two, and r-1 and r-3
    assert sorted(report.problems) == [
        f"{other}:2: not JSON: key must be a string at line 1 column 2; skipped",
        f"{other}:3: rating: Input should be less than or equal to 4; skipped",
    ]
    assert desktop.svc.ctx.reviews.known_ids(["r-1", "r-2", "r-3"]) == {"r-1", "r-3"}
    assert desktop.exchange().problems == []  # reported once: the file has not changed since


def test_a_truncated_last_line_waits_for_the_next_sync(pair: tuple[Machine, Machine]) -> None:
    laptop, desktop = pair
    own = _own(laptop)
    whole = own.read_bytes()
    cut = whole.rfind(b"\n", 0, len(whole) - 1) + 20
    own.write_bytes(whole[:cut])  # the last line half-synced
    report = desktop.exchange()
    assert (report.added, report.problems) == (1, [])
    own.write_bytes(whole)  # the rest of it arrives
    report = desktop.exchange()
    assert (report.added, report.problems) == (1, [])
    assert desktop.svc.ctx.reviews.count() == 2


def test_a_rewritten_file_is_reported_not_trusted_until_told(
    pair: tuple[Machine, Machine],
) -> None:
    laptop, desktop = pair
    assert desktop.exchange().added == 2
    own = _own(laptop)
    lines = own.read_text().splitlines()
    changed = json.loads(lines[1]) | {"rating": 1}
    own.write_text("\n".join([lines[0], json.dumps(changed), *lines[2:]]) + "\n"
                   + review_json("r-new", "more0005", "2026-03-04T10:11:00Z") + "\n")  # fmt: skip
    report = desktop.exchange()
    assert report.added == 0
    [problem] = report.problems
    assert problem.startswith(f"{own}: its first 3 line(s) changed since they were read")
    assert desktop.exchange().problems[0].startswith(f"{own}: its first 3 line(s) changed")
    own.write_text(lines[0] + "\n")  # shrinking is no better
    assert "not read since" in desktop.exchange().problems[0]
    own.write_text("\n".join([lines[0], json.dumps(changed), *lines[2:]]) + "\n"
                   + review_json("r-new", "more0005", "2026-03-04T10:11:00Z") + "\n")  # fmt: skip
    rel = f"alice/{own.name}"
    desktop.svc.logs.trust(rel)
    report = desktop.exchange()
    assert report.added == 1  # the new line; the changed one keeps the review here
    assert any("with other content" in p for p in report.problems)
    assert desktop.svc.ctx.reviews.known_ids(["r-new"]) == {"r-new"}
    [kept] = [r for r in desktop.svc.ctx.reviews.for_person("alice") if r.id == changed["id"]]
    assert int(kept.rating) == 3


def test_an_unknown_card_is_reported_and_imported_once_its_deck_arrives(
    pair: tuple[Machine, Machine], tmp_path: Path
) -> None:
    laptop, desktop = pair
    phone = laptop.logs / "alice" / "phone-0000.jsonl"
    phone.write_text(review_json("r-late", "late0001", "2026-03-04T09:00:00Z") + "\n")
    report = desktop.exchange()
    assert report.added == 2
    assert report.problems == [
        f"{phone}:1: card: unknown card 'late0001' (not in the decks here); "
        "tried again at the next sync; skipped"
    ]
    assert report.waiting == 1
    deck = desktop.svc.paths.decks / "late.md"
    deck.write_text("Q: late?\nA: yes\n<!-- id: late0001 -->\n")
    desktop.svc.sync.run()
    report = desktop.exchange()
    assert (report.added, report.problems, report.waiting) == (1, [], 0)
    assert desktop.svc.ctx.reviews.for_card("alice", "late0001")[0].id == "r-late"


def test_a_line_of_someone_else_in_a_persons_file_is_skipped(
    pair: tuple[Machine, Machine],
) -> None:
    laptop, desktop = pair
    bob = json.loads(review_json("r-bob", "more0002", "2026-03-04T09:00:00Z")) | {"person": "bob"}
    (laptop.logs / "alice" / "phone-0000.jsonl").write_text(json.dumps(bob) + "\n")
    report = desktop.exchange()
    assert report.added == 2
    assert report.problems[0].endswith(":1: person: 'bob' in alice's file; skipped")


def test_a_review_ahead_of_this_clock_waits_until_its_time(
    pair: tuple[Machine, Machine], clock: FrozenClock
) -> None:
    laptop, desktop = pair
    phone = laptop.logs / "alice" / "phone-0000.jsonl"
    phone.write_text(review_json("r-ahead", "more0006", "2026-03-04T12:00:00Z") + "\n")
    report = desktop.exchange()
    assert "is ahead of this machine's clock" in report.problems[0]
    clock.advance(hours=3)
    assert desktop.exchange().added == 1


def test_odd_files_in_the_folder_are_named_and_left(pair: tuple[Machine, Machine]) -> None:
    laptop, desktop = pair
    own = _own(laptop)
    conflict = own.with_name(own.stem + ".sync-conflict-20260304-101500-ABCDEFG.jsonl")
    conflict.write_bytes(own.read_bytes())
    (laptop.logs / ".stfolder").mkdir()
    (laptop.logs / "not a person").mkdir()
    problems = desktop.exchange().problems
    assert problems == [
        f"{conflict}: not a device's file (a sync tool's conflict copy?); not read",
        f"{laptop.logs / 'not a person'}: not a person's folder (a name like alice); not read",
    ]
