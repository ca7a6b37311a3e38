"""The lead's report from the log folder alone: every review once, each person's level."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.models import FrozenClock, Rating
from tandem.services.logs.team import folder_report
from tandem.services.quiz.results import QuizScope
from tandem.services.report.models import Level

from .logfolder import Machine, exchange_by_copy, machine, write_decks

SINCE, UNTIL = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture
def team(tmp_path: Path, clock: FrozenClock) -> tuple[Machine, Machine, Path]:
    """Alice's laptop and bob's machine, a quiz, solo reviews, an undo, both sharing."""
    decks = write_decks(tmp_path / "decks")
    laptop = machine(tmp_path, "laptop", clock, decks, tmp_path / "a-logs", ["alice", "bob"])
    bobs = machine(tmp_path, "bobs", clock, decks, tmp_path / "b-logs", ["alice", "bob"])
    laptop.svc.logs.share("alice", "cards")
    bobs.svc.logs.share("bob", "totals")
    exchange_by_copy(laptop, bobs)
    keys = [f"more{n:04d}" for n in range(12)]
    for day in range(3):
        clock.advance(days=1)
        for n, key in enumerate(keys[day : day + 6]):
            clock.advance(minutes=3)
            laptop.answer("alice", key, 1 + (n + day) % 4)
            bobs.answer("bob", keys[-1 - n], 3)
    quiz = laptop.svc.quiz("alice", "bob", swap_every=3, scope=QuizScope.ALL)
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.HARD):
        clock.advance(seconds=50)
        assert quiz.next_card() is not None
        quiz.grade(rating)
    quiz.undo()
    exchange_by_copy(laptop, bobs)
    folder = tmp_path / "a-logs"
    laptop_file = next((folder / "alice").glob("*.jsonl"))
    copy = folder / "alice" / "old-laptop-0000.jsonl"  # history published twice
    copy.write_text("".join(laptop_file.read_text().splitlines(keepends=True)[1:6]))
    return laptop, bobs, folder


def test_the_folder_report_is_the_report_of_a_database_with_every_review(
    team: tuple[Machine, Machine, Path], clock: FrozenClock
) -> None:
    laptop, _, folder = team
    made = folder_report(laptop.svc.paths, folder, clock, SINCE, UNTIL, Level.CARDS)
    assert (made.problems, made.left_out) == ([], [])
    mine = laptop.svc.report.build(SINCE, UNTIL, Level.CARDS)
    totals = laptop.svc.report.build(SINCE, UNTIL, Level.TOTALS)
    alice, bob = made.report.people
    assert alice == mine.people[0]  # every review once: the duplicates and the undo too
    assert bob == totals.people[1]  # bob shares his totals only
    assert alice.reviews == laptop.svc.ctx.reviews.count("alice") == 18 + 1
    assert bob.reviews == laptop.svc.ctx.reviews.count("bob") == 18 + 3
    assert made.report.pairs == mine.pairs
    assert made.report.sessions == mine.sessions
    again = folder_report(laptop.svc.paths, folder, clock, SINCE, UNTIL, Level.CARDS)
    assert again.report.people == made.report.people  # from its cache, the same


def test_new_lines_reach_the_next_report_and_unsharing_leaves_out(
    team: tuple[Machine, Machine, Path], clock: FrozenClock
) -> None:
    laptop, bobs, folder = team
    first = folder_report(laptop.svc.paths, folder, clock, SINCE, UNTIL)
    clock.advance(minutes=5)
    laptop.answer("alice", "head0001", 3)
    clock.advance(minutes=5)
    bobs.svc.logs.unshare("bob")
    exchange_by_copy(laptop, bobs)
    made = folder_report(laptop.svc.paths, folder, clock, SINCE, UNTIL)
    [alice] = made.report.people
    assert alice.reviews == first.report.people[0].reviews + 1
    assert made.left_out == ["bob"]
    fresh = folder_report(laptop.svc.paths, folder, clock, SINCE, UNTIL, cache=False)
    assert fresh.report.people == made.report.people


def test_report_logs_on_the_command_line(team: tuple[Machine, Machine, Path]) -> None:
    laptop, _, folder = team
    decks = laptop.svc.paths.decks
    result = CliRunner().invoke(
        cli,
        ["report", "--logs", str(folder), "--decks", str(decks), "--format", "csv",
         "--since", "2026-03-01", "--until", "2026-03-31", "--level", "cards"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    reviews = {r[1]: r[6] for r in rows if r[0] == "person" and r[5] == "reviews"}
    assert reviews == {"alice": "19", "bob": "21"}
    assert any(r[0] == "card" and r[1] == "alice" for r in rows)
    assert not any(r[0] in ("card", "topic") and r[1] == "bob" for r in rows)


def test_a_bad_line_does_not_stop_the_report(team: tuple[Machine, Machine, Path]) -> None:
    laptop, _, folder = team
    with (folder / "alice" / "old-laptop-0000.jsonl").open("a") as out:
        out.write('{"id": "x", "card": "nowhere1", "person": "alice", "rating": 3, '
                  '"at": "2026-03-05T10:00:00Z", "grader": "alice"}\n{broken\n')  # fmt: skip
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    made = folder_report(laptop.svc.paths, folder, FrozenClock(laptop.svc.now()), SINCE, UNTIL)
    assert [p.split(": ", 1)[1] for p in made.problems] == [
        "not JSON: key must be a string at line 1 column 2; skipped",
        "card: unknown card 'nowhere1' (not in the decks here); tried again at the next sync;"
        " skipped",
    ]
    assert made.report.people[0].reviews == 19
    after = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert after == before  # a report writes nothing in the folder


def test_report_logs_needs_a_folder(tmp_path: Path) -> None:
    write_decks(tmp_path / "decks")
    result = CliRunner().invoke(cli, ["report", "--logs", str(tmp_path / "none")])
    assert result.exit_code == 66
    assert "no such log folder" in result.output


@pytest.mark.slow
def test_replaying_on_two_cores_gives_the_same_report(
    team: tuple[Machine, Machine, Path], clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _, folder = team
    alone = folder_report(laptop.svc.paths, folder, clock, SINCE, UNTIL, cache=False, workers=1)
    monkeypatch.setattr("tandem.services.logs.replaying.POOL_FROM", 0)
    pooled = folder_report(laptop.svc.paths, folder, clock, SINCE, UNTIL, cache=False, workers=2)
    assert pooled.report.people == alone.report.people
