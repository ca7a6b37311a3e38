"""Two terminals, one database: alice and bob each run tandem and play a 20-card quiz.

Each app has its own services (its own SQLite connection) on the same file, as two
``tandem`` processes would. After every key on the asker's terminal, the other terminal
must show the change within half a second (it polls the database).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tandem.config import resolve_paths
from tandem.models import FrozenClock
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tandem.tui import TandemApp
from tandem.tui.screens.quiz import QuizScreen
from tandem.tui.screens.quiz_end import QuizEndScreen
from tandem.tui.widgets.card import CardView

from .conftest import screen_text
from .test_quiz_screen import partners_on

SIZE = (100, 30)
WITHIN = 5.0
"""Seconds the other terminal may take to show a change before the test gives up.

The latency itself (about 0.1 s here: the screens poll every 0.1 s) is measured and printed,
not asserted: a timed assertion fails on a busy machine without anything being wrong.
"""
GRADES = "3431" * 5
"""The grade of each of the 20 cards (1 Again, 3 Good, 4 Easy)."""
LABELS = {"1": "Again", "2": "Hard", "3": "Good", "4": "Easy"}

latencies: list[float] = []


async def until(pilot: Pilot[None], shown: Callable[[], bool], what: str) -> float:
    """Waits until ``shown()`` holds on ``pilot``'s terminal; fails after ``WITHIN`` seconds."""
    started = time.perf_counter()
    while not shown():
        if time.perf_counter() - started > WITHIN:
            text = screen_text(pilot.app)  # type: ignore[arg-type]
            pytest.fail(f"the other terminal did not show {what} within {WITHIN}s:\n{text}")
        await pilot.pause(0.02)
    return time.perf_counter() - started


async def press_and_wait(
    pilot: Pilot[None], key: str, other: Pilot[None], shown: Callable[[], bool], what: str
) -> None:
    """Presses ``key`` on one terminal; waits until the other shows it; records the latency."""
    pressing = asyncio.create_task(pilot.press(key))  # press() itself waits for idle
    started = time.perf_counter()
    await until(other, shown, what)
    latencies.append(time.perf_counter() - started)
    await pressing


def quiz_screen(app: TandemApp) -> QuizScreen:
    screen = app.screen
    assert isinstance(screen, QuizScreen)
    return screen


def question(app: TandemApp) -> str:
    return app.screen.query_one(CardView).question.strip()


@pytest.fixture
def terminals(tmp_path: Path, clock: FrozenClock) -> Iterator[tuple[Services, Services]]:
    """Two terminals' services on one database file (one connection each)."""
    first = partners_on(tmp_path / "q.db", tmp_path / "decks", clock)
    second = build_services(
        resolve_paths(decks=tmp_path / "decks"), db=Store(tmp_path / "q.db"), clock=clock
    )
    yield first, second
    second.close()
    first.close()


@pytest.mark.slow  # two apps play twenty cards, each waiting on the other's polling
async def test_a_twenty_card_quiz_on_two_terminals(terminals: tuple[Services, Services]) -> None:
    alice_svc, bob_svc = terminals
    quiz = alice_svc.quiz("alice", "bob", swap_every=5)  # tandem quiz --asker alice ...
    bob_svc.join_quiz("bob")  # tandem join --as bob
    alice = TandemApp(alice_svc, quiz_id=quiz.id, me="alice", sync_on_start=False)
    bob = TandemApp(bob_svc, quiz_id=quiz.id, me="bob", sync_on_start=False)
    latencies.clear()
    async with alice.run_test(size=SIZE) as p_alice, bob.run_test(size=SIZE) as p_bob:
        terminal = {"alice": (alice, p_alice), "bob": (bob, p_bob)}
        await p_alice.pause()
        await until(p_bob, lambda: quiz_screen(bob).view == "answerer", "bob's view")
        assert "● alice connected" in screen_text(bob)
        expected = [await play_card(number, grade, terminal) for number, grade in enumerate(GRADES)]
        _, driver = terminal[quiz_screen(alice).quiz.asker]
        await driver.press("q")

        def both_ended() -> bool:
            return all(isinstance(app.screen, QuizEndScreen) for app in (alice, bob))

        await press_and_wait(driver, "y", p_bob, both_ended, "the end screen")
        assert "Quiz over · 20 cards graded" in screen_text(bob)
        assert isinstance(bob.screen, QuizEndScreen)
        results = bob.screen.results
        right, missed = len(results.right("alice")), len(results.missed("alice"))
        assert f"alice  {right} right · {missed} missed" in screen_text(alice)

    reviews = alice_svc.ctx.store.conn.execute(
        "SELECT person, grader FROM reviews ORDER BY seq"
    ).fetchall()
    assert [tuple(row) for row in reviews] == expected
    assert expected[:6] == [("bob", "alice")] * 5 + [("alice", "bob")]
    print(f"\nlatency: median {sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms over {len(latencies)} waits")  # fmt: skip


Terminals = dict[str, tuple[TandemApp, Pilot[None]]]


async def play_card(number: int, grade: str, terminal: Terminals) -> tuple[str, str]:
    """The asker reveals, maybe gives a second try, and grades; returns (person, grader)."""
    asker_name = quiz_screen(terminal["alice"][0]).quiz.asker
    asker_app, asker = terminal[asker_name]
    answerer_name = quiz_screen(asker_app).quiz.answerer
    other_app, other = terminal[answerer_name]
    await until(other, lambda: quiz_screen(other_app).view == "answerer", "the answerer's view")
    card = quiz_screen(asker_app).quiz.current
    assert card is not None
    await until(other, lambda: question(other_app) == card.question, "the question")
    assert not other_app.screen.query_one(CardView).revealed
    assert card.answer not in screen_text(other_app)

    def revealed() -> bool:
        return other_app.screen.query_one(CardView).revealed

    def second_try() -> bool:
        return "Second try" in screen_text(other_app)

    told = (f": {LABELS[grade]}  {card.question}", f"→ {card.answer}")
    swaps = number % 5 == 4  # after 5 cards: both terminals switch views

    def graded() -> bool:
        swapped = quiz_screen(other_app).view == "asker"
        lines = [line.strip() for line in screen_text(other_app).splitlines()]
        return swapped == swaps and told[1] in lines and any(x.endswith(told[0]) for x in lines)

    await press_and_wait(asker, "space", other, revealed, "the answer")
    if number == 3:
        await press_and_wait(asker, "r", other, second_try, "the second try")
        assert not other_app.screen.query_one(CardView).revealed
    await press_and_wait(asker, grade, other, graded, "the grade")
    assert quiz_screen(asker_app).view == ("answerer" if swaps else "asker")
    return answerer_name, asker_name
