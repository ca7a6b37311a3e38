"""Editing a card: from the review screen, same id and history, the new text shown at once."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from tandem.models import Rating
from tandem.services import Services
from tandem.services.authoring.writer import CardDraft
from tandem.tui.screens.card_editor import CardEditorScreen
from tandem.tui.screens.review import ReviewScreen
from tandem.tui.widgets.editor import CardForm
from tandem.tui.widgets.editor_text import from_markdown, to_markdown

from .conftest import SIZE, make_app, screen_text, shown_question


@pytest.fixture
def session(svc: Services) -> tuple[Services, str, str]:
    """alice and bob; bob has reviewed the one card of a session log once."""
    svc.paths.decks.mkdir(parents=True, exist_ok=True)
    svc.people.add("alice")
    svc.people.add("bob")
    deck = svc.authoring.start_session("Git", ["alice", "bob"])
    card_id = svc.authoring.add_card(
        deck, CardDraft("basic", "Old question", "Old answer"), "alice"
    )
    svc.study("alice").answer(card_id, Rating.AGAIN)
    return svc, deck, card_id


async def test_edit_from_the_review_keeps_id_and_history(
    session: tuple[Services, str, str],
) -> None:
    svc, deck, card_id = session
    app = make_app(svc, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_question(app) == "Old question"
        await pilot.press("space", "e")
        await pilot.pause()
        assert isinstance(app.screen, CardEditorScreen)
        assert app.screen.query_one("#editor-answer", TextArea).text == "Old answer"
        app.screen.query_one("#editor-question", TextArea).load_text("New *question*")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert shown_question(app) == "New *question*"
        assert "New question" in screen_text(app)
        assert app.screen.phase == "back"  # still revealed, as it was
    text = (svc.paths.decks / deck).read_text(encoding="utf-8")
    assert f"Q: New *question*\nA: Old answer\n<!-- id: {card_id} · by: alice -->" in text
    assert [r.rating for r in svc.ctx.reviews.for_card("alice", card_id)] == [Rating.AGAIN]
    assert svc.study("alice").card(card_id).state.reps == 1


async def test_an_invalid_edit_is_shown_in_the_editor(session: tuple[Services, str, str]) -> None:
    svc, deck, _ = session
    before = (svc.paths.decks / deck).read_bytes()
    app = make_app(svc, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#editor-cloze").value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CardEditorScreen)
        assert "cloze has no deletion" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        assert shown_question(app) == "Old question"
    assert (svc.paths.decks / deck).read_bytes() == before


async def test_external_editor_text_comes_back_into_the_form(
    session: tuple[Services, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    svc, _, card_id = session
    seen: list[str] = []

    def fake_editor(_self: CardEditorScreen, command: list[str], text: str) -> str:
        seen.append(text)
        return text.replace("Old question", "Edited\n  in vim")

    monkeypatch.setenv("EDITOR", "vim -n")
    monkeypatch.setattr(CardEditorScreen, "_run_editor", fake_editor)
    app = make_app(svc, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen.query_one(CardForm).draft() == CardDraft(
            "basic", "Edited\n  in vim", "Old answer", False, ()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "Q: Old question\nA: Old answer" in seen[0]
    assert svc.authoring.draft(card_id)[1].question == "Edited\n  in vim"


def test_markdown_round_trip() -> None:
    draft = CardDraft("basic", "Q\n  more", "A", reverse=True, tags=("git", "sql"))
    assert from_markdown(to_markdown(draft)) == draft
    cloze = CardDraft("cloze", "{{c1::x}} y", "")
    assert from_markdown(to_markdown(cloze)) == cloze
    assert from_markdown("C: {{c1::a}}\nA: extra\n").answer == "extra"
