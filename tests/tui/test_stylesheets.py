"""Stylesheets: each area's .tcss is loaded with its screens, whichever screen comes first."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from tandem.services import Services
from tandem.tui import TandemApp, screens
from tandem.tui.keymap import screen_classes
from tandem.tui.screens.session import SessionScreen
from tandem.tui.screens.stats import StatsScreen

from .conftest import SIZE, make_app

TUI = Path(screens.__file__).parent.parent


def _screen_classes() -> list[type[Screen[Any]]]:
    return screen_classes()


def test_every_stylesheet_is_some_screens_and_every_css_path_exists() -> None:
    named = {
        (Path(screens.__file__).parent / str(cls.CSS_PATH)).resolve()
        for cls in _screen_classes()
        if cls.CSS_PATH is not None
    }
    assert all(path.is_file() for path in named)
    assert named | {(TUI / TandemApp.CSS_PATH).resolve()} == {
        p.resolve() for p in TUI.glob("*.tcss")
    }


def test_stylesheets_use_theme_variables_not_colours() -> None:
    for sheet in TUI.glob("*.tcss"):
        for number, line in enumerate(sheet.read_text().splitlines(), 1):
            assert not re.search(r":[^;]*(#[0-9a-fA-F]{3,8}\b|rgb\()", line), f"{sheet}:{number}"


def _header_styled(app: TandemApp, selector: str) -> bool:
    """Whether the header has the padding its stylesheet gives (a widget has none alone)."""
    return app.screen.query_one(selector).styles.padding.left == 1


@pytest.mark.slow  # a long pilot run: every screen reached from home, one after the other
async def test_screens_reached_from_home_bring_their_rules(alice: Services) -> None:
    alice.paths.decks.mkdir(parents=True, exist_ok=True)
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#people-pane").outer_size.width == 34  # home.tcss
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert _header_styled(app, "#stats-header")  # stats.tcss
        await pilot.press("escape", "n", *"Joins", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert _header_styled(app, "#session-header")  # sessions.tcss


async def test_a_review_start_has_the_review_rules_without_the_homes(alice: Services) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _header_styled(app, "#review-header")
        sources = {Path(path).name for path, _ in app.stylesheet.source}
        assert "tandem.tcss" in sources
        assert not sources & {"home.tcss", "quiz.tcss", "sessions.tcss", "stats.tcss"}


def _ids_styled(sheet: Path) -> set[str]:
    text = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
    selectors = "".join(part.split("{")[0] for part in text.split("}"))
    return set(re.findall(r"#([A-Za-z][\w-]*)", selectors))


def test_a_screen_finds_the_rules_of_its_widgets_in_the_sheets_it_loads() -> None:
    styled = {sheet.name: _ids_styled(sheet) for sheet in TUI.glob("*.tcss")}
    for cls in _screen_classes():
        module = Path(sys.modules[cls.__module__].__file__ or "")
        loaded = {"tandem.tcss"} | ({Path(str(cls.CSS_PATH)).name} if cls.CSS_PATH else set())
        for widget_id in set(re.findall(r'id="([\w-]+)"', module.read_text())):
            where = {name for name, ids in styled.items() if widget_id in ids}
            assert not where or where & loaded, f"{cls.__name__} #{widget_id}: only in {where}"
