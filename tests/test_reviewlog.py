"""Review log export/import: exact round trip, idempotence, all-or-nothing validation."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.config import resolve_paths
from tandem.models import BadInputError, FrozenClock, Rating
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .conftest import START, add_notes, examples


def _fresh(tmp_path: Path, name: str, clock: FrozenClock, cards: int = 4) -> Services:
    svc = build_services(resolve_paths(), db=Store(tmp_path / name), clock=clock)
    svc.people.add("alice")
    svc.people.add("bob")
    add_notes(svc, cards, reverse=True)
    return svc


def _export(svc: Services, person: str, path: Path) -> Path:
    path.write_text("".join(line + "\n" for line in svc.log.export_lines(person)))
    return path


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 7),  # which card
            st.sampled_from(list(Rating)),
            st.integers(0, 60 * 24 * 40),  # minutes until this answer
            st.sampled_from(["alice", "bob"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_export_then_import_gives_identical_states(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[int, Rating, int, str]]
) -> None:
    tmp = tmp_path_factory.mktemp("log")
    clock = FrozenClock(START)
    source = _fresh(tmp, "source.db", clock)
    keys = [row.card for row in source.ctx.states.for_person("alice")]
    sessions = {"alice": source.study("alice"), "bob": source.study("bob", grader="alice")}
    for card, rating, minutes, person in steps:
        clock.advance(minutes=minutes)
        sessions[person].answer(keys[card], rating, duration_ms=minutes)
    target = _fresh(tmp, "target.db", clock)
    for person in ("alice", "bob"):
        target.log.import_file(_export(source, person, tmp / f"{person}.jsonl"))
    for person in ("alice", "bob"):
        mine = [r.memory.scheduling_fields() for r in source.ctx.states.for_person(person)]
        theirs = [r.memory.scheduling_fields() for r in target.ctx.states.for_person(person)]
        assert mine == theirs
        assert list(source.log.export_lines(person)) == list(target.log.export_lines(person))
    assert target.doctor.check().differences == []
    source.close()
    target.close()


def test_reimport_is_idempotent(svc: Services, tmp_path: Path, clock: FrozenClock) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 3)
    session = svc.study("alice")
    for key in keys:
        session.answer(key, Rating.GOOD)
        clock.advance(minutes=3)
    log = _export(svc, "alice", tmp_path / "a.jsonl")
    states = svc.ctx.states.for_person("alice")
    result = svc.log.import_file(log)
    assert (result.added, result.skipped) == (0, 3)
    assert svc.ctx.states.for_person("alice") == states
    assert svc.ctx.reviews.count() == 3


def test_import_interleaves_with_existing_reviews(
    svc: Services, tmp_path: Path, clock: FrozenClock
) -> None:
    svc.people.add("alice")
    [key] = add_notes(svc, 1)
    line = {"id": "early", "card": key, "person": "alice", "rating": 1,
            "at": "2026-03-04T09:00:00Z", "grader": "alice"}  # fmt: skip
    svc.study("alice").answer(key, Rating.GOOD)  # at 10:00
    (tmp_path / "l.jsonl").write_text(json.dumps(line) + "\n")
    svc.log.import_file(tmp_path / "l.jsonl")
    expected = svc.ctx.person("alice").scheduler.replay(
        key, [(Rating.AGAIN, START - timedelta(hours=1)), (Rating.GOOD, START)]
    )
    assert svc.ctx.states.get("alice", key).memory == expected  # type: ignore[union-attr]


GOOD = {"id": "r1", "card": "n0000", "person": "alice", "rating": 3,
        "at": "2026-03-04T09:15:00Z", "grader": "bob", "duration_ms": 4200}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rating": 5}, "rating: Input should be less than or equal to 4"),
        ({"rating": 0}, "rating: Input should be greater than or equal to 1"),
        ({"rating": "3"}, "rating: Input should be a valid integer"),
        ({"card": "nope"}, "card: unknown card 'nope'"),
        ({"person": "carol"}, "person: unknown person 'carol'"),
        ({"grader": "carol"}, "grader: unknown person 'carol'"),
        ({"at": "0001-01-01T00:00:00Z"}, "at: Value error, 0001-01-01T00:00:00Z is before 1970"),
        ({"duration_ms": 2**63}, "duration_ms: Input should be less than or equal to"),
        ({"at": "2026-03-04 09:15"}, "at: Value error, not an RFC 3339 timestamp"),
        ({"at": "2026-03-04T09:15:00"}, "at: Value error, timestamp has no time zone"),
        ({"at": "2026-03-04T09:15:00+01:00"}, "at: Value error, timestamp is not in UTC"),
        ({"at": "2026-03-05T09:15:00Z"}, "at: 2026-03-05T09:15:00Z lies in the future"),
        ({"extra": 1}, "extra: Extra inputs are not permitted"),
    ],
)
def test_one_bad_line_imports_nothing(
    svc: Services, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    svc.people.add("alice")
    svc.people.add("bob")
    add_notes(svc, 1)
    bad = {**GOOD, "id": "r2", **change}
    path = tmp_path / "log.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(BadInputError) as raised:
        svc.log.import_file(path)
    assert raised.value.details[0].startswith(f"{path}:2: {message}")
    assert svc.ctx.reviews.count() == 0


def test_not_json_and_conflicting_ids(svc: Services, tmp_path: Path) -> None:
    svc.people.add("alice")
    svc.people.add("bob")
    add_notes(svc, 1)
    path = tmp_path / "log.jsonl"
    other = {**GOOD, "rating": 1}
    path.write_text(f"{json.dumps(GOOD)}\n{{oops\n\n{json.dumps(other)}\n")
    with pytest.raises(BadInputError) as raised:
        svc.log.import_file(path)
    assert raised.value.details == [
        f"{path}:2: not JSON: Expecting property name enclosed in double quotes",
        f"{path}:4: id: 'r1' also on line 1 with other content",
    ]
    assert svc.ctx.reviews.count() == 0
