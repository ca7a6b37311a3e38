"""Review screen: every key is checked against the database through the services."""

from __future__ import annotations

from tandem.models import FrozenClock, Queue
from tandem.services import Services
from tandem.tui.screens.review import ReviewScreen
from tandem.tui.widgets.card import CardView
from tandem.tui.widgets.footer import KeyFooter
from tandem.tui.widgets.rating import RatingBar
from tandem.tui.widgets.summary import SessionSummary

from .conftest import SIZE, make_app, screen_text, shown_question


async def test_review_three_cards_writes_three_reviews(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await pilot.press("space", "3")
        await pilot.pause()
        assert alice.ctx.reviews.count("alice") == 3
        assert shown_question(app) == "question 3"
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.answered == 3


async def test_rating_needs_the_answer_shown_first(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "1")
        assert alice.ctx.reviews.count("alice") == 0
        await pilot.press("space")
        assert app.screen.query_one(CardView).revealed
        await pilot.press("1")
        assert alice.ctx.reviews.count("alice") == 1


async def test_undo_takes_back_the_review_and_shows_the_card(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "3", "space", "3", "space", "3")
        assert shown_question(app) == "question 3"
        await pilot.press("u")
        await pilot.pause()
        assert alice.ctx.reviews.count("alice") == 2
        assert shown_question(app) == "question 2"
        assert not app.screen.query_one(CardView).revealed
        await pilot.press("space", "4")
        assert alice.ctx.reviews.count("alice") == 3
        assert shown_question(app) == "question 3"


async def test_suspend_and_bury_take_cards_out_of_the_queue(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert alice.ctx.states.get("alice", "n0000").queue is Queue.SUSPENDED
        assert shown_question(app) == "question 1"
        await pilot.press("space", "b")
        await pilot.pause()
        assert alice.ctx.states.get("alice", "n0001").queue is Queue.BURIED
        assert shown_question(app) == "question 2"
        assert alice.study("alice").counts().new == 3
        assert alice.ctx.reviews.count("alice") == 0


async def test_clicking_a_rating_button_answers(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        good = app.screen.query_one("#rate-3")
        assert "Good 10m" in str(good.render())
        assert await pilot.click("#rate-3")
        await pilot.pause()
        assert alice.ctx.reviews.count("alice") == 1
        assert shown_question(app) == "question 1"


async def test_summary_after_the_last_card(alice: Services, clock: FrozenClock) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        for rating in "34444":
            clock.advance(seconds=30)
            await pilot.press("space", rating)
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.phase == "front"  # the Good card is back after its learning step
        clock.advance(minutes=15)
        await pilot.press("space", "4")
        await pilot.pause()
        assert app.screen.phase == "done"
        summary = app.screen.query_one(SessionSummary)
        assert summary.display
        text = str(summary.query_one("#summary-stats").render())
        assert " ".join(text.split()) == "Cards answered 6 Time spent 17m 30s Again rate 0%"


async def test_escape_quits_when_launched_for_a_review(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running


async def test_each_answer_records_its_keypress_latency(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(4):
            await pilot.press("space", "3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert len(screen.latencies_ms) == 4
        assert all(ms > 0 for ms in screen.latencies_ms)  # measured, never judged


async def test_rating_buttons_cannot_take_focus(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "tab", "space")
        assert app.focused is None or not isinstance(app.focused.parent, RatingBar)
        assert alice.ctx.reviews.count("alice") == 0


async def test_a_focused_review_shows_only_its_cards_and_says_so(alice: Services) -> None:
    from tandem.tui import TandemApp

    from .conftest import add_card, screen_text

    add_card(alice, "perro001", "el perro", "the dog", title="Spanish")
    app = TandemApp(alice, review_as="alice", review_search="deck:Spanish", sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_question(app) == "el perro"
        assert "Search: deck:Spanish" in screen_text(app).split("\n")[1]  # under the header
        await pilot.press("space", "3")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.counts().new == 0
        assert [r.card for r in alice.ctx.reviews.for_person("alice")] == ["perro001"]


async def test_a_card_graded_in_another_terminal_is_skipped_not_graded_twice(
    alice: Services,
) -> None:
    from tandem.models import Rating

    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_question(app) == "question 0"
        other = alice.open_another()
        other.study("alice").answer("n0000", Rating.EASY)
        other.close()
        await pilot.press("space", "1")
        await pilot.pause()
        assert [r.rating for r in alice.ctx.reviews.for_card("alice", "n0000")] == [Rating.EASY]
        assert shown_question(app) == "question 1"


async def test_a_long_answer_scrolls_from_the_keyboard(svc: Services) -> None:
    from .conftest import add_card

    svc.people.add("alice")
    listing = "\n".join(f"line {number}" for number in range(300))
    add_card(svc, "long0001", "Which lines?", listing, title="Long")
    app = make_app(svc, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        view = app.screen.query_one(CardView)
        assert view.max_scroll_y > 250  # one line each: the breaks were kept
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 20
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("home", "down", "down")
        await pilot.pause()
        assert view.scroll_y == 2


async def test_a_toast_sits_above_the_grade_buttons(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("space", "u")  # nothing to undo: told in a toast
        await pilot.pause()
        assert "Nothing to undo in this sitting." in screen_text(app)
        ratings = app.screen.query_one("#ratings").region
        toasts = list(app.screen.query("Toast"))  # Textual's toast widget, by its CSS type
        assert toasts
        for toast in toasts:
            assert toast.region.bottom <= ratings.y


async def test_revealing_and_grading_move_nothing_on_screen(alice: Services) -> None:
    """The answer keeps its place while hidden, and the reveal hint and the grade buttons
    share the same rows: a reveal or a grade changes what shows, never where."""
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        question, footer = screen.query_one("#question"), screen.query_one(KeyFooter)
        hint, ratings = screen.query_one("#reveal-hint"), screen.query_one("#ratings")
        front = (question.region, hint.region, footer.region)
        assert hint.visible
        assert not ratings.visible
        assert "Press space to show the answer" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert (question.region, ratings.region, footer.region) == front
        assert screen.query_one("#answer").region.y > question.region.bottom
        assert not hint.visible
        assert "Press space to show the answer" not in screen_text(app)
        assert "Good" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        assert alice.ctx.reviews.count("alice") == 1
        assert (hint.region, footer.region) == front[1:]
        assert not ratings.visible
        assert "Press space to show the answer" in screen_text(app)


def test_the_search_line_shows_the_query_as_text_made_safe() -> None:
    from tandem.tui.widgets.progress import search_text

    line = search_text("tag:x [@click=app.quit] \x1b[31mred \u202e")
    assert line.plain == "Search: tag:x [@click=app.quit] \\x1b[31mred \\u202e"
    assert [span.style for span in line.spans] == ["$text-muted", "$text-accent"]  # no links


async def test_a_long_deck_title_is_cut_with_a_gap_before_the_progress(alice: Services) -> None:
    from tandem.tui import TandemApp

    from .conftest import add_card

    title = "Spanish and English: everyday vocabulary for the office and the road"
    add_card(alice, "perro002", "el perro", "the dog", title=title)
    app = TandemApp(alice, review_as="alice", review_search="deck:Spanish*", sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = screen_text(app).split("\n")[0]
        assert "…  done 0" in header  # the title ends in an ellipsis, two spaces before "done"
        assert header.strip().startswith("alice · Spanish and English")
