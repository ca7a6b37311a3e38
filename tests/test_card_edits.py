"""Tags added and taken off, and cards retired, by a search: written into the deck files
(ids and every other byte kept), then synced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.models import BadInputError, Queue, Rating
from tandem.services import Services

DECK = """+++
title = "Mixed"
tags = ["deck-tag"]
+++

Notes before the cards.

Q: first question
A: first answer
<!-- id: aaaa0001 · by: alice · tags: old -->

Q: second question
A: second answer
<!-- id: aaaa0002 · reverse -->

C: a {{c1::cloze}} card
<!-- id: aaaa0003 -->
"""


@pytest.fixture
def decked(svc: Services) -> Services:
    svc.paths.decks.mkdir(parents=True, exist_ok=True)
    (svc.paths.decks / "mixed.md").write_text(DECK, encoding="utf-8")
    svc.people.add("alice")
    svc.sync.run()
    return svc


def _file(svc: Services) -> str:
    return (svc.paths.decks / "mixed.md").read_text(encoding="utf-8")


def test_tags_are_written_into_the_meta_lines(decked: Services) -> None:
    assert decked.cards.tag("question", ["exam"], ["old"]) == ["aaaa0001", "aaaa0002"]
    assert _file(decked) == DECK.replace(
        "<!-- id: aaaa0001 · by: alice · tags: old -->",
        "<!-- id: aaaa0001 · by: alice · tags: exam -->",
    ).replace("<!-- id: aaaa0002 · reverse -->", "<!-- id: aaaa0002 · tags: exam · reverse -->")
    # the database follows the file: both cards of the reversed note, by their tag
    found = [f.card.key for f in decked.cards.find("tag:exam")]
    assert found == ["aaaa0001", "aaaa0002", "aaaa0002:r"]
    assert decked.cards.find("tag:old") == []
    assert decked.cards.tag("tag:exam", ["exam"], []) == []  # nothing to change: untouched


def test_a_deck_tag_stays_and_a_bad_tag_is_refused(decked: Services) -> None:
    assert decked.cards.tag("cloze", [], ["deck-tag"]) == []
    assert _file(decked) == DECK
    with pytest.raises(BadInputError, match="a tag has no whitespace"):
        decked.cards.tag("cloze", ["two words"], [])
    assert _file(decked) == DECK


def test_retire_takes_the_note_out_and_keeps_its_history(decked: Services) -> None:
    decked.study("alice").answer("aaaa0002", Rating.GOOD)
    assert decked.cards.retire("second", person="alice") == ["aaaa0002"]
    assert _file(decked) == DECK.replace(
        "Q: second question\nA: second answer\n<!-- id: aaaa0002 · reverse -->\n\n", ""
    )
    assert [f.card.key for f in decked.cards.find("")] == ["aaaa0001", "aaaa0003:c1"]
    row = decked.ctx.states.get("alice", "aaaa0002")
    assert row is not None
    assert row.queue is Queue.RETIRED
    assert [r.rating for r in decked.cards.history("aaaa0002")] == [Rating.GOOD]
    # put back with its id, the card returns with its history
    (decked.paths.decks / "mixed.md").write_text(DECK, encoding="utf-8")
    decked.sync.run()
    row = decked.ctx.states.get("alice", "aaaa0002")
    assert row is not None
    assert row.queue is Queue.LEARN
    with pytest.raises(BadInputError, match="retire: give a query"):
        decked.cards.retire("  ")


def test_retire_the_last_card(decked: Services) -> None:
    assert decked.cards.retire("cloze") == ["aaaa0003"]
    assert _file(decked) == DECK.replace("\nC: a {{c1::cloze}} card\n<!-- id: aaaa0003 -->\n", "")


def test_cli_tag_and_retire(tmp_path: Path) -> None:
    runner = CliRunner()
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "mixed.md").write_text(DECK, encoding="utf-8")
    db = ["--db", str(tmp_path / "t.db"), "--decks", str(decks)]
    assert runner.invoke(cli, [*db, "people", "add", "alice"]).exit_code == 0
    assert runner.invoke(cli, [*db, "sync"]).exit_code == 0
    done = runner.invoke(cli, [*db, "cards", "tag", "first", "--add", "exam", "--as", "alice"])
    assert (done.exit_code, done.output) == (0, "1 note retagged\n")
    assert "<!-- id: aaaa0001 · by: alice · tags: old, exam -->" in (decks / "mixed.md").read_text()
    assert runner.invoke(cli, [*db, "cards", "tag", "first"]).exit_code == 2  # no --add/--remove
    gone = runner.invoke(cli, [*db, "cards", "retire", "tag:exam", "--json"])
    assert json.loads(gone.output) == {"retire": ["aaaa0001"]}
    assert "aaaa0001" not in (decks / "mixed.md").read_text()
    assert runner.invoke(cli, [*db, "cards", "retire"]).exit_code == 65
