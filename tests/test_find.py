"""Finding cards: the search language over deck files, flags set on what it finds, the index."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.models import BadInputError, FrozenClock, Queue, Rating
from tandem.models.card_query import Order, Sort
from tandem.render.terminal import terminal_line
from tandem.services import Services, build_services
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
    assert _keys(decked, "") == ["rebase01", "arbol001", "arbol001:r", "window01:c1",
                                 "window01:c2", "negate01"]  # fmt: skip


def test_filters_negation_and_alternatives(decked: Services) -> None:
    assert _keys(decked, "tag:git") == ["rebase01"]
    assert _keys(decked, "tag:SQ*") == ["window01:c1", "window01:c2"]
    assert _keys(decked, "kind:cloze") == ["window01:c1", "window01:c2"]
    assert _keys(decked, "kind:reverse") == ["arbol001:r"]
    assert _keys(decked, "card:arbol*") == ["arbol001", "arbol001:r"]
    assert _keys(decked, "deck:mixed") == _keys(decked, "deck:Mix*") == _keys(decked, "")
    assert _keys(decked, "deck:other") == []
    assert _keys(decked, "-kind:cloze -card:arbol*") == ["rebase01", "negate01"]
    assert _keys(decked, "tag:git or kind:reverse") == ["rebase01", "arbol001:r"]
    assert _keys(decked, "(tag:git or tag:sql) -window") == ["rebase01"]
    assert _keys(decked, "tag:50%_off") == []  # LIKE's own wildcards are plain text


def test_query_text_is_not_sql_or_fts_syntax(decked: Services) -> None:
    assert _keys(decked, '"NOT do"') == ["negate01"]
    assert _keys(decked, '"a condition"') == ["negate01"]
    assert _keys(decked, "AND") == ["window01:c1", "window01:c2"]  # a word, not an operator
    assert _keys(decked, "reba\x00") == ["rebase01"]  # a NUL would end FTS5's string
    assert _keys(decked, "\x00\x1b") == []
    for query in (
        "*",
        "NEAR",
        "^",
        "col:umn",
        '"x\'); DROP TABLE notes; --"',
        "tag:x';--",
        'deck:"x\\"',
    ):
        assert _keys(decked, query) == [], query
    assert _keys(decked, "rebase") == ["rebase01"]


def test_unreadable_queries_are_refused_with_where(decked: Services) -> None:
    for query, says in [
        ("(rebase", "'(' without its ')'"),
        ("rebase)", "unexpected ')'"),
        ("is:sleepy", "unknown 'is:sleepy'"),
        ("tag:", "tag: needs a value"),
        ("rebase or", "nothing on one side of 'or'"),
        ("-", "'-' needs a term"),
        ("(" * 40 + "x" + ")" * 40, "more than 32 levels"),
        ("x" * 2001, "longer than 2000"),
        ("is:new", "need a person"),
    ]:
        with pytest.raises(BadInputError, match=re.escape(says)):
            decked.cards.find(query)


def test_found_cards_show_their_side_and_the_persons_queue(decked: Services) -> None:
    [forward, backward] = decked.cards.find("arbol", person="alice")
    assert (forward.card.question, forward.card.answer) == ("el árbol", "the tree")
    assert (backward.card.question, backward.card.answer) == ("the tree", "el árbol")
    assert forward.queue is Queue.NEW
    assert forward.leech is False
    [window] = decked.cards.find("window after")[:1]
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


def test_states_and_flags_for_one_person(decked: Services, clock: FrozenClock) -> None:
    decked.people.add("bob")
    session = decked.study("alice")
    session.answer("rebase01", Rating.EASY)
    session.answer("arbol001", Rating.AGAIN)
    assert _keys(decked, "is:review", "alice") == ["rebase01"]
    assert _keys(decked, "is:learn", "alice") == ["arbol001"]
    assert _keys(decked, "is:due", "alice") == ["arbol001"]  # rebase01 is due in days
    assert _keys(decked, "is:buried", "alice") == ["arbol001:r"]  # its sibling was answered
    assert _keys(decked, "is:new", "bob") == _keys(decked, "")
    assert decked.cards.suspend("alice", "tag:git or kind:reverse") == ["rebase01", "arbol001:r"]
    assert decked.cards.suspend("alice", "tag:git") == []  # already suspended
    assert _keys(decked, "is:suspended", "alice") == ["rebase01", "arbol001:r"]
    assert _keys(decked, "is:suspended", "bob") == []
    assert decked.cards.bury("alice", "kind:cloze") == ["window01:c1", "window01:c2"]
    assert _keys(decked, "is:buried -is:suspended", "alice") == ["window01:c1", "window01:c2"]
    assert decked.study("alice").counts().new == 1  # negate01 only: arbol001:r is suspended
    assert decked.cards.unsuspend("alice", "is:suspended") == ["rebase01", "arbol001:r"]
    row = decked.ctx.states.get("alice", "rebase01")
    assert row is not None
    assert row.queue is Queue.REVIEW
    assert decked.cards.unbury("alice", "") == ["arbol001:r", "window01:c1", "window01:c2"]
    assert decked.study("alice").counts().new == 4
    clock.advance(days=1)
    assert decked.cards.bury("alice", "card:negate01") == ["negate01"]
    clock.advance(days=1)
    assert decked.study("alice").counts().new == 4  # the burial ended with the day


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
    assert _keys(decked, "tag:git") == ["rebase01"]  # filters do not need the index
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

    assert store.repo(NotesSearch).index_problem() is None
    found = store.conn.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'que sqlite'")
    assert found.fetchall() == [(1,)]
    store.close()


def test_cli_find_and_unsuspend(tmp_path: Path) -> None:
    runner = CliRunner()
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "mixed.md").write_text(DECK, encoding="utf-8")
    db = ["--db", str(tmp_path / "t.db"), "--decks", str(decks)]
    assert runner.invoke(cli, [*db, "people", "add", "alice"]).exit_code == 0
    assert runner.invoke(cli, [*db, "sync"]).exit_code == 0
    for args in (
        ["reba", "--as", "alice"],
        ["--as", "alice", "reba"],
        ["list", "reba", "--as", "alice"],
    ):
        found = runner.invoke(cli, [*db, "cards", *args])
        assert found.exit_code == 0, found.output
        assert found.output == "rebase01  mixed.md  How does git rebase --onto work?  [new]\n"
    suspended = runner.invoke(
        cli, [*db, "cards", "suspend", "tag:git", "kind:basic", "--as", "alice"]
    )
    assert suspended.output == "1 card suspended\n"
    listed = runner.invoke(cli, [*db, "cards", "-is:new", "--as", "alice", "--json"])
    assert [card["key"] for card in json.loads(listed.output)] == ["rebase01"]
    assert json.loads(listed.output)[0]["queue"] == "suspended"
    back = runner.invoke(
        cli, [*db, "cards", "unsuspend", "is:suspended", "--as", "alice", "--json"]
    )
    assert json.loads(back.output) == {"unsuspend": ["rebase01"]}
    refused = runner.invoke(cli, [*db, "cards", "is:new"])
    assert refused.exit_code == 65
    assert "is: terms need a person" in refused.output
    assert runner.invoke(cli, [*db, "cards", "suspend", "x"]).exit_code == 2  # no --as
    limited = runner.invoke(cli, [*db, "cards", "--limit", "2"])
    assert limited.output.count("\n") == 3  # two cards and the note that more exist


def test_cli_sort(tmp_path: Path, clock: FrozenClock) -> None:
    runner = CliRunner()
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "mixed.md").write_text(DECK, encoding="utf-8")
    db = ["--db", str(tmp_path / "t.db"), "--decks", str(decks)]
    assert runner.invoke(cli, [*db, "people", "add", "alice"]).exit_code == 0
    assert runner.invoke(cli, [*db, "sync"]).exit_code == 0
    svc = build_services(resolve_paths(tmp_path / "t.db", decks))
    svc.study("alice").answer("negate01", Rating.EASY)
    svc.close()
    # "due" here is the value of --sort, not the command ``cards due``
    found = runner.invoke(cli, [*db, "cards", "--sort", "due", "--as", "alice", "--json"])
    assert found.exit_code == 0, found.output
    assert [card["key"] for card in json.loads(found.output)][:2] == ["negate01", "rebase01"]
    refused = runner.invoke(cli, [*db, "cards", "--sort", "due"])
    assert refused.exit_code == 65
    assert "sort: due is a person's" in refused.output


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


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["(", ")", "-", "or", "OR", '"', "*", ":", "is:new", "deck:m*"]),
            st.text(min_size=1, max_size=8),
        ),
        max_size=12,
    ).map(" ".join)
)
def test_any_query_is_read_or_refused_never_a_crash(decked: Services, query: str) -> None:
    refused: list[str] = []
    try:
        found = decked.cards.find(query, person="alice")
    except BadInputError as error:
        refused.append(error.message)
        found = []
    assert all(message.startswith("search: ") for message in refused)
    assert {item.card.key for item in found} <= set(_keys(decked, ""))


def _sorted_keys(svc: Services, query: str, order: Order, limit: int = 200) -> list[str]:
    return [f.card.key for f in svc.cards.find(query, person="alice", order=order, limit=limit)]


def _studied(svc: Services, clock: FrozenClock) -> Services:
    """alice's answers: rebase01 twice (a lapse), arbol001 once Easy, window01:c1 Good."""
    study = svc.study("alice")
    study.answer("rebase01", Rating.GOOD)
    study.answer("arbol001", Rating.EASY)
    clock.advance(days=2)
    study.answer("window01:c1", Rating.GOOD)
    clock.advance(days=5)
    study.answer("rebase01", Rating.AGAIN)
    clock.advance(days=1)
    return svc


def test_sorts_by_each_state_value_with_new_cards_last(
    decked: Services, clock: FrozenClock
) -> None:
    svc = _studied(decked, clock)
    rows = {row.card: row for row in svc.ctx.states.for_person("alice")}
    reviewed = [k for k, r in rows.items() if r.memory.reps]
    new = ["arbol001:r", "window01:c2", "negate01"]  # in deck order, after the others
    for sort, value in [
        (Sort.DUE, lambda k: rows[k].memory.due),
        (Sort.STABILITY, lambda k: rows[k].memory.stability),
        (Sort.DIFFICULTY, lambda k: rows[k].memory.difficulty),
        (Sort.LAST_REVIEW, lambda k: rows[k].memory.last_review),
        (Sort.INTERVAL, lambda k: rows[k].memory.due - rows[k].memory.last_review),
    ]:
        keys = _sorted_keys(svc, "", Order(sort))
        assert keys == [*sorted(reviewed, key=value), *new], sort
        down = _sorted_keys(svc, "", Order(sort, descending=True))
        assert down == [*sorted(reviewed, key=value, reverse=True), *new], sort
    lapses = _sorted_keys(svc, "", Order(Sort.LAPSES, descending=True))
    assert (set(lapses[:3]), lapses[3:]) == (set(reviewed), new)


def test_retrievability_sort_puts_the_likeliest_forgotten_first(
    decked: Services, clock: FrozenClock
) -> None:
    svc = _studied(decked, clock)
    now = clock.now()
    rows = {row.card: row for row in svc.ctx.states.for_person("alice") if row.memory.reps}

    def elapsed_over_stability(key: str) -> float:
        memory = rows[key].memory
        assert memory.last_review is not None
        assert memory.stability is not None
        return (now - memory.last_review).total_seconds() / memory.stability

    expected = sorted(rows, key=elapsed_over_stability, reverse=True)
    assert _sorted_keys(svc, "", Order(Sort.RETRIEVABILITY))[:3] == expected
    assert (
        _sorted_keys(svc, "", Order(Sort.RETRIEVABILITY, descending=True))[:3] == (expected[::-1])
    )


def test_a_sort_keeps_to_the_query_and_the_limit(decked: Services, clock: FrozenClock) -> None:
    svc = _studied(decked, clock)
    by_due = sorted(["rebase01", "arbol001"], key=lambda k: svc.ctx.states.get("alice", k).due)  # type: ignore[union-attr]
    assert _sorted_keys(svc, "rebase or tree", Order(Sort.DUE)) == [*by_due, "arbol001:r"]
    assert _sorted_keys(svc, "tree", Order(Sort.LAPSES)) == ["arbol001", "arbol001:r"]
    assert (
        _sorted_keys(svc, "-is:new", Order(Sort.DUE), limit=2)
        == _sorted_keys(svc, "", Order(Sort.DUE))[:2]
    )
    assert _sorted_keys(svc, "-is:learn -is:review", Order(Sort.DUE)) == [
        "arbol001:r",
        "window01:c2",
        "negate01",
    ]  # buried siblings and a new card: no due date, in deck order
    with pytest.raises(BadInputError, match="sort: due is a person's"):
        svc.cards.find("", order=Order(Sort.DUE))


def test_a_state_only_sort_leaves_out_retired_cards_and_absent_decks(
    decked: Services, clock: FrozenClock
) -> None:
    svc = _studied(decked, clock)
    assert "rebase01" in _sorted_keys(svc, "-is:new", Order(Sort.RETRIEVABILITY))
    svc.cards.retire_cards(["rebase01"])
    for sort in (Sort.RETRIEVABILITY, Sort.DUE):
        keys = _sorted_keys(svc, "-is:new", Order(sort))
        assert "rebase01" not in keys
        assert "arbol001" in keys
    (svc.paths.decks / "mixed.md").unlink()
    svc.sync.run(retire=True)
    assert _sorted_keys(svc, "", Order(Sort.RETRIEVABILITY)) == []


def test_a_new_card_set_due_sorts_by_its_date_and_has_no_interval(
    decked: Services, clock: FrozenClock
) -> None:
    """A never-answered card given a due date (a review card without an answer) sorts by
    that date, and among the cards without an interval (after the others, in deck order)."""
    svc = _studied(decked, clock)
    due = svc.cards.due_on("alice", days=30)
    assert svc.cards.set_due("alice", ["negate01"], due) == ["negate01"]
    rows = {row.card: row for row in svc.ctx.states.for_person("alice")}
    reviewed = [k for k, r in rows.items() if r.memory.reps]
    by_due = _sorted_keys(svc, "", Order(Sort.DUE))
    assert by_due == [*sorted([*reviewed, "negate01"], key=lambda k: rows[k].memory.due), *[
        "arbol001:r", "window01:c2"
    ]]  # fmt: skip
    by_interval = _sorted_keys(svc, "", Order(Sort.INTERVAL))
    interval = {k: rows[k].memory.due - rows[k].memory.last_review for k in reviewed}
    assert by_interval == [*sorted(reviewed, key=interval.__getitem__), *[
        "arbol001:r", "window01:c2", "negate01"
    ]]  # fmt: skip
