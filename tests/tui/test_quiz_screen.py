"""Quiz screen on one terminal: every key is checked against the database through the services."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tandem.tui import TandemApp
from tandem.tui.quiz_views import view_for
from tandem.tui.screens.home import HomeScreen
from tandem.tui.screens.quiz import QuizScreen
from tandem.tui.screens.quiz_end import QuizEndScreen
from tandem.tui.widgets.card import CardView

from .conftest import screen_text, shown_question

SIZE = (100, 30)


def shared_deck(count: int) -> str:
    """A session log of alice and bob: every card is asked in both directions."""
    authors = ("bob", "alice")
    cards = "".join(
        f"Q: question {n}\nA: answer {n}\n<!-- id: card{n:04d} · by: {authors[n % 2]} -->\n\n"
        for n in range(count)
    )
    header = '+++\ntitle = "Shared"\ndate = 2026-03-01\npartners = ["alice", "bob"]\n+++\n\n'
    return header + cards.rstrip("\n") + "\n"


def partners_on(db: Path, decks: Path, clock: FrozenClock, cards: int = 30) -> Services:
    """Services on ``db`` with alice and bob and a synced shared deck."""
    decks.mkdir(exist_ok=True)
    (decks / "shared.md").write_text(shared_deck(cards))
    services = build_services(resolve_paths(decks=decks), db=Store(db), clock=clock)
    for name in ("alice", "bob"):
        services.people.add(name)
        settings = services.people.settings(name).updated({"new_per_day": 100})
        services.people.update_settings(name, settings)
    services.sync.run()
    return services


@pytest.fixture
def pair(tmp_path: Path, clock: FrozenClock) -> Services:
    return partners_on(tmp_path / "q.db", tmp_path / "decks", clock)


def quiz_app(svc: Services, quiz_id: int, me: str | None = None) -> TandemApp:
    return TandemApp(svc, quiz_id=quiz_id, me=me, sync_on_start=False)


def test_the_answerer_view_needs_the_answerers_terminal_and_a_connected_asker() -> None:
    assert view_for(None, "bob", asker_connected=True) == "asker"
    assert view_for("alice", "bob", asker_connected=True) == "asker"
    assert view_for("bob", "bob", asker_connected=True) == "answerer"
    assert view_for("bob", "bob", asker_connected=False) == "asker"


async def test_the_asker_grades_and_only_the_answerers_state_changes(pair: Services) -> None:
    quiz = pair.quiz("alice", "bob", swap_every=2)
    app = quiz_app(pair, quiz.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_question(app) == "question 0"
        assert app.screen.query_one(CardView).revealed  # the asker sees the answer
        await pilot.press("3")
        [review] = pair.ctx.reviews.for_card("bob", "card0000")
        assert (review.person, review.grader, review.rating) == ("bob", "alice", Rating.GOOD)
        assert pair.ctx.reviews.for_card("alice", "card0000") == []
        alice_state = pair.ctx.states.get("alice", "card0000")
        assert alice_state is not None
        assert alice_state.memory.last_review is None
        assert "alice graded bob: Good" in screen_text(app)
        await pilot.press("1")  # the second card: roles swap
        await pilot.pause()
        assert "bob asks · alice answers" in screen_text(app)
        assert shown_question(app) == "question 0"
        await pilot.press("4")
        [review] = pair.ctx.reviews.for_card("alice", "card0000")
        assert (review.person, review.grader, review.rating) == ("alice", "bob", Rating.EASY)
        assert pair.ctx.reviews.count("bob") == 2


async def test_reveal_second_try_and_hide(pair: Services) -> None:
    quiz = pair.quiz("alice", "bob")
    app = quiz_app(pair, quiz.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await pilot.press("space")
        assert screen.quiz.revealed
        assert "bob sees the answer" in screen_text(app)
        await pilot.press("r")
        assert (screen.quiz.tries, screen.quiz.revealed) == (2, False)
        assert "try 2" in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert not screen.query_one(CardView).revealed
        assert "answer hidden here" in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert screen.query_one(CardView).revealed
        await pilot.press("2")
        [graded] = screen.quiz.results.graded
        assert (graded.rating, graded.tries) == (Rating.HARD, 2)
        assert (screen.quiz.tries, screen.quiz.revealed) == (1, False)


async def test_undo_takes_back_the_grade_and_the_swap(pair: Services) -> None:
    quiz = pair.quiz("alice", "bob", swap_every=1)
    app = quiz_app(pair, quiz.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert "bob asks · alice answers" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert pair.ctx.reviews.count("bob") == 0
        assert "alice asks · bob answers" in screen_text(app)
        assert shown_question(app) == "question 0"
        state = pair.ctx.states.get("bob", "card0000")
        assert state is not None
        assert state.memory.last_review is None
        await pilot.press("u")  # nothing more graded on this terminal
        assert pair.ctx.reviews.count("bob") == 0


async def test_swap_now(pair: Services) -> None:
    quiz = pair.quiz("alice", "bob")
    app = quiz_app(pair, quiz.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        [stored] = pair.open_quizzes()
        assert (stored.asker, stored.answerer, stored.since_swap) == ("bob", "alice", 0)
        assert "bob asks · alice answers" in screen_text(app)
        await pilot.press("3")
        [review] = pair.ctx.reviews.for_card("alice", "card0000")
        assert review.grader == "bob"


async def test_ending_shows_each_partners_results(pair: Services) -> None:
    quiz = pair.quiz("alice", "bob", swap_every=2)
    app = quiz_app(pair, quiz.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "3", "1", "4")  # bob misses q0, knows q1; alice misses q0
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("n")  # keep going
        await pilot.pause()
        quiz_screen = app.screen
        assert isinstance(quiz_screen, QuizScreen)
        assert quiz_screen.polling.running
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, QuizEndScreen)
        assert not quiz_screen.polling.running  # no more polls or check-ins
        text = screen_text(app)
        assert "Quiz over · 4 cards graded" in text
        assert "alice  1 right · 1 missed" in text
        assert "bob  1 right · 1 missed" in text
        talk = text.split("talk about these")[1]
        assert "• question 0" in talk
        assert "question 1" not in talk
        assert pair.open_quizzes() == []
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_answerer_may_leave_without_ending(pair: Services) -> None:
    quiz = pair.quiz("alice", "bob")
    quiz.next_card()
    app = quiz_app(pair, quiz.id, me="bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.view == "answerer"  # type: ignore[attr-defined]
        assert not app.screen.query_one(CardView).revealed
        await pilot.press("3", "space", "w")  # no grading keys on the answerer's side
        assert pair.ctx.reviews.count("bob") == 0
        assert not quiz.revealed
        await pilot.press("q")
        await pilot.pause()
    assert [q.id for q in pair.open_quizzes()] == [quiz.id]


@pytest.mark.slow  # a long pilot run: two apps in turn, home, partner pick, quiz, end screen
async def test_from_home_pick_a_partner_then_resume_and_close(
    pair: Services, clock: FrozenClock
) -> None:
    app = TandemApp(pair, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("enter")  # alice is selected; bob is the only partner
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert (screen.me, screen.quiz.asker, screen.quiz.answerer) == (None, "alice", "bob")
        await pilot.press("3", "escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, QuizEndScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "open quiz" not in screen_text(app)
    abandoned = pair.quiz("bob", "alice")
    pair.quiz("alice", "bob")
    clock.advance(seconds=60)  # both terminals are gone
    app = TandemApp(pair, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "2 open quizzes, 2 without a terminal" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("c")  # closes the newest
        await pilot.pause()
        assert [q.id for q in pair.open_quizzes()] == [abandoned.id]
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.quiz.id == abandoned.id
        await pilot.press("3")
        [review] = pair.ctx.reviews.for_card("alice", "card0000")
        assert review.grader == "bob"


async def test_an_empty_shared_scope_says_why_and_a_asks_every_due_card(
    tmp_path: Path, clock: FrozenClock
) -> None:
    svc = partners_on(tmp_path / "q.db", tmp_path / "decks", clock, cards=0)
    (tmp_path / "decks" / "shared.md").write_text("Q: mine\nA: only\n<!-- id: solo0001 -->\n")
    svc.sync.run()
    started = svc.quiz("alice", "bob")
    app = quiz_app(svc, started.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "No shared card is due for bob" in text
        assert "the cards you wrote for each other and those of sessions you both attended" in text
        assert "a asks every due card (tandem quiz --all starts that way)" in text
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.quiz.current is not None
        assert screen.quiz.current.key == "solo0001"
        assert "No shared card" not in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
    [review] = svc.ctx.reviews.for_card("bob", "solo0001")
    assert (review.rating, review.grader) == (Rating.GOOD, "alice")
    other = svc.open_quiz(started.id)  # the partner's terminal reads the wider scope too
    assert str(other.scope) == "all"
    svc.close()


async def test_o_without_an_open_quiz_says_so(pair: Services) -> None:
    app = TandemApp(pair, sync_on_start=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "No quiz is open." in screen_text(app)


def test_the_last_graded_line_and_the_results_show_card_words_not_markdown() -> None:
    from tandem.services.quiz.results import Graded, QuizResults
    from tandem.tui.widgets.quiz_results import partner_text
    from tandem.tui.widgets.quiz_status import last_grade

    graded = Graded("bob", "alice", "k1", "What opens *the door*?", Rating.GOOD, 1)
    line = last_grade(graded, "**la llave**", to_answerer=False).plain
    assert line == "alice graded bob: Good  What opens the door?\n→ la llave"
    results = QuizResults(graded=[graded])
    assert "✓ What opens the door?" in partner_text(results, "bob").plain


async def test_toasts_never_cover_the_grade_buttons_nor_stay_over_the_end_screen(
    pair: Services,
) -> None:
    quiz = pair.quiz("alice", "bob", swap_every=2)
    app = quiz_app(pair, quiz.id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("1", "3")  # the roles swap: told in a toast
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))  # Textual's toast widget, by its CSS type
        assert toasts
        assert "Roles swap" in screen_text(app)
        ratings = app.screen.query_one("#ratings").region
        for toast in toasts:
            assert not toast.region.overlaps(ratings)
            assert toast.region.bottom <= ratings.y  # above the buttons, under the card
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, QuizEndScreen)
        assert not app.screen.query("Toast")
        assert "Roles swap" not in screen_text(app)


async def test_who_answers_is_a_list_with_the_chosen_person_marked(pair: Services) -> None:
    from tandem.tui.screens.quiz_dialogs import PickPartnerScreen

    pair.people.add("carol")
    app = TandemApp(pair, sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")  # alice, the first person, asks
        await pilot.pause()
        assert isinstance(app.screen, PickPartnerScreen)
        text = screen_text(app)
        assert "╭─ Answerer" in text
        assert "▶ bob" in text
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "▶ carol" in text
        assert "▶ bob" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert (app.screen.quiz.asker, app.screen.quiz.answerer) == ("alice", "carol")
