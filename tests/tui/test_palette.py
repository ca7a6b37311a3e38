"""The command palette: sessions, decks and people are one search away."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette, Hit

from tandem.services import Services
from tandem.services.authoring.writer import CardDraft
from tandem.tui.palette import TandemCommands
from tandem.tui.screens.review import ReviewScreen
from tandem.tui.screens.session import SessionScreen
from tandem.tui.screens.start_session import StartSessionScreen

from .conftest import SIZE, make_app, screen_text


async def _hits(provider: TandemCommands, query: str) -> list[Hit]:
    await provider.startup()
    return sorted([hit async for hit in provider.search(query)], reverse=True)


async def test_palette_finds_people_sessions_and_decks(alice: Services) -> None:
    alice.paths.decks.mkdir(parents=True, exist_ok=True)
    alice.people.add("bob")
    session_path = alice.authoring.start_session("[b]Rebase[/b] onto", ["alice", "bob"])
    app = make_app(alice)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        provider = TandemCommands(app.screen)
        [bob] = await _hits(provider, "review bob")
        assert bob.text == "Review: bob"
        bob.command()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.person == "bob"
        app.screen.dismiss(None)
        await pilot.pause()

        session = (await _hits(provider, "session rebase"))[0]
        assert session.text is not None
        assert session.text.startswith("Session: [b]Rebase[/b] onto")
        session.command()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        app.screen.dismiss(None)
        await pilot.pause()
        alice.authoring.start_session("Session: windows", ["alice"])
        [named] = await _hits(provider, "session: windows")
        assert named.text is not None
        assert named.text.startswith("Session: windows (")  # not "Session: Session: …"

        deck = (await _hits(provider, "deck: deck"))[0]
        deck.command()
        await pilot.pause()
        assert "alice: 5 new, 0 learning, 0 review" in screen_text(app)

        # a deck is reviewed on its own from the palette, one entry a person
        alice.authoring.add_card(session_path, CardDraft("basic", "Onto what?", "A base"), "bob")
        found = [hit.text for hit in await _hits(provider, "study deck")]
        assert found == ["Study deck (deck.md) as alice", "Study deck (deck.md) as bob"]
        [bob_deck] = await _hits(provider, "study deck bob")
        bob_deck.command()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert (app.screen.person, app.screen.search) == ("bob", "deck:deck.md")
        text = screen_text(app)
        assert "question 0" in text
        assert "Search: deck:deck.md" in text
        assert "left 5 new" in text  # not the session's card: 6 in all


@pytest.mark.slow  # a long pilot run: the palette, the new-session dialog, then the session screen
async def test_new_session_from_the_palette(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        app.action_command_palette()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"new session")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartSessionScreen)
