"""The card browser: search as you type, marks, suspend and bury for one person, history."""

from __future__ import annotations

from click.testing import CliRunner

from tandem.cli import cli
from tandem.models import Queue, Rating
from tandem.services import Services
from tandem.tui import TandemApp
from tandem.tui.screens.browse import BrowseScreen
from tandem.tui.widgets.card_table import CardTable

from ..conftest import add_notes
from .conftest import SIZE, add_card, screen_text


def _app(svc: Services, person: str | None = "alice", query: str = "") -> TandemApp:
    return TandemApp(svc, browse=query, browse_as=person, sync_on_start=False)


def _keys(text: str) -> list[str]:
    """The key presses that type ``text``."""
    names = {" ": "space", "(": "left_parenthesis", ":": "colon"}
    return [names.get(char, char) for char in text]


def _rows(app: TandemApp) -> list[str]:
    return list(app.screen.query_one(CardTable).found)


async def test_typing_narrows_the_table(alice: Services) -> None:
    add_notes(alice, 2, deck="other.md", prefix="o")
    app = _app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(_rows(app)) == 7
        await pilot.press(*_keys("deck:other"))
        await pilot.pause(0.4)
        assert _rows(app) == ["o0000", "o0001"]
        await pilot.press(*_keys(" or question 3"))
        await pilot.pause(0.4)
        assert _rows(app) == ["n0003", "o0000", "o0001"]  # in deck order
        await pilot.press(*_keys(" ("))
        await pilot.pause(0.4)
        assert "'(' without its ')'" in screen_text(app)
        assert _rows(app) == ["n0003", "o0000", "o0001"]  # the last good search stays


async def test_marked_cards_are_suspended_then_brought_back(alice: Services) -> None:
    app = _app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "space", "space")
        await pilot.pause()
        rows = [line.split() for line in screen_text(app).splitlines()[5:8]]
        assert [row[:3] for row in rows] == [  # each mark shown beside its card
            ["●", "question", "0"],
            ["●", "question", "1"],
            ["question", "2", "deck.md"],
        ]
        await pilot.press("s")
        await pilot.pause()
        states = {row.card: row.queue for row in alice.ctx.states.for_person("alice")}
        assert [k for k, q in states.items() if q is Queue.SUSPENDED] == ["n0000", "n0001"]
        assert "suspended" in screen_text(app)
        await pilot.press("up", "up", "space", "space", "s")
        await pilot.pause()
        assert all(row.queue is Queue.NEW for row in alice.ctx.states.for_person("alice"))


async def test_bury_needs_a_person_and_p_chooses_one(alice: Services) -> None:
    alice.people.add("bob")
    app = _app(alice, person=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "b")
        await pilot.pause()
        assert not any(r.buried_until for r in alice.ctx.states.for_person("alice"))
        assert "p: choose a person" in screen_text(app)
        await pilot.press("p", "p", "b")  # alice, then bob
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.person == "bob"
        assert [r.card for r in alice.ctx.states.for_person("bob") if r.buried_until] == ["n0000"]
        assert not any(r.buried_until for r in alice.ctx.states.for_person("alice"))


async def test_the_side_panel_shows_the_card_and_who_graded_it(alice: Services) -> None:
    alice.people.add("bob")
    alice.study("alice", grader="bob").answer("n0000", Rating.GOOD)
    add_card(alice, "mark0001", "[bold]not markup[/] $x", "[link=http://x]y[/link]", title="T")
    app = _app(alice, query="card:mark0001 or card:n0000")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1 review" in text
        assert "Good  alice" in text
        assert "(graded by bob)" in text
        await pilot.press("enter", "down")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]not markup[/] $x" in text
        assert "[link=http://x]y[/link]" in text
        assert "No reviews yet." in text


async def test_escape_leaves_the_browser_for_home(alice: Services) -> None:
    app = TandemApp(alice, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.person == "alice"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, BrowseScreen)


def test_browse_refuses_an_unknown_person() -> None:
    refused = CliRunner().invoke(cli, ["browse", "--as", "nobody"])
    assert refused.exit_code == 65
    assert "no person named 'nobody'" in refused.output


async def test_forget_asks_then_makes_the_marked_cards_new(alice: Services) -> None:
    session = alice.study("alice")
    session.answer("n0000", Rating.GOOD)
    session.answer("n0001", Rating.EASY)
    app = _app(alice, query="-is:new")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _rows(app) == ["n0000", "n0001"]
        await pilot.press("enter", "space", "f")
        await pilot.pause()
        assert "Make 1 card new again for alice?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert _queues(alice)["n0000"] is Queue.LEARN  # no: nothing changed
        await pilot.press("f", "y")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert _rows(app) == ["n0001"]  # the search runs again: n0000 is new now
    queues = _queues(alice)
    assert (queues["n0000"], queues["n0001"]) == (Queue.NEW, Queue.REVIEW)


def _queues(svc: Services) -> dict[str, Queue]:
    return {row.card: row.queue for row in svc.ctx.states.for_person("alice")}


async def test_a_new_card_set_due_shows_its_date(alice: Services) -> None:
    """A never-answered card set due is a review card with that date (Anki's set due date):
    the table shows the date, as for any card in review, and none for a new card."""
    due = alice.cards.due_on("alice", days=4)
    assert alice.cards.set_due("alice", ["n0000"], due) == ["n0000"]
    app = _app(alice, query="card:n0000 or card:n0001")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(CardTable)
        assert _rows(app) == ["n0000", "n0001"]
        cells = {key: [str(cell) for cell in table.get_row(key)] for key in ("n0000", "n0001")}
    assert due.strftime("%Y-%m-%d") in cells["n0000"]
    assert "review" in cells["n0000"]
    assert not any(cell[:4].isdigit() and cell[4:5] == "-" for cell in cells["n0001"])


async def test_e_edits_the_card_in_tandems_editor_and_the_table_shows_it(svc: Services) -> None:
    from textual.widgets import TextArea

    from tandem.services.authoring.writer import CardDraft
    from tandem.tui.screens.card_editor import CardEditorScreen

    svc.paths.decks.mkdir(parents=True, exist_ok=True)
    svc.people.add("alice")
    deck = svc.authoring.start_session("Git", ["alice"])
    card_id = svc.authoring.add_card(deck, CardDraft("basic", "Old question", "Old"), "alice")
    svc.study("alice").answer(card_id, Rating.GOOD)
    app = _app(svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, CardEditorScreen)
        app.screen.query_one("#editor-question", TextArea).load_text("New **question**")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert _rows(app) == [card_id]
        assert "New question" in screen_text(app)  # in the table and the side panel
        assert "Old question" not in screen_text(app)
    text = (svc.paths.decks / deck).read_text(encoding="utf-8")
    assert f"Q: New **question**\nA: Old\n<!-- id: {card_id} · by: alice -->" in text
    assert [r.rating for r in svc.ctx.reviews.for_card("alice", card_id)] == [Rating.GOOD]
