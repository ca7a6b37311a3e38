"""Home screen: people and their due counts, adding a person, starting a review, empty states."""

from __future__ import annotations

from tandem.services import Services
from tandem.tui.screens.add_person import AddPersonScreen
from tandem.tui.screens.help import HelpScreen
from tandem.tui.screens.home import HomeScreen
from tandem.tui.screens.review import ReviewScreen
from tandem.tui.widgets.tables import DueTable, PeopleTable

from ..conftest import add_notes
from .conftest import SIZE, make_app, screen_text


async def test_empty_database_says_what_to_do(svc: Services) -> None:
    app = make_app(svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Press a to add the first person" in text
        assert "No decks yet" in text


async def test_add_person_through_the_modal(svc: Services) -> None:
    app = make_app(svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, AddPersonScreen)
        await pilot.press(*"alice", "enter")
        await pilot.pause()
        assert svc.people.names() == ["alice"]
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(PeopleTable).selected == "alice"


async def test_add_person_shows_why_a_name_is_refused(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"alice", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AddPersonScreen)
        assert "already here" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert alice.people.names() == ["alice"]


async def test_people_show_due_counts_and_decks(alice: Services) -> None:
    alice.people.add("bob")
    add_notes(alice, 2, deck="git.md", prefix="g")
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        people = app.screen.query_one(PeopleTable)
        assert people.get_row("alice")[1].plain == "7"
        decks = app.screen.query_one(DueTable)
        assert [key.value for key in decks.rows] == ["deck.md", "git.md"]
        await pilot.press("down")
        assert people.selected == "bob"
        assert "Due today for bob" in screen_text(app)


async def test_review_from_home_and_back_refreshes_counts(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("space", "4", "space", "4", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert alice.ctx.reviews.count("alice") == 2
        row = app.screen.query_one(PeopleTable).get_row("alice")
        assert [cell.plain for cell in row] == ["alice", "3", "0", "0"]
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)


async def test_all_done_for_today(alice: Services) -> None:
    app = make_app(alice, review_as=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", *["space", "4"] * 5, "escape")
        await pilot.pause()
        assert "All done for today" in screen_text(app)


async def test_help_lists_the_bindings_of_the_screen(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "review.reveal" in text
        assert "app.help" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_the_deck_folder_table_shows_whole_files_at_120_and_partners_at_80(
    svc: Services,
) -> None:
    for name in ("alice", "bob"):
        svc.people.add(name)
    svc.paths.decks.mkdir(parents=True, exist_ok=True)
    (svc.paths.decks / "learning-partnerships.md").write_text("Q: a\nA: b\n", encoding="utf-8")
    svc.sync.run()
    svc.authoring.start_session("SQL window functions", ["alice", "bob"])
    for size, shown in (
        ((120, 40), ["learning-partnerships.md", "sessions/2026-03-04-sql-window-functions.md"]),
        ((80, 24), ["alice, bob"]),
    ):
        app = make_app(svc)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            text = screen_text(app)
            for part in shown:
                assert part in text, (size, part)
