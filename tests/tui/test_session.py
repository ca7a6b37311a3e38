"""Sessions: start one from home, write cards and notes; the file and the database agree."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, SelectionList, TextArea

from tandem.services import Services
from tandem.services.authoring.writer import CardDraft
from tandem.tui import TandemApp
from tandem.tui.screens.card_editor import CardEditorScreen
from tandem.tui.screens.home import HomeScreen
from tandem.tui.screens.session import SessionScreen
from tandem.tui.screens.session_picker import SessionPickerScreen
from tandem.tui.screens.start_session import StartSessionScreen
from tandem.tui.widgets.editor import CardForm
from tandem.tui.widgets.editor_list import WrittenCards

from .conftest import SIZE, make_app, screen_text


@pytest.fixture
def pair(svc: Services) -> Services:
    svc.paths.decks.mkdir(parents=True, exist_ok=True)
    svc.people.add("alice")
    svc.people.add("bob")
    return svc


def _file(svc: Services, deck: str) -> str:
    return (svc.paths.decks / deck).read_text(encoding="utf-8")


async def _type(app: TandemApp, selector: str, text: str) -> None:
    area = app.screen.query_one(selector, TextArea)
    area.load_text(text)


@pytest.mark.slow  # a long pilot run: home, the new-session dialog, the session writing cards
async def test_start_a_session_from_home_and_write_cards(pair: Services) -> None:
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, StartSessionScreen)
        await pilot.press(*"SQL windows", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        deck = screen.deck
        assert deck.startswith("sessions/")
        assert deck.endswith("-sql-windows.md")
        assert 'partners = ["alice", "bob"]' in _file(pair, deck)

        await _type(app, "#editor-question", "What does LAG() return?")
        await _type(app, "#editor-answer", "The previous row's value")
        await pilot.press("ctrl+enter")
        await pilot.pause()
        screen.query_one("#editor-cloze").value = True
        await pilot.pause()
        assert screen.query_one(CardForm).kind == "cloze"
        assert not screen.query_one("#editor-reverse").display
        await _type(app, "#editor-question", "{{c1::RANK}} leaves gaps")
        await pilot.click("#session-add")
        await pilot.pause()

        text = _file(pair, deck)
        assert "Q: What does LAG() return?\nA: The previous row's value\n<!-- id: " in text
        assert "C: {{c1::RANK}} leaves gaps\n<!-- id: " in text
        assert text.count("by: alice") == 2
        assert screen.query_one(WrittenCards).option_count == 2
        assert screen.query_one(TextArea).text == ""  # the notes, untouched
        assert screen.query_one("#editor-question", TextArea).text == ""

    [info] = pair.decks.list()
    assert (info.cards, info.is_session) == (2, True)
    assert len(pair.ctx.cards.note_ids()) == 2
    assert pair.study("bob").counts().new == 2
    card = pair.study("bob").next_card()
    assert card is not None
    assert card.author == "alice"
    assert card.state.reps == 0


async def test_the_author_is_the_partner_picked(pair: Services) -> None:
    deck = pair.authoring.start_session("Spanish", ["alice", "bob"])
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SessionScreen(pair, deck))
        await pilot.pause()
        app.screen.query_one("#editor-author").value = "bob"
        await _type(app, "#editor-question", "el perro")
        await _type(app, "#editor-answer", "the dog")
        app.screen.query_one("#editor-reverse").value = True
        app.screen.query_one("#editor-tags", Input).value = "animals, nouns"
        await pilot.press("ctrl+enter")
        await pilot.pause()
    assert "<!-- id: " in _file(pair, deck)
    assert "· by: bob · tags: animals, nouns · reverse -->" in _file(pair, deck)
    assert pair.study("alice").counts().new == 2  # forward and reverse


async def test_notes_are_saved_before_the_cards(pair: Services) -> None:
    deck = pair.authoring.start_session("Git", ["alice"])
    pair.authoring.add_card(deck, CardDraft("basic", "Q1", "A1"), "alice")
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SessionScreen(pair, deck))
        await pilot.pause()
        await _type(app, "#session-notes", "## Covered\n\n- rebase --onto")
        await pilot.pause()
        assert "not saved" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not saved" not in screen_text(app)
    text = _file(pair, deck)
    assert text.index("## Covered") < text.index("Q: Q1")
    assert pair.authoring.notes(deck) == "## Covered\n\n- rebase --onto"


async def test_unsaved_notes_are_saved_when_leaving(pair: Services) -> None:
    deck = pair.authoring.start_session("Git", ["alice"])
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SessionScreen(pair, deck))
        await pilot.pause()
        await _type(app, "#session-notes", "Left in a hurry")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert pair.authoring.notes(deck) == "Left in a hurry"


async def test_an_invalid_card_shows_why_and_writes_nothing(pair: Services) -> None:
    deck = pair.authoring.start_session("Git", ["alice"])
    before = _file(pair, deck)
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SessionScreen(pair, deck))
        await pilot.pause()
        app.screen.query_one("#editor-cloze").value = True
        await _type(app, "#editor-question", "no deletion here")
        await pilot.press("ctrl+enter")
        await pilot.pause()
        assert "cloze has no deletion" in screen_text(app)
        assert app.screen.query_one(CardForm).has_class("-invalid")
        assert app.screen.query_one("#editor-question", TextArea).text == "no deletion here"
        # a draft not added yet is not dropped by the first escape
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen)
    assert _file(pair, deck) == before
    assert pair.ctx.cards.note_ids() == set()


@pytest.mark.slow  # a long pilot run: home, the session picker, the session, the card editor
async def test_continue_a_session_and_edit_a_card_from_its_list(pair: Services) -> None:
    deck = pair.authoring.start_session("Git", ["alice", "bob"])
    card_id = pair.authoring.add_card(deck, CardDraft("basic", "Old", "A"), "bob")
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, SessionPickerScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        app.screen.query_one(WrittenCards).focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CardEditorScreen)
        await _type(app, "#editor-question", "New")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert "Q: New" in screen_text(app)
    assert pair.authoring.draft(card_id)[1].question == "New"
    assert "by: bob" in _file(pair, deck)


async def test_no_sessions_yet_says_how_to_start_one(pair: Services) -> None:
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert "No sessions yet. Press n to start a session." in screen_text(app)
        assert not app.screen.query_one(OptionList).display
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StartSessionScreen)


async def test_starting_a_session_needs_a_title_and_partners(pair: Services) -> None:
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        await pilot.pause()
        assert "Give the session a title." in screen_text(app)
        app.screen.query_one(SelectionList).deselect_all()
        await pilot.press(*"Retro", "enter")
        await pilot.pause()
        assert "Pick who takes part" in screen_text(app)
        assert isinstance(app.screen, StartSessionScreen)
    assert pair.decks.list() == []


async def test_quit_saves_the_notes_first(pair: Services) -> None:
    deck = pair.authoring.start_session("Git", ["alice"])
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SessionScreen(pair, deck))
        await pilot.pause()
        await _type(app, "#session-notes", "Written just before quitting")
        app.screen.query_one("#editor-reverse").focus()  # a checkbox: `q` is not text here
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert pair.authoring.notes(deck) == "Written just before quitting"


@pytest.mark.parametrize("quit_key", ["q", "ctrl+q"])
async def test_quit_with_a_card_not_added_asks_first(pair: Services, quit_key: str) -> None:
    deck = pair.authoring.start_session("Git", ["alice"])
    before = _file(pair, deck)
    app = make_app(pair)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(SessionScreen(pair, deck))
        await pilot.pause()
        await _type(app, "#editor-question", "Half a thought")
        app.screen.query_one("#editor-reverse").focus()
        await pilot.press(quit_key)
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, SessionScreen)
        assert "This card is not added yet: ctrl+enter adds it; quit" in screen_text(app)
        assert app.screen.query_one("#editor-question", TextArea).text == "Half a thought"
        await pilot.press(quit_key)
        await pilot.pause()
        assert not app.is_running
    assert _file(pair, deck) == before  # the draft was left on purpose, nothing else changed


async def test_quit_with_an_edit_not_saved_asks_first(pair: Services) -> None:
    deck = pair.authoring.start_session("Git", ["alice"])
    card_id = pair.authoring.add_card(deck, CardDraft("basic", "Old", "A"), "alice")
    app = make_app(pair)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SessionScreen(pair, deck))
        await pilot.pause()
        app.push_screen(CardEditorScreen(pair, card_id))
        await pilot.pause()
        await _type(app, "#editor-question", "New")
        await pilot.press("ctrl+q")  # a modal takes no `q`; ctrl+q quits from anywhere
        await pilot.pause()
        assert isinstance(app.screen, CardEditorScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert pair.authoring.draft(card_id)[1].question == "Old"


async def test_notes_that_cannot_be_saved_hold_one_quit_only(pair: Services) -> None:
    deck = pair.authoring.start_session("Git", ["alice"])
    before = _file(pair, deck)
    app = make_app(pair)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(SessionScreen(pair, deck))
        await pilot.pause()
        await _type(app, "#session-notes", "<!-- a comment never closed")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert "The notes were not saved" in screen_text(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert _file(pair, deck) == before


async def test_the_new_session_dialog_fits_80x24_with_eight_people(svc: Services) -> None:
    people = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
    for name in people:
        svc.people.add(name)
    app = make_app(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StartSessionScreen)
        for part in ("#session-title", "#session-partners", "#session-tags", "#start", "#cancel"):
            region = app.screen.query_one(part).region
            assert region.height, part
            assert region.bottom <= 24, part
        partners = app.screen.query_one(SelectionList)
        partners.focus()
        await pilot.press("end", "space")  # the list scrolls to the last person
        await pilot.pause()
        assert list(partners.selected) == ["heidi"]


def test_the_cards_written_list_shows_words_not_markdown() -> None:
    from tandem.tui.widgets.editor_list import preview
    from tandem.tui.widgets.editor_text import WrittenCard

    card = WrittenCard(id="k1", kind="basic", question="What does `LAG(x)` **return**?", by="bob")
    assert preview(card).plain == "Q: What does LAG(x) return?  by bob"
