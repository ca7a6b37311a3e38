"""tandem sync: deck files -> database, ids into files, history kept through edits and moves."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import BadInputError, FrozenClock, Queue, Rating
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .conftest import START

GIT = """+++
title = "Git"
+++

Q: What is HEAD?
A: The current commit.
<!-- id: head0001 · by: alice -->

Q: el perro
A: the dog
<!-- id: perro001 · by: bob · reverse -->

C: {{c1::reflog}} keeps {{c2::90 days}}
<!-- id: cloze001 -->
"""


pytestmark = pytest.mark.usefixtures("held_cards_both_ways")


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "git.md").write_text(GIT)
    return folder


@pytest.fixture
def s(tmp_path: Path, decks: Path, clock: FrozenClock) -> Services:
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "t.db"), clock=clock)
    svc.people.add("alice")
    return svc


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*"))}


def _history(svc: Services, key: str) -> int:
    return len(svc.ctx.reviews.for_card("alice", key))


def test_first_sync_adds_every_card(s: Services) -> None:
    report = s.sync.run()
    assert (report.added, report.files) == (3, 1)
    keys = {row.card for row in s.ctx.states.for_person("alice")}
    assert keys == {"head0001", "perro001", "perro001:r", "cloze001:c1", "cloze001:c2"}
    [deck] = s.decks.list()
    assert (deck.title, deck.cards, deck.is_session) == ("Git", 5, False)


def test_missing_ids_are_written_into_the_file_and_the_rest_is_kept(
    s: Services, decks: Path
) -> None:
    extra = "\n  Notes with  odd   spacing  \n\nQ: new one\nA: yes\n"
    (decks / "git.md").write_text(GIT + extra)
    report = s.sync.run()
    assert report.ids_assigned == 1
    text = (decks / "git.md").read_text()
    assert text.startswith(GIT + extra.rstrip("\n"))
    new_meta = text[len(GIT + extra) - 1 :].strip()
    assert new_meta.startswith("<!-- id: ")
    assert new_meta.endswith(" -->")
    assert s.sync.run().ids_assigned == 0


def test_second_sync_without_changes_reads_and_writes_nothing(s: Services) -> None:
    s.sync.run()
    changes = s.ctx.store.conn.total_changes
    report = s.sync.run()
    assert (report.files_read, report.changed, report.unchanged) == (0, False, 3)
    assert s.ctx.store.conn.total_changes == changes


def test_touched_but_identical_file_is_not_an_edit(s: Services, decks: Path) -> None:
    s.sync.run()
    (decks / "git.md").write_text(GIT)  # new mtime, same bytes
    report = s.sync.run()
    assert (report.updated, report.unchanged, report.changed) == (0, 3, False)
    assert s.sync.run().files_read == 0


def test_edit_keeps_id_and_history(s: Services, decks: Path, clock: FrozenClock) -> None:
    s.sync.run()
    s.study("alice").answer("head0001", Rating.GOOD)
    (decks / "git.md").write_text(GIT.replace("The current commit.", "What is checked out."))
    report = s.sync.run()
    assert (report.updated, report.unchanged) == (1, 2)
    card = s.study("alice").card("head0001")
    assert card.answer == "What is checked out."
    assert _history(s, "head0001") == 1
    assert card.state.reps == 1


def test_move_to_another_file_keeps_history(s: Services, decks: Path) -> None:
    s.sync.run()
    s.study("alice").answer("perro001", Rating.GOOD)
    head, _, rest = GIT.partition("Q: el perro")
    card = "Q: el perro" + rest.split("\n\n")[0] + "\n"
    (decks / "git.md").write_text(GIT.replace(card + "\n", ""))
    (decks / "sub").mkdir()
    (decks / "sub" / "spanish.md").write_text(card)
    report = s.sync.run()
    assert (report.moved, report.retired, report.added) == (1, 0, 0)
    assert s.study("alice").card("perro001").deck_path == "sub/spanish.md"
    assert _history(s, "perro001") == 1
    due = s.due.for_person("alice")
    assert {d.path for d in due.decks} == {"git.md", "sub/spanish.md"}


def test_deleted_card_is_retired_and_comes_back_with_its_history(s: Services, decks: Path) -> None:
    s.sync.run()
    s.study("alice").answer("head0001", Rating.EASY)
    without = (
        GIT.split("Q: el perro")[0].split("Q: What is HEAD?")[0]
        + "Q: el perro"
        + GIT.split("Q: el perro")[1]
    )
    (decks / "git.md").write_text(without)
    assert s.sync.run().retired == 1
    assert s.ctx.states.get("alice", "head0001").queue is Queue.RETIRED  # type: ignore[union-attr]
    assert s.study("alice").counts().new == 4
    (decks / "git.md").write_text(GIT)
    s.sync.run()
    row = s.ctx.states.get("alice", "head0001")
    assert row is not None
    assert row.queue is Queue.REVIEW
    assert _history(s, "head0001") == 1


def test_deleted_file_retires_its_cards(s: Services, decks: Path) -> None:
    s.sync.run()
    (decks / "git.md").unlink()
    assert s.sync.run(retire=True).retired == 3  # all of them: only with retire
    assert s.decks.list() == []
    assert s.study("alice").next_card() is None


def test_reverse_flag_and_new_cloze_number_add_cards(s: Services, decks: Path) -> None:
    s.sync.run()
    changed = GIT.replace(" · reverse", "").replace("{{c2::90 days}}", "{{c2::90 days}} {{c3::x}}")
    (decks / "git.md").write_text(changed)
    s.sync.run()
    assert s.ctx.states.get("alice", "perro001:r").queue is Queue.RETIRED  # type: ignore[union-attr]
    assert s.ctx.states.get("alice", "cloze001:c3").queue is Queue.NEW  # type: ignore[union-attr]


def test_new_person_and_new_cards_get_states(s: Services, decks: Path) -> None:
    s.sync.run()
    s.people.add("bob")
    assert len(s.ctx.states.for_person("bob")) == 5
    (decks / "more.md").write_text("Q: a\nA: b\n<!-- id: more0001 -->\n")
    s.sync.run()
    assert s.ctx.states.get("bob", "more0001") is not None
    assert s.ctx.states.get("alice", "more0001") is not None


def test_person_added_later_gets_the_new_state_of_every_active_card(
    s: Services, decks: Path, clock: FrozenClock
) -> None:
    s.sync.run()
    clock.advance(days=3)
    (decks / "more.md").write_text("Q: a\nA: b\n<!-- id: more0001 -->\n")
    (decks / "git.md").write_text(GIT.replace(" · reverse", ""))
    s.sync.run()
    s.study("alice").answer("head0001", Rating.GOOD)
    clock.advance(days=1)
    s.people.add("bob")
    alice = {r.card: r for r in s.ctx.states.for_person("alice")}
    bob = {r.card: r for r in s.ctx.states.for_person("bob")}
    assert set(bob) == {k for k, r in alice.items() if r.queue is not Queue.RETIRED}
    assert "perro001:r" not in bob
    for key, row in bob.items():
        assert row.queue is Queue.NEW
        assert row.due == s.ctx.cards.created_at(key)  # new: due from when the card came in
        if key != "head0001":  # the cards alice has not answered: her row when they came in
            assert row == replace(alice[key], person="bob")
    assert bob["more0001"].due == START + timedelta(days=3)
    assert bob["head0001"].due == START


def test_duplicate_id_refuses_both_files(s: Services, decks: Path) -> None:
    (decks / "copy.md").write_text("Q: x\nA: y\n<!-- id: head0001 -->\n")
    report = s.sync.run()
    assert report.problems == [
        "copy.md:1: duplicate id 'head0001' (also at git.md:5)",
        "git.md:5: duplicate id 'head0001' (also at copy.md:1)",
    ]
    assert report.refused == ["copy.md", "git.md"]
    assert s.ctx.cards.decks() == []  # neither side is taken


def test_duplicate_of_a_card_in_an_unchanged_file_is_refused(s: Services, decks: Path) -> None:
    s.sync.run()
    (decks / "copy.md").write_text("Q: x\nA: y\n<!-- id: head0001 -->\n")
    report = s.sync.run()
    assert report.problems == [
        "copy.md:1: duplicate id 'head0001' (also at git.md)",
        "git.md: duplicate id 'head0001' (also at copy.md:1)",
    ]
    assert report.refused == ["copy.md"]  # git.md was not read: it stays as it is
    assert [d.path for d in s.ctx.cards.decks()] == ["git.md"]
    assert s.study("alice").card("head0001").question == "What is HEAD?"


def test_a_bad_file_costs_only_that_file(s: Services, decks: Path) -> None:
    s.sync.run()
    (decks / "new.md").write_text("Q: no id yet\nA: fine\n")
    broken = GIT.replace("The current commit.", "Edited.").replace("A: the dog\n", "")
    (decks / "git.md").write_text(broken)
    before = (decks / "git.md").read_bytes()
    report = s.sync.run()
    assert report.problems == ["git.md:9: Q: without A: (a basic card needs an answer)"]
    assert report.refused == ["git.md"]
    assert (report.added, report.retired, report.ids_assigned) == (1, 0, 1)
    assert report.written == ["new.md"]
    assert (decks / "git.md").read_bytes() == before  # no id written into a refused file
    card = s.study("alice").card("head0001")
    assert (card.answer, s.ctx.states.get("alice", "perro001:r") is not None) == (
        "The current commit.",
        True,
    )
    assert s.ctx.cards.active_note_ids({d.id for d in s.ctx.cards.decks() if d.path == "git.md"})
    assert s.sync.run().refused == ["git.md"]  # read again: its stat was not recorded


def test_a_bad_file_fixed_later_syncs_normally(s: Services, decks: Path) -> None:
    s.sync.run()
    (decks / "git.md").write_text(GIT + "\nQ: unanswered\n")
    assert s.sync.run().refused == ["git.md"]
    (decks / "git.md").write_text(GIT.replace("The current commit.", "Edited."))
    report = s.sync.run()
    assert (report.problems, report.refused, report.updated) == ([], [], 1)
    assert s.study("alice").card("head0001").answer == "Edited."


def test_a_sync_of_chosen_files_takes_all_or_nothing(
    s: Services, decks: Path, tmp_path: Path
) -> None:
    s.sync.run()
    (decks / "bad.md").write_text("Q: question without answer\n\nC: no deletion here\n")
    (decks / "git.md").write_text(GIT.replace("The current commit.", "Edited."))
    files = _snapshot(decks)
    db = s.ctx.store
    changes = db.conn.total_changes
    with pytest.raises(BadInputError) as raised:
        s.sync.run(only={"bad.md", "git.md"})
    assert all(d.startswith("bad.md:") for d in raised.value.details)
    assert len(raised.value.details) == 2
    assert _snapshot(decks) == files
    assert db.conn.total_changes == changes
    assert s.study("alice").card("head0001").answer == "The current commit."


def test_markup_in_cards_is_stored_as_text(s: Services, decks: Path) -> None:
    hostile = "[@click=app.quit] x [/] y [b]bold[/b] <script>alert(1)</script> \\x1b[31m"
    (decks / "hostile.md").write_text(
        f"Q: {hostile}\nA: [link=https://example.com]x[/link]\n<!-- id: host0001 -->\n"
    )
    s.sync.run()
    card = s.study("alice").card("host0001")
    assert card.question == hostile
    assert card.answer == "[link=https://example.com]x[/link]"


def test_sample_decks_are_valid_and_canonical(sample_decks: Path) -> None:
    from tandem.services.sync.checking import check_paths, format_paths

    assert check_paths([sample_decks], sample_decks) == []
    result = format_paths([sample_decks], sample_decks, write=False)
    assert (result.changed, result.problems) == ([], [])


def test_sample_decks_sync(tmp_path: Path, sample_decks: Path) -> None:
    svc = build_services(
        resolve_paths(decks=sample_decks), db=Store(tmp_path / "s.db"), clock=FrozenClock(START)
    )
    report = svc.sync.run()
    assert report.ids_assigned == 0  # the bundled decks carry their ids
    decks = svc.decks.list()
    assert len(decks) >= 4
    assert sum(d.is_session for d in decks) >= 1
    assert all(d.cards >= 10 for d in decks)
    assert json.dumps([d.title for d in decks])


def test_a_sync_that_finds_nothing_new_loads_no_deck_parser(s: Services, decks: Path) -> None:
    s.sync.run()
    s.close()
    code = (
        "import sys\n"
        "from tandem.config import resolve_paths\n"
        "from tandem.services import build_services\n"
        "report = build_services(resolve_paths(sys.argv[1], sys.argv[2])).sync.run()\n"
        "print(report.changed, report.unchanged, 'tandem.decks.parser' in sys.modules,"
        " 'pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(s.ctx.store.path), str(decks)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.split() == ["False", "3", "False", "False"]


def test_a_file_edited_while_its_cards_are_saved_is_not_overwritten(
    s: Services, decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ids go into the files after every card is saved: an edit made meanwhile must
    # not be replaced by the text read before it.
    from tandem.services.sync.catalog import Catalog

    (decks / "git.md").write_text(GIT + "\nQ: new one\nA: yes\n")
    edited = GIT + "\nQ: new one\nA: yes\n\nQ: typed meanwhile\nA: kept\n"
    save_notes = Catalog.save_notes

    def editing(self: Catalog, notes: list) -> list:  # type: ignore[type-arg]
        (decks / "git.md").write_text(edited)
        return save_notes(self, notes)

    monkeypatch.setattr(Catalog, "save_notes", editing)
    with pytest.raises(BadInputError, match=r"git\.md: changed while the sync"):
        s.sync.run()
    assert (decks / "git.md").read_text() == edited
    assert s.ctx.cards.active_note_count() == 0
    monkeypatch.setattr(Catalog, "save_notes", save_notes)
    report = s.sync.run()
    assert (report.added, report.ids_assigned) == (5, 2)
    text = (decks / "git.md").read_text()
    assert "Q: typed meanwhile\nA: kept\n<!-- id: " in text


def test_a_file_edited_right_after_its_ids_are_written_is_read_again(
    s: Services, decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file's stat is taken after the write: an edit in between must not be recorded
    # as the text the database holds (the next sync would skip it).
    from tandem.config.files import write_atomically

    (decks / "git.md").write_text(GIT + "\nQ: new one\nA: yes\n")

    def write_then_edit(path: Path, data: bytes) -> None:
        write_atomically(path, data)
        path.write_bytes(data + b"\nQ: typed right after\nA: synced next time\n")

    monkeypatch.setattr("tandem.services.sync.id_writing.write_atomically", write_then_edit)
    assert s.sync.run().added == 4
    monkeypatch.setattr("tandem.services.sync.id_writing.write_atomically", write_atomically)
    report = s.sync.run()
    assert (report.added, report.ids_assigned) == (1, 1)
    text = (decks / "git.md").read_text()
    assert re.search(r"Q: typed right after\nA: synced next time\n<!-- id: \w{8} -->\n$", text)


def test_a_file_that_cannot_be_written_stops_the_sync_before_any_file_is_written(
    s: Services, decks: Path
) -> None:
    (decks / "a.md").write_text("Q: first\nA: new\n")
    (decks / "in").mkdir()
    (decks / "in" / "real.md").write_text("Q: second\nA: new\n")
    (decks / "z.md").symlink_to("in/real.md")
    before = {path: path.read_bytes() for path in decks.glob("*.md")}
    with pytest.raises(BadInputError, match=r"z\.md: a symbolic link"):
        s.sync.run()
    assert {path: path.read_bytes() for path in decks.glob("*.md")} == before
    assert s.ctx.cards.active_note_count() == 0
