"""Notes written for Obsidian's Spaced Repetition plugin come in as tandem decks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tandem.interop.obsidian_sr import read_obsidian
from tandem.models import BadInputError, FrozenClock, FsrsState, ReviewKind
from tandem.services import Services

NOTE = """---
aliases: [aws]
---
# AWS ports #flashcards/cloud/aws

Some notes that are not cards, with `std::vector` in code.

Jira's default HTTP port::8080
What is an ASG?:::Auto Scaling Group
<!--SR:!2026-03-05,3,250-->

What are the three EFS throughput modes?
?
- Bursting
- Provisioned
- Elastic

Reverse me
??
both ways

RDS Multi-AZ failover takes ==60-120 seconds==, Aurora ==~30 seconds==.

```
a::b inside a code block is not a card
```
"""


def test_every_card_shape_of_the_plugin(tmp_path: Path) -> None:
    path = tmp_path / "AWS.md"
    path.write_text(NOTE)
    notes = read_obsidian(path, now=datetime(2026, 3, 1, tzinfo=UTC)).notes
    shapes = [(n.deck, n.kind, n.question, n.answer, n.reverse) for n in notes]
    assert shapes == [
        ("cloud::aws", "basic", "Jira's default HTTP port", "8080", False),
        ("cloud::aws", "basic", "What is an ASG?", "Auto Scaling Group", True),
        ("cloud::aws", "basic", "What are the three EFS throughput modes?",
         "- Bursting\n- Provisioned\n- Elastic", False),
        ("cloud::aws", "basic", "Reverse me", "both ways", True),
        ("cloud::aws", "cloze", "RDS Multi-AZ failover takes {{c1::60-120 seconds}}, "
         "Aurora {{c2::~30 seconds}}.", "", False),
    ]  # fmt: skip
    assert len({n.guid for n in notes}) == 5


def test_a_vault_imports_into_decks_and_again_changes_nothing(
    svc: Services, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    (vault / "cloud").mkdir(parents=True)
    (vault / "cloud" / "AWS.md").write_text(NOTE)
    (vault / "Diary.md").write_text("# Monday\n\nNothing to learn here.\n")
    summary = svc.importer.run(vault)
    assert summary.format == "obsidian-sr"
    assert (summary.notes, summary.cards) == (5, 8)  # two reversed, a cloze of two
    assert svc.sync.run().added == 0
    assert svc.importer.run(vault).added == 0
    text = (svc.paths.decks / "cloud" / "aws.md").read_text()
    assert "Q: What is an ASG?\nA: Auto Scaling Group" in text
    assert "SR:" not in text


def test_a_note_without_cards_is_refused_with_what_tandem_reads(
    svc: Services, tmp_path: Path
) -> None:
    path = tmp_path / "Diary.md"
    path.write_text("# Monday\n\nNothing to learn here.\n")
    with pytest.raises(BadInputError, match="no flashcards found"):
        svc.importer.run(path)


def test_a_tandem_deck_is_not_imported_as_a_foreign_one(svc: Services, tmp_path: Path) -> None:
    path = tmp_path / "mine.md"
    path.write_text("Q: one\nA: 1\n<!-- id: abcd2345 -->\n")
    with pytest.raises(BadInputError, match="tandem deck already"):
        svc.importer.run(path)


SCHEDULED = """#flashcards/geo

Capital of France::Paris
<!--SR:!2026-11-28,3,250-->
Capital of Peru::Lima

Hello:::Hola <!--SR:!2026-12-10,5,270!2000-01-01,0,250-->

Water boils at ==100 C== and freezes at ==0 C==.
<!--SR:!2000-01-01,1,230!08-12-2026,4,230-->

What colour is the sky?
?
Blue
<!--SR:!2026-12-06,2,250!tomorrow,1,250-->
"""
"""Paris is overdue (the tests' clock is at 1 December), Lima new; Hello's forward card due
on the 10th, its backward one not
studied; the cloze's second highlight due on the 8th (day first), its first not studied;
the sky's comment is not the plugin's (line 15): that card starts new."""


def _cards(svc: Services) -> dict[str, str]:
    """Card key by a name for each card of ``SCHEDULED``."""
    notes = {n.question: n.id for n in svc.ctx.cards.notes().values()}
    france, hello = notes["Capital of France"], notes["Hello"]
    water = next(nid for q, nid in notes.items() if q.startswith("Water"))
    return {"paris": france, "lima": notes["Capital of Peru"], "hola": hello,
            "hello": f"{hello}:r", "boils": f"{water}:c1", "freezes": f"{water}:c2",
            "sky": notes["What colour is the sky?"]}  # fmt: skip


def _berlin(svc: Services, name: str) -> None:
    svc.people.add(name)
    settings = svc.people.settings(name).updated({"timezone": "Europe/Berlin"})
    svc.people.update_settings(name, settings)


def test_the_plugins_schedules_become_due_dates_on_their_days(
    svc: Services, tmp_path: Path, clock: FrozenClock
) -> None:
    _berlin(svc, "alice")
    path = tmp_path / "Geography.md"
    path.write_text(SCHEDULED)
    summary = svc.importer.run(path, person="alice")
    assert (summary.notes, summary.cards, summary.due_dates, summary.reviews) == (5, 7, 3, 0)
    assert summary.warnings == [
        "Geography.md:15: a schedule comment (<!--SR:...-->) that is not !date,interval,ease "
        "groups is ignored: its cards start new"
    ]
    cards = _cards(svc)
    berlin_4am = lambda day: datetime(2026, 12, day, 3, tzinfo=UTC)  # noqa: E731
    log = svc.ctx.reviews.for_person("alice")
    assert sorted((r.card, r.kind, r.rating, r.at, r.due) for r in log) == sorted([
        (cards["paris"], ReviewKind.MANUAL, None, clock.now(),
         datetime(2026, 11, 28, 3, tzinfo=UTC)),
        (cards["hola"], ReviewKind.MANUAL, None, clock.now(), berlin_4am(10)),
        (cards["freezes"], ReviewKind.MANUAL, None, clock.now(), berlin_4am(8)),
    ])  # fmt: skip
    states = {name: svc.ctx.states.get("alice", key) for name, key in cards.items()}
    assert {name: (s.memory.state, s.memory.due if s.memory.state is FsrsState.REVIEW else None,
                   s.memory.stability) for name, s in states.items() if s is not None} == {
        "paris": (FsrsState.REVIEW, datetime(2026, 11, 28, 3, tzinfo=UTC), None),
        "hola": (FsrsState.REVIEW, berlin_4am(10), None),
        "freezes": (FsrsState.REVIEW, berlin_4am(8), None),
        "lima": (FsrsState.NEW, None, None),
        "hello": (FsrsState.NEW, None, None),
        "boils": (FsrsState.NEW, None, None),
        "sky": (FsrsState.NEW, None, None),
    }  # fmt: skip
    due = svc.due.for_person("alice")  # what ``tandem due --json`` prints
    assert (due.new, due.review) == (4, 1)  # Paris is overdue; the others are ahead


def test_importing_the_note_again_sets_no_due_date_twice(
    svc: Services, tmp_path: Path, clock: FrozenClock
) -> None:
    _berlin(svc, "alice")
    path = tmp_path / "Geography.md"
    path.write_text(SCHEDULED)
    svc.importer.run(path, person="alice")
    clock.advance(days=1)
    again = svc.importer.run(path, person="alice")
    assert (again.due_dates, again.reviews_known, again.added) == (0, 3, 0)
    assert len(list(svc.ctx.reviews.for_person("alice"))) == 3
    clock.advance(days=1)  # the plugin has moved Paris to 12 December since
    path.write_text(SCHEDULED.replace("!2026-11-28,3,250", "!2026-12-12,11,270"))
    moved = svc.importer.run(path, person="alice")
    assert (moved.due_dates, moved.reviews_known) == (1, 2)
    paris = svc.ctx.states.get("alice", _cards(svc)["paris"])
    assert paris is not None
    assert paris.memory.due == datetime(2026, 12, 12, 3, tzinfo=UTC)


def test_without_a_person_the_schedules_are_not_logged(svc: Services, tmp_path: Path) -> None:
    svc.people.add("alice")
    path = tmp_path / "Geography.md"
    path.write_text(SCHEDULED)
    summary = svc.importer.run(path)
    assert summary.skipped == {"reviews (no --as NAME given)": 3}
    assert list(svc.ctx.reviews.for_person("alice")) == []
    states = [svc.ctx.states.get("alice", key) for key in _cards(svc).values()]
    assert {s.memory.state for s in states if s is not None} == {FsrsState.NEW}


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("<!--SR:2026-03-05,3,250-->", "not !date"),
        ("<!--SR:!2026-02-30,3,250-->", "not !date"),
        ("<!--SR:!2026-03-05,3-->", "not !date"),
        ("<!--SR:!0001-01-01,3,250-->", "more than 36500 days from today"),
        ("<!--SR:!2026-03-05,3,250!2026-03-06,3,250-->", "2 schedules for 1 card(s)"),
    ],
)
def test_a_comment_tandem_cannot_read_is_named_with_its_line(
    tmp_path: Path, comment: str, problem: str
) -> None:
    path = tmp_path / "note.md"
    path.write_text(f"---\ntags: [x]\n---\n\nOne::1\n{comment}\n")
    mapped = read_obsidian(path, now=datetime(2026, 3, 4, tzinfo=UTC))
    assert len(mapped.warnings) == 1
    assert mapped.warnings[0].startswith("note.md:6: ")
    assert problem in mapped.warnings[0]
    days = [r.due_date for r in mapped.reviews]
    assert days == ([date(2026, 3, 5)] if "2 schedules" in problem else [])
