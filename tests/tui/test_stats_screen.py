"""Stats screen: a person's heatmap and figures, the empty state, a partner's figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.pilot import Pilot

from tandem.models import FrozenClock, Rating
from tandem.services import Services
from tandem.services.stats.models import Activity, DayActivity
from tandem.tui import TandemApp
from tandem.tui.screens.home import HomeScreen
from tandem.tui.screens.settings import SettingsScreen
from tandem.tui.screens.stats import NO_PARTNER, StatsScreen
from tandem.tui.widgets.chart import bar_column
from tandem.tui.widgets.heatmap import ReviewHeatmap, level, month_row, week_grid
from tandem.tui.widgets.stats import PairView

from .conftest import SIZE, Toasts, make_app, screen_text

KEYS = [f"n{number:04d}" for number in range(5)]


def study(svc: Services, clock: FrozenClock, person: str, days: int, keys: list[str]) -> None:
    """``person`` answers ``keys`` once a day for ``days`` days; the first card is forgotten
    on days 3 and 5, once it is in review (so it has lapses)."""
    for day in range(days):
        session = svc.study(person)
        for key in keys:
            forgot = key == keys[0] and day in (3, 5)
            session.answer(key, Rating.AGAIN if forgot else Rating.GOOD, 4000)
        clock.advance(days=1)


async def _open(app: TandemApp, pilot: Pilot[None]) -> None:
    """Opens the stats of the selected person from home and waits for the figures."""
    await pilot.press("t")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_figures_of_a_person_with_reviews(alice: Services, clock: FrozenClock) -> None:
    study(alice, clock, "alice", 6, KEYS)
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "Statistics  alice" in text
        assert "Reviews, last 365 days" in text
        assert "30 reviews on 6 days" in text
        assert "Due, next 30 days" in text
        assert "True retention  target 90%" in text
        assert "Cards 5" in text
        assert "Streak 6 days (not yet today)" in text
        assert "Hardest cards" in text
        assert "question 0" in text  # the forgotten card
        heatmap = app.screen.query_one(ReviewHeatmap)
        assert heatmap.activity is not None
        assert heatmap.activity.reviews == 30
        assert "Mon" in text
        assert "less" in text
        assert "■" in text


async def test_no_reviews_yet_and_no_partner(alice: Services, toasts: Toasts) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await _open(app, pilot)
        text = screen_text(app)
        assert "No reviews yet: review some cards first" in text
        assert "Hardest cards" not in text
        await pilot.press("p")
        await pilot.pause()
        assert toasts.messages == [NO_PARTNER]


async def test_p_cycles_through_partners(alice: Services, clock: FrozenClock) -> None:
    alice.people.add("bob")
    alice.people.add("carol")
    study(alice, clock, "alice", 4, KEYS)
    study(alice, clock, "bob", 4, KEYS[:3])
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        pair = app.screen.query_one(PairView)
        assert not pair.display
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pair.display
        text = screen_text(app)
        assert "with bob" in text
        assert "alice & bob" in text
        assert "only alice knows" in text
        assert "both know" in text
        assert "alice graded by bob (0 reviews)" in text
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "alice & carol" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert not pair.display
        assert "with " not in screen_text(app).splitlines()[0]


@pytest.mark.slow  # a long pilot run: home, stats, settings, and back through both
async def test_settings_from_stats_and_back(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await pilot.press("comma")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_fits_80_columns(alice: Services, clock: FrozenClock) -> None:
    study(alice, clock, "alice", 3, KEYS)
    app = make_app(alice)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        lines = screen_text(app).splitlines()
        months = next(line for line in lines if "Apr" in line)
        assert months.rstrip().endswith("Mar")  # the newest weeks, one cell each
        assert "■■■" in lines[lines.index(months) + 1]
        assert "p Partner" in lines[-1]
        assert "esc Back" in lines[-1]


# drawing -------------------------------------------------------------------------------------


def test_levels_scale_with_the_busiest_day() -> None:
    assert [level(n, 8) for n in (0, 1, 2, 3, 4, 8, 9)] == [0, 1, 1, 2, 2, 4, 4]
    assert level(3, 0) == 0


def test_weeks_start_on_monday_and_leave_days_outside_blank() -> None:
    start = date(2026, 3, 4)  # a Wednesday
    days = tuple(DayActivity(start + timedelta(days=n), n, 0) for n in range(7))
    grid = week_grid(Activity(start, start + timedelta(days=6), days))
    assert grid == [[None, None, 0, 1, 2, 3, 4], [5, 6, None, None, None, None, None]]
    assert month_row(date(2026, 2, 23), 3, 2).startswith("Mar")


def test_bars_start_from_zero() -> None:
    assert bar_column(0, 10, 2) == [" ", " "]
    assert bar_column(10, 10, 2) == ["█", "█"]
    assert bar_column(5, 10, 2) == [" ", "█"]
    assert bar_column(0.1, 10, 2) == [" ", "▁"]


def test_the_year_line_counts_in_words() -> None:
    from datetime import date

    from tandem.services.stats.models import Activity, DayActivity
    from tandem.tui.widgets.stats import activity_text

    days = (DayActivity(date(2026, 3, 1), 17, 60000), DayActivity(date(2026, 3, 2), 0, 0))
    one = Activity(date(2026, 3, 1), date(2026, 3, 2), days)
    assert activity_text(one).plain.startswith("17 reviews on 1 day  ·  17.0 per study day")
    single = Activity(date(2026, 3, 1), date(2026, 3, 1), (DayActivity(date(2026, 3, 1), 1, 0),))
    assert activity_text(single).plain.startswith("1 review on 1 day  ·")
