"""The config file: a [keymap] remaps bindings by id; the theme persists across runs."""

from __future__ import annotations

from tandem.config.app_file import AppConfig, save
from tandem.services import Services
from tandem.tui.keymap import known_binding_ids
from tandem.tui.screens.help import HelpScreen
from tandem.tui.screens.start_session import StartSessionScreen
from tandem.tui.widgets.card import CardView

from .conftest import SIZE, make_app, screen_text


async def test_a_keymap_in_the_config_file_remaps_a_binding(alice: Services) -> None:
    save(alice.paths.config_file, AppConfig(keymap={"home.new_session": "f2", "nope": "x"}))
    app = make_app(alice)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "Unknown binding id(s) in [keymap]: nope" in screen_text(app)
        await pilot.press("n")
        assert not isinstance(app.screen, StartSessionScreen)
        await pilot.press("f2")
        assert isinstance(app.screen, StartSessionScreen)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        [row] = [line for line in screen_text(app).splitlines() if "home.new_session" in line]
        assert "f2" in row.lower()


async def test_the_footer_and_the_help_show_a_remapped_key(alice: Services) -> None:
    save(alice.paths.config_file, AppConfig(keymap={"review.reveal": "v", "app.help": "?"}))
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]  # (Textual lists a remapped key last)
        assert "v Show answer" in footer
        assert "space" not in footer
        await pilot.press("space")
        assert not app.screen.query_one(CardView).revealed
        await pilot.press("v", "3")  # the footer's keys change in place: still the remapped one
        await pilot.pause()
        assert screen_text(app).splitlines()[-1] == footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = screen_text(app).splitlines()
        [reveal] = [line for line in rows if "review.reveal" in line]
        assert reveal.split()[1:4] == ["v", "Show", "answer"]
        [help_row] = [line for line in rows if "app.help" in line]
        assert help_row.split()[1:3] == ["?", "Help"]  # "?" is question_mark: no f1 any more


async def test_the_theme_persists_across_runs(alice: Services) -> None:
    app = make_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in alice.paths.config_file.read_text()
    again = make_app(alice)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_a_malformed_config_file_is_reported_and_the_app_starts(alice: Services) -> None:
    alice.paths.config_file.parent.mkdir(parents=True)
    alice.paths.config_file.write_text("theme = [\n")
    app = make_app(alice)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "not valid TOML" in screen_text(app)
        app.theme = "nord"  # not saved over the user's broken file
        await pilot.pause()
    assert alice.paths.config_file.read_text() == "theme = [\n"


def test_every_binding_has_an_id_and_ids_are_known() -> None:
    ids = known_binding_ids()
    assert {"home.new_session", "review.edit", "session.add_card", "card_editor.save"} <= ids
    assert {"session.edit_card", "session.save_notes", "app.help"} <= ids
