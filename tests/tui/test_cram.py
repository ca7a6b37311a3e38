"""Cramming from the TUI: the browser's "study these", the palette's "Cram…", the header."""

from __future__ import annotations

from tandem.models import Rating, ReviewKind
from tandem.services import Services
from tandem.tui import TandemApp
from tandem.tui.palette import TandemCommands
from tandem.tui.screens.browse import BrowseScreen
from tandem.tui.screens.cram_search import CramSearchScreen
from tandem.tui.screens.review import ReviewScreen

from .conftest import SIZE, make_app, screen_text, shown_question


def _states(svc: Services) -> list[tuple[object, ...]]:
    return list(svc.ctx.store.conn.execute("SELECT * FROM card_state ORDER BY person, card"))


async def test_study_these_crams_the_marked_cards_and_keeps_the_schedule(alice: Services) -> None:
    alice.study("alice").answer("n0004", Rating.GOOD)  # due later today or tomorrow
    before = _states(alice)
    app = TandemApp(alice, browse="", browse_as="alice", sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "down", "space", "down", "down", "down", "space", "c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.cram
        assert "cramming" in screen_text(app)
        assert "schedule unchanged" in screen_text(app)
        assert shown_question(app) == "question 4"  # scheduled cards first
        await pilot.press("space", "3")
        await pilot.pause()
        assert shown_question(app) == "question 1"
        await pilot.press("space", "1", "space", "4")  # again: once more at the end
        await pilot.pause()
        assert shown_question(app) == "question 1"
        await pilot.press("space", "3")
        await pilot.pause()
        assert "Cramming done: no due date changed." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
    assert _states(alice) == before
    kinds = [(r.card, r.kind) for r in alice.ctx.reviews.of_card("n0001")]
    assert kinds == [("n0001", ReviewKind.CRAM)] * 2
    assert alice.doctor.check().ok


async def test_study_these_without_marks_crams_what_the_search_finds(alice: Services) -> None:
    app = TandemApp(alice, browse="card:n0003", browse_as="alice", sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "c")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.search == "card:n0003"
        assert shown_question(app) == "question 3"
        assert app.screen.session.counts().total == 1


async def test_the_palette_asks_which_cards_to_cram(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        provider = TandemCommands(app.screen)
        await provider.startup()
        [hit] = [hit async for hit in provider.search("cram alice")]
        assert hit.text == "Cram… alice"
        hit.command()
        await pilot.pause()
        assert isinstance(app.screen, CramSearchScreen)
        await pilot.press(*"is:sleepy", "enter")
        await pilot.pause()
        assert "unknown 'is:sleepy'" in screen_text(app)  # refused inside the dialog
        await pilot.press(*["backspace"] * 9, *"card:n0002", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.cram
        assert shown_question(app) == "question 2"
        await pilot.press("space", "4")
        await pilot.pause()
    [review] = alice.ctx.reviews.of_card("n0002")
    assert review.kind is ReviewKind.CRAM
    assert alice.ctx.states.get("alice", "n0002").memory.reps == 0  # type: ignore[union-attr]
