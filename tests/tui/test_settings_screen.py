"""Settings screen: saving through the services, refusals shown inline, the optimizer."""

from __future__ import annotations

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Select, Switch

from tandem.scheduling.optimize_fit import DEFAULT_PARAMETERS
from tandem.services import Services
from tandem.services.optimize.simulate_log import add_synthetic_log
from tandem.tui import TandemApp
from tandem.tui.screens.home import HomeScreen
from tandem.tui.screens.settings import (
    UNSAVED,
    OptimizeProgress,
    RetentionSimulated,
    SettingsScreen,
)
from tandem.tui.screens.settings_form import FIELDS, parse, refusal

from ..conftest import add_notes
from .conftest import SIZE, Toasts, make_app, screen_text


async def _open(app: TandemApp, pilot: Pilot[None]) -> SettingsScreen:
    """Opens the settings of the selected person from home."""
    await pilot.press("comma")
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def _settle(app: TandemApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def _set(screen: SettingsScreen, field: str, value: str) -> None:
    screen.query_one(f"#set-{field}", Input).value = value


async def test_save_changes_the_settings(alice: Services, toasts: Toasts) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        screen = await _open(app, pilot)
        assert screen.query_one("#set-desired_retention", Input).value == "0.9"
        assert screen.query_one("#set-learning_steps_minutes", Input).value == "1 10"
        assert screen.query_one("#set-timezone", Input).value == ""
        assert screen.query_one("#set-day_starts_at_hour", Select).value == 4
        assert screen.query_one("#set-fuzz", Switch).value is True
        await pilot.press("end", *["backspace"] * 3, *"0.85")  # retention has the focus
        _set(screen, "new_per_day", "35")
        _set(screen, "learning_steps_minutes", "2, 15 60")
        _set(screen, "timezone", "Europe/Paris")
        screen.query_one("#set-day_starts_at_hour", Select).value = 6
        screen.query_one("#set-fuzz", Switch).value = False
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        saved = alice.people.settings("alice")
        assert saved.desired_retention == 0.85
        assert saved.new_per_day == 35
        assert saved.learning_steps_minutes == (2.0, 15.0, 60.0)
        assert (saved.timezone, saved.day_starts_at_hour, saved.fuzz) == ("Europe/Paris", 6, False)
        assert "Saved. 0 card states rescheduled." in toasts.messages
        assert screen.query_one("#set-desired_retention").has_focus  # back after saving
        await pilot.press("escape")  # nothing left unsaved: leaves at once
        assert isinstance(app.screen, HomeScreen)


async def test_a_refused_value_is_shown_and_nothing_saved(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        _set(screen, "new_per_day", "lots")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "New cards a day: 'lots' is not a whole number" in screen_text(app)
        assert screen.query_one("#set-new_per_day").has_focus
        _set(screen, "desired_retention", "1.5")
        _set(screen, "new_per_day", "35")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        text = screen_text(app)
        assert "Desired retention: must be at most 0.99" in text
        assert "pydantic" not in text
        assert screen.query_one("#set-desired_retention").has_class("-refused")
        assert alice.people.settings("alice").desired_retention == 0.9
        assert alice.people.settings("alice").new_per_day == 20


async def test_a_refusal_goes_once_the_value_is_right(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert screen.query_one("#set-desired_retention").has_focus  # the first field
        await pilot.press("end", *["backspace"] * 3, *"1.5", "ctrl+s")
        await _settle(app, pilot)
        assert "Desired retention: must be at most 0.99" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace", *"0.8")
        await pilot.pause()
        assert "Desired retention: must be at most 0.99" not in screen_text(app)
        assert not screen.query_one("#set-desired_retention").has_class("-refused")
        assert screen.query_one("#set-desired_retention").has_focus  # the typing stays put
        assert alice.people.settings("alice").desired_retention == 0.9


async def test_leaving_with_unsaved_changes_warns_once(alice: Services, toasts: Toasts) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        screen = await _open(app, pilot)
        _set(screen, "leech_threshold", "5")
        await pilot.press("escape")
        assert app.screen is screen
        assert toasts.messages == [UNSAVED]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert alice.people.settings("alice").leech_threshold == 8


async def test_optimize_with_too_few_reviews_says_so(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await pilot.press("ctrl+o")
        await _settle(app, pilot)
        assert "at least 400" in screen_text(app)
        assert not app.screen.query_one(ProgressBar).display
        assert alice.people.settings("alice").parameters is None


@pytest.mark.slow  # fits FSRS to 120 days of reviews of 120 cards in the app's worker
async def test_optimize_shows_the_figures(svc: Services) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 120)
    add_synthetic_log(svc.ctx, "alice", keys, DEFAULT_PARAMETERS, days=120, seed=7)
    app = make_app(svc)
    posted: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=posted.append) as pilot:
        screen = await _open(app, pilot)
        screen.query_one("#set-fuzz", Switch).focus()  # o works outside the inputs
        await pilot.press("o")
        await _settle(app, pilot)
        text = screen_text(app)
        assert "usable" in text
        assert "log loss" in text
        assert "RMSE(bins)" in text
        assert "Later reviews" in text
        assert "→" in text
        assert "the current parameters" in text or "aved the fitted parameters" in text
        assert "← now" not in text  # the retention simulation runs only when asked
        assert "Done in" in text
        stages = [m.stage for m in posted if isinstance(m, OptimizeProgress)]
        assert set(stages) == {"read", "evaluate", "fit"}  # nothing saved, nothing simulated
        assert not any(isinstance(m, RetentionSimulated) for m in posted)


async def test_the_retention_simulation_runs_only_when_asked(alice: Services) -> None:
    app = make_app(alice)
    posted: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=posted.append) as pilot:
        await _open(app, pilot)
        await pilot.press("ctrl+o")  # too few reviews to fit: nothing simulated either
        await _settle(app, pilot)
        assert not any(isinstance(m, RetentionSimulated) for m in posted)
        assert "days simulated" not in screen_text(app)
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        simulated = next(m for m in posted if isinstance(m, RetentionSimulated))
        assert simulated.advice is not None
        assert simulated.advice.current == 0.9
        text = screen_text(app)
        assert "days simulated" in text
        assert "← now" in text
        assert "Simulated." in text


# parsing -------------------------------------------------------------------------------------


def test_parse_percent_steps_and_blank_zone() -> None:
    by_name = {field.name: field for field in FIELDS}
    assert parse(by_name["desired_retention"], "90%") == 0.9
    assert parse(by_name["learning_steps_minutes"], "1m, 10m") == (1.0, 10.0)
    assert parse(by_name["learning_steps_minutes"], "") == ()
    assert parse(by_name["timezone"], "  ") is None


def test_a_refusal_is_shown_by_label_and_marks_its_fields() -> None:
    problems = {"timezone": "unknown time zone 'Mars/Base'", "new_per_day": "must be at least 0"}
    text, fields = refusal("invalid settings for alice: ...", problems)
    assert text == "Time zone: unknown time zone 'Mars/Base'\nNew cards a day: must be at least 0"
    assert fields == ["timezone", "new_per_day"]
    assert refusal("database is busy", {}) == ("database is busy", [])
