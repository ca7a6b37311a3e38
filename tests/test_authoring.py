"""Writing in a session: the file and the database change together; ids and history stay."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import BadInputError, FrozenClock, Rating
from tandem.services import Services, build_services
from tandem.services.authoring.writer import CardDraft
from tandem.storage.db import Store


@pytest.fixture
def svc(tmp_path: Path, clock: FrozenClock) -> Services:
    (tmp_path / "decks").mkdir()
    services = build_services(
        resolve_paths(decks=tmp_path / "decks"), db=Store(tmp_path / "a.db"), clock=clock
    )
    services.people.add("alice")
    services.people.add("bob")
    return services


def _start(svc: Services) -> str:
    return svc.authoring.start_session("SQL: window functions!", ["alice", "bob"], ["sql"])


def test_start_session_creates_a_session_log(svc: Services) -> None:
    deck = _start(svc)
    assert deck == "sessions/2026-03-04-sql-window-functions.md"
    text = (svc.paths.decks / deck).read_text()
    assert text == (
        '+++\ntitle = "SQL: window functions!"\ndate = 2026-03-04\n'
        'partners = ["alice", "bob"]\ntags = ["sql"]\n+++\n'
    )
    [info] = svc.decks.list()
    assert info.is_session
    assert _start(svc) == "sessions/2026-03-04-sql-window-functions-2.md"


def test_a_card_written_in_a_session_is_new_for_the_partner(svc: Services) -> None:
    deck = _start(svc)
    card_id = svc.authoring.add_card(
        deck, CardDraft("basic", "What is LAG?", "Previous row"), "alice"
    )
    text = (svc.paths.decks / deck).read_text()
    assert text.endswith(f"Q: What is LAG?\nA: Previous row\n<!-- id: {card_id} · by: alice -->\n")
    quiz = svc.quiz("alice", "bob")
    card = quiz.next_card()
    assert card is not None
    assert (card.key, card.author, card.state.reps) == (card_id, "alice", 0)


def test_cloze_and_reverse_cards(svc: Services) -> None:
    deck = _start(svc)
    cloze = svc.authoring.add_card(deck, CardDraft("cloze", "{{c1::RANK}} leaves gaps"), "bob")
    both = svc.authoring.add_card(
        deck, CardDraft("basic", "el perro", "the dog", reverse=True), "bob"
    )
    keys = {row.card for row in svc.ctx.states.for_person("alice")}
    assert keys == {f"{cloze}:c1", both, f"{both}:r"}


def test_edit_keeps_id_and_history(svc: Services) -> None:
    deck = _start(svc)
    card_id = svc.authoring.add_card(deck, CardDraft("basic", "Q1", "A1", tags=("x",)), "alice")
    svc.study("bob").answer(card_id, Rating.GOOD)
    svc.authoring.edit_card(card_id, CardDraft("basic", "Q1 better", "A1 better", tags=("x",)))
    assert svc.authoring.draft(card_id) == (
        deck,
        CardDraft("basic", "Q1 better", "A1 better", False, ("x",)),
    )
    card = svc.study("bob").card(card_id)
    assert (card.question, card.state.reps) == ("Q1 better", 1)
    assert "by: alice" in (svc.paths.decks / deck).read_text()


def test_notes_are_saved_before_the_cards(svc: Services) -> None:
    deck = _start(svc)
    svc.authoring.add_card(deck, CardDraft("basic", "Q1", "A1"), "alice")
    svc.authoring.set_notes(deck, "## What we covered\n\n- OVER and PARTITION BY\n")
    assert svc.authoring.notes(deck) == "## What we covered\n\n- OVER and PARTITION BY"
    text = (svc.paths.decks / deck).read_text()
    assert text.index("What we covered") < text.index("Q: Q1")
    svc.authoring.set_notes(deck, "Replaced.")
    assert svc.authoring.notes(deck) == "Replaced."
    assert len(svc.decks.list()[0:1]) == 1


def test_saving_notes_keeps_the_comments_written_in_the_front_matter(svc: Services) -> None:
    deck = _start(svc)
    path = svc.paths.decks / deck
    front = (
        '+++\n# Retro on Friday.\ntags = ["sql"]  # one day: "postgres"\n'
        'title = "SQL: window functions!"\n\ndate = 2026-03-04\npartners = ["alice", "bob"]\n+++\n'
    )
    path.write_text(front)
    card_id = svc.authoring.add_card(deck, CardDraft("basic", "Q1", "A1"), "alice")
    svc.authoring.set_notes(deck, "Covered OVER.")
    assert path.read_text() == (
        front + f"\nCovered OVER.\n\nQ: Q1\nA: A1\n<!-- id: {card_id} · by: alice -->\n"
    )


def test_invalid_drafts_change_nothing(svc: Services) -> None:
    deck = _start(svc)
    before = (svc.paths.decks / deck).read_bytes()
    with pytest.raises(BadInputError, match="cloze has no deletion"):
        svc.authoring.add_card(deck, CardDraft("cloze", "no deletion"), "alice")
    with pytest.raises(BadInputError):
        svc.authoring.add_card(deck, CardDraft("basic", "   "), "alice")
    assert (svc.paths.decks / deck).read_bytes() == before
    with pytest.raises(BadInputError, match="not inside the decks folder"):
        svc.authoring.add_card("../escape.md", CardDraft("basic", "q", "a"), "alice")


def test_session_date_can_be_given(svc: Services) -> None:
    deck = svc.authoring.start_session("Retro", ["alice"], date=dt.date(2026, 1, 2))
    assert deck == "sessions/2026-01-02-retro.md"


def test_paragraphs_stay_in_the_card_and_read_the_same(svc: Services) -> None:
    deck = _start(svc)
    answer = "First.\n\nSecond.\n\n```sql\nSELECT 1;\n\nSELECT 2;\n```"
    card_id = svc.authoring.add_card(deck, CardDraft("basic", "Q?", answer), "alice")
    [(listed_id, draft, author)] = svc.authoring.cards(deck)
    assert (listed_id, author) == (card_id, "alice")
    assert draft.answer == "First.\n\n  Second.\n\n  ```sql\nSELECT 1;\n\nSELECT 2;\n```"
    assert svc.study("bob").card(card_id).answer == draft.answer
    assert svc.sync.run().added == 0


def test_a_qa_card_needs_an_answer(svc: Services) -> None:
    deck = _start(svc)
    with pytest.raises(BadInputError, match="needs an answer"):
        svc.authoring.add_card(deck, CardDraft("basic", "Q?", "  \n"), "alice")


def test_a_session_before_the_day_start_is_dated_by_the_study_day(
    svc: Services, clock: FrozenClock
) -> None:
    from tandem.config.settings import PersonSettings

    svc.people.update_settings("alice", PersonSettings(timezone="UTC", day_starts_at_hour=4))
    clock.set(dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC))
    deck = svc.authoring.start_session("Late night", ["alice", "bob"])
    assert deck == "sessions/2026-03-04-late-night.md"
    assert "date = 2026-03-04\n" in (svc.paths.decks / deck).read_text()


def test_a_new_session_file_follows_the_umask(svc: Services) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    os.umask(umask)  # read, and set back
    deck = _start(svc)
    assert stat.S_IMODE((svc.paths.decks / deck).stat().st_mode) == 0o666 & ~umask
