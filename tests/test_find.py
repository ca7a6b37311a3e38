"""Finding cards: full-text search over deck files, suspended cards, unsuspend, the index."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tandem.cli import cli
from tandem.models import NotFoundError, Queue, Rating
from tandem.render.terminal import terminal_line
from tandem.services import Services
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.schema import MIGRATIONS

DECK = """+++
title = "Mixed"
+++

Q: How does `git rebase --onto` work?
A: It replays commits onto another base.
<!-- id: rebase01 · tags: git, history -->

Q: el árbol
A: the tree
<!-- id: arbol001 · reverse -->

C: Window functions run {{c1::after}} `WHERE` and {{c2::before}} `ORDER BY`.
<!-- id: window01 · tags: sql -->

Q: What does NOT do in a query?
A: It negates a condition.
<!-- id: negate01 -->
"""


@pytest.fixture
def decked(svc: Services) -> Services:
    svc.paths.decks.mkdir(parents=True, exist_ok=True)
    (svc.paths.decks / "mixed.md").write_text(DECK, encoding="utf-8")
    svc.people.add("alice")
    svc.sync.run()
    return svc


def _keys(svc: Services, query: str, person: str | None = None) -> list[str]:
    return [found.card.key for found in svc.cards.find(query, person=person)]


def test_words_match_without_case_or_accents_and_as_prefixes(decked: Services) -> None:
    assert _keys(decked, "REBASE") == ["rebase01"]
    assert _keys(decked, "reba") == ["rebase01"]
    assert _keys(decked, "arbol") == ["arbol001", "arbol001:r"]
    assert _keys(decked, "tree") == ["arbol001", "arbol001:r"]
    assert _keys(decked, "history") == ["rebase01"]  # a tag
    assert _keys(decked, "window before") == ["window01:c1", "window01:c2"]
    assert _keys(decked, "window rebase") == []  # every word must match


def test_query_text_is_not_search_syntax(decked: Services) -> None:
    assert _keys(decked, "NOT") == ["negate01"]
    assert _keys(decked, '"a condition"') == ["negate01"]
    assert _keys(decked, '"negates a') == ["negate01"]  # an unbalanced quote
    assert _keys(decked, "AND OR") == ["window01:c1", "window01:c2"]  # and, ORDER
    for query in ("", " ", "*", "-", '"', "NEAR(", "+", "^", "col:umn"):
        assert _keys(decked, query) == [], query


def test_found_cards_show_their_side_and_the_persons_queue(decked: Services) -> None:
    [forward, backward] = decked.cards.find("arbol", person="alice")
    assert (forward.card.question, forward.card.answer) == ("el árbol", "the tree")
    assert (backward.card.question, backward.card.answer) == ("the tree", "el árbol")
    assert forward.queue is Queue.NEW
    assert forward.leech is False
    [window] = decked.cards.find("window after", person=None)[:1]
    assert window.queue is None
    assert "[...]" in window.card.question


def test_edits_and_retirements_reach_the_index(decked: Services) -> None:
    path = decked.paths.decks / "mixed.md"
    text = path.read_text(encoding="utf-8").replace("the tree", "a tall plant")
    path.write_text(text.replace("Q: What does NOT", "Q: What does NEVER"), encoding="utf-8")
    decked.sync.run()
    assert _keys(decked, "tree") == []
    assert _keys(decked, "tall plant") == ["arbol001", "arbol001:r"]
    assert _keys(decked, "never") == ["negate01"]
    gone = "\n".join(text.split("\n")[:-5]) + "\n"  # the last card deleted from the file
    path.write_text(gone, encoding="utf-8")
    decked.sync.run()
    assert _keys(decked, "negates") == []


def test_suspended_cards_are_listed_and_brought_back(decked: Services) -> None:
    session = decked.study("alice")
    session.answer("rebase01", Rating.EASY)
    session.suspend("rebase01")
    session.suspend("arbol001:r")
    [first, second] = decked.cards.suspended("alice")
    assert [first.card.key, second.card.key] == ["rebase01", "arbol001:r"]
    assert first.queue is Queue.SUSPENDED
    assert decked.cards.unsuspend("alice", ["rebase01", "window01:c1"]) == ["rebase01"]
    assert decked.ctx.states.get("alice", "rebase01").queue is Queue.REVIEW  # type: ignore[union-attr]
    assert [f.card.key for f in decked.cards.suspended("alice")] == ["arbol001:r"]
    with pytest.raises(NotFoundError, match="nope"):
        decked.cards.unsuspend("alice", ["arbol001:r", "nope"])
    assert [f.card.key for f in decked.cards.suspended("alice")] == ["arbol001:r"]


def test_doctor_finds_an_index_out_of_step_and_rebuilds_it(decked: Services) -> None:
    conn = decked.ctx.store.conn
    with decked.ctx.store.write():
        rowid, question, answer, tags = conn.execute(
            "SELECT rowid, question, answer, tags FROM notes WHERE id = 'rebase01'"
        ).fetchone()
        conn.execute(
            "INSERT INTO notes_fts (notes_fts, rowid, question, answer, tags) "
            "VALUES ('delete', ?, ?, ?, ?)",
            (rowid, question, answer, tags),
        )
    assert _keys(decked, "rebase") == []
    report = decked.doctor.check()
    assert report.problems["search index out of step with the notes"] == 1
    assert not report.ok
    assert decked.doctor.check(repair=True).ok
    assert decked.doctor.check().ok
    assert _keys(decked, "rebase") == ["rebase01"]


def test_a_schema_3_database_gets_its_index_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2, 3):
        for statement in MIGRATIONS[version]:
            assert isinstance(statement, str)
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO decks (id, path, title) VALUES (1, 'd.md', 'D')")
    conn.execute(
        "INSERT INTO notes (id, deck_id, kind, question, answer, content_hash, position, "
        "created_at, updated_at) VALUES ('abcd1234', 1, 'basic', 'Qué es SQLite?', "
        "'A database in a file', 'h', 1, 'x', 'x')"
    )
    conn.execute(
        "INSERT INTO cards (key, note_id, variant, pos, created_at) "
        "VALUES ('abcd1234', 'abcd1234', '', 1, 'x')"
    )
    conn.close()
    store = Store(path)
    from tandem.storage.search import NotesSearch

    search = store.repo(NotesSearch)
    assert search.note_ids("que sqlite", 10) == ["abcd1234"]
    assert search.index_problem() is None
    store.close()


def test_cli_find_and_unsuspend(tmp_path: Path) -> None:
    runner = CliRunner()
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "mixed.md").write_text(DECK, encoding="utf-8")
    db = ["--db", str(tmp_path / "t.db"), "--decks", str(decks)]
    assert runner.invoke(cli, [*db, "people", "add", "alice"]).exit_code == 0
    assert runner.invoke(cli, [*db, "sync"]).exit_code == 0
    found = runner.invoke(cli, [*db, "find", "reba", "--as", "alice"])
    assert found.exit_code == 0, found.output
    assert found.output == "rebase01  mixed.md  How does `git rebase --onto` work?  [new]\n"
    assert runner.invoke(cli, [*db, "find"]).exit_code == 2
    assert runner.invoke(cli, [*db, "find", "--suspended"]).exit_code == 2
    unknown = runner.invoke(cli, [*db, "unsuspend", "--as", "alice", "zzzz9999"])
    assert unknown.exit_code == 65
    assert "alice has no card zzzz9999" in unknown.output
    listed = runner.invoke(cli, [*db, "find", "--suspended", "--as", "alice", "--json"])
    assert listed.output.strip() == "[]"
    back = runner.invoke(cli, [*db, "unsuspend", "--as", "alice", "rebase01"])
    assert back.output == "rebase01: was not suspended\n"


@given(st.text())
def test_a_terminal_line_holds_no_control_or_format_character(text: str) -> None:
    line = terminal_line(text, 40)
    assert len(line) <= 40
    hidden = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    joiners = {"\u200c", "\u200d"}  # kept: emoji and several scripts need them
    assert all(unicodedata.category(c) not in hidden or c in joiners for c in line)
    assert "\n" not in line


def test_a_terminal_line_keeps_the_words_and_shows_control_characters_escaped() -> None:
    line = terminal_line("a\x1b]0;PWNED\x07b \u202eevil\n  next", 60)
    assert line == "a\\x1b]0;PWNED\\x07b \\u202eevil next"
    assert terminal_line("x" * 80, 10) == "x" * 9 + "…"
