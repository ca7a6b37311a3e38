"""The first load of a lead's report cache, person by person: the same cache, the same report
and the same skipped lines as sorting the whole folder at once."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tandem.models import FrozenClock
from tandem.render.report import Format, render_report
from tandem.services.logs.team import FolderReport, folder_report
from tandem.services.logs.team_cache import cache_path
from tandem.services.report.models import Level

from .logfolder import Machine
from .test_log_report import SINCE, UNTIL  # noqa: F401  (the fixture)
from .test_log_report import team as team

Team = tuple[Machine, Machine, Path]


def _report(laptop: Machine, folder: Path, clock: FrozenClock, data: str) -> FolderReport:
    paths = replace(laptop.svc.paths, data_dir=laptop.svc.paths.data_dir.parent / data)
    return folder_report(paths, folder, clock, SINCE, UNTIL, Level.CARDS, workers=1)


def _cache(laptop: Machine, folder: Path, data: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row the report's cache holds that a report reads."""
    paths = replace(laptop.svc.paths, data_dir=laptop.svc.paths.data_dir.parent / data)
    where = cache_path(paths, folder.resolve(), paths.decks.resolve())
    with sqlite3.connect(where) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("card_state", "reviews", "review_day_sums")
        } | {"people": conn.execute("SELECT name, settings FROM people ORDER BY 1").fetchall()}


def _whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next report sorts the whole folder at once (as before the load per person)."""
    monkeypatch.setattr("tandem.services.logs.team._first_load", lambda *args: None)


def _bob_line(folder: Path, line: dict[str, object]) -> None:
    bobs_file = next((folder / "bob").glob("*.jsonl"))
    with bobs_file.open("a") as out:
        out.write(json.dumps(line) + "\n")


def _alices_review(folder: Path) -> dict[str, object]:
    alices_file = next(p for p in (folder / "alice").glob("*.jsonl") if "old" not in p.name)
    lines = [json.loads(line) for line in alices_file.read_text().splitlines()]
    return next(line for line in lines if "rating" in line)


def test_the_load_per_person_stores_what_sorting_the_whole_folder_stores(
    team: Team, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _, folder = team
    with (folder / "alice" / "old-laptop-0000.jsonl").open("a") as out:
        out.write('{broken\n{"id": "x", "card": "nowhere1", "person": "alice", "rating": 3, '
                  '"at": "2026-03-05T10:00:00Z", "grader": "alice"}\n')  # fmt: skip
    _bob_line(folder, {"id": "y", "card": "head0001", "person": "alice", "rating": 3,
                       "at": "2026-03-05T10:00:00Z", "grader": "alice"})  # fmt: skip
    apart = _report(laptop, folder, clock, "apart")
    _whole(monkeypatch)
    whole = _report(laptop, folder, clock, "whole")
    assert apart == whole
    assert [p.rsplit("/", 1)[1] for p in apart.problems] == [
        "old-laptop-0000.jsonl:6: not JSON: key must be a string at line 1 column 2; skipped",
        "old-laptop-0000.jsonl:7: card: unknown card 'nowhere1' (not in the decks here); "
        "tried again at the next sync; skipped",
        f"{next((folder / 'bob').glob('*.jsonl')).name}:"
        f"{len(next((folder / 'bob').glob('*.jsonl')).read_text().splitlines())}: "
        "person: 'alice' in bob's file; skipped",
    ]
    assert _cache(laptop, folder, "apart") == _cache(laptop, folder, "whole")
    assert [p.reviews for p in apart.report.people] == [19, 21]


def test_a_review_id_in_two_peoples_files_counts_once_as_before(
    team: Team, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _, folder = team
    taken = _alices_review(folder)
    _bob_line(folder, taken | {"person": "bob", "grader": "bob"})  # bob's line, alice's id
    made = _report(laptop, folder, clock, "apart")
    [problem] = made.problems
    assert f"id: {taken['id']!r} also at {folder / 'alice'}" in problem
    assert [p.reviews for p in made.report.people] == [19, 21]  # bob's copy is not counted
    _whole(monkeypatch)
    assert _report(laptop, folder, clock, "whole") == made
    assert _cache(laptop, folder, "apart") == _cache(laptop, folder, "whole")


def test_a_retraction_in_another_persons_file_takes_the_review_out_as_before(
    team: Team, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _, folder = team
    taken = _alices_review(folder)
    _bob_line(folder, {"retract": taken["id"], "person": "bob", "at": "2026-03-05T10:00:00Z"})
    made = _report(laptop, folder, clock, "apart")
    assert made.problems == []
    assert [p.reviews for p in made.report.people] == [18, 21]
    _whole(monkeypatch)
    assert _report(laptop, folder, clock, "whole") == made
    assert _cache(laptop, folder, "apart") == _cache(laptop, folder, "whole")


def test_the_first_load_renders_the_report_the_whole_folder_sort_renders(
    team: Team, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load (a new cache filled without a WAL, its checks done by the loader) and
    the report read again from that cache render what sorting the whole folder renders:
    a quiz, an undo, two levels, history published twice, a bad line, a truncated last line.
    """
    laptop, _, folder = team
    with (folder / "alice" / "old-laptop-0000.jsonl").open("a") as out:
        out.write('{"id": 7}\n{"id": "half", "card": "more0001", "person": "al')
    first = _report(laptop, folder, clock, "apart")
    again = _report(laptop, folder, clock, "apart")  # from the finished cache
    _whole(monkeypatch)
    whole = _report(laptop, folder, clock, "whole")
    [problem] = first.problems  # the bad line; the truncated one waits for the next read
    assert problem.endswith("old-laptop-0000.jsonl:6: id: Input should be a valid string; skipped")
    assert first.problems == whole.problems
    for fmt in (Format.MD, Format.CSV):
        rendered = render_report(first.report, fmt)
        assert rendered == render_report(whole.report, fmt)
        assert rendered == render_report(again.report, fmt)
    assert "alice" in render_report(first.report, Format.CSV)
    assert [p.reviews for p in first.report.people] == [19, 21]
