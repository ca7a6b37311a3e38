"""Focused study: a sitting that reads only the cards a search, deck or tag picks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from tandem.cli import cli
from tandem.cli.study import focus_query
from tandem.models import BadInputError, Rating
from tandem.models.card_query import All, Field, Filter, parse_query
from tandem.services import Services

from .conftest import add_notes


@pytest.fixture
def two_decks(svc: Services) -> Services:
    svc.people.add("alice")
    add_notes(svc, 3, deck="spanish.md", prefix="es")
    add_notes(svc, 3, deck="git.md", prefix="gt", reverse=True)
    return svc


def _study_all(svc: Services, search: str | None) -> list[str]:
    session = svc.study("alice", search=search)
    shown = []
    while (card := session.next_card()) is not None:
        shown.append(card.key)
        session.answer(card.key, Rating.EASY)
    return shown


def test_a_focused_sitting_shows_and_counts_only_what_the_search_picks(
    two_decks: Services,
) -> None:
    session = two_decks.study("alice", search="deck:git")
    assert session.counts().new == 6
    assert _study_all(two_decks, "deck:spanish") == ["es0000", "es0001", "es0002"]
    assert _study_all(two_decks, "kind:reverse card:gt0001*") == ["gt0001:r"]
    assert two_decks.study("alice").counts().new == 4  # git.md but gt0001, a buried sibling
    assert two_decks.study("alice", search="deck:spanish").counts().total == 0


def test_siblings_and_limits_hold_in_a_focused_sitting(two_decks: Services) -> None:
    session = two_decks.study("alice", search="deck:git")
    first = session.next_card()
    assert first is not None
    session.answer(first.key, Rating.GOOD)
    shown = [first.key]
    while (card := session.next_card()) is not None and card.key not in shown:
        shown.append(card.key)
        session.answer(card.key, Rating.GOOD)
    assert f"{first.key}:r" not in shown  # its reverse waits for the next day


def test_an_unreadable_search_is_refused(two_decks: Services) -> None:
    with pytest.raises(BadInputError, match="'\\(' without its '\\)'"):
        two_decks.study("alice", search="(deck:git")


def test_deck_and_tag_options_make_one_query() -> None:
    assert focus_query(None, None, None) is None
    assert focus_query("is:due", "my deck", 'say "hi"') == (
        '(is:due) deck:"my deck" tag:"say \\"hi\\""'
    )
    # as a person would type it (the review screen shows it): no parentheses around a search
    # alone, no quotes around a value that needs none
    assert focus_query("tag:a or tag:b", None, None) == "tag:a or tag:b"
    assert focus_query(None, "git/*.md", "sql-basics") == "deck:git/*.md tag:sql-basics"
    assert focus_query(None, "a:b", None) == 'deck:"a:b"'


def test_review_refuses_a_bad_search_before_the_screen_opens(tmp_path: object) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["people", "add", "alice"]).exit_code == 0
    refused = runner.invoke(cli, ["review", "--as", "alice", "--search", "is:sleepy"])
    assert refused.exit_code == 65
    assert "unknown 'is:sleepy'" in refused.output


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_a_deck_or_tag_option_is_read_back_exactly_whatever_it_holds(value: str) -> None:
    """Quotes, backslashes, spaces, parentheses, ``or``: the query holds the value as given."""
    assume(value.strip())
    query = focus_query(None, value, None)
    assert query is not None
    assert parse_query(query) == Filter(Field.DECK, value)
    both = focus_query("x", value, value)
    assert both is not None
    term = parse_query(both)
    assert isinstance(term, All)
    assert term.terms[1:] == (Filter(Field.DECK, value), Filter(Field.TAG, value))


def test_a_deck_named_with_a_quote_is_studied_alone(svc: Services) -> None:
    svc.people.add("alice")
    add_notes(svc, 2, deck='say "hi".md', prefix="q")
    add_notes(svc, 2, deck="say hi.md", prefix="p")
    add_notes(svc, 2, deck='say "hi" again.md', prefix="r")
    query = focus_query(None, 'say "hi"', None)
    assert query == 'deck:"say \\"hi\\""'
    assert _study_all(svc, query) == ["q0000", "q0001"]
    by_path = focus_query(None, 'say "hi".md', None)
    assert by_path is not None
    assert [found.card.key for found in svc.cards.find(by_path)] == ["q0000", "q0001"]
