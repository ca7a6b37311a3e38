"""The app's config file: theme and keymap, minimal TOML written atomically, clear errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.config.app_file import AppConfig, AppConfigFile, dump, load, save
from tandem.models import BadInputError


def test_a_missing_file_is_the_defaults(tmp_path: Path) -> None:
    assert load(tmp_path / "none.toml") == AppConfig()


def test_save_and_load(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    config = AppConfig(theme="nord", keymap={"review.good": "3,g", "home.new_session": "ctrl+n"})
    save(path, config)
    assert path.read_text() == (
        'theme = "nord"\n\n[keymap]\n"home.new_session" = "ctrl+n"\n"review.good" = "3,g"\n'
    )
    assert load(path) == config
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left


@given(st.text(min_size=1).filter(lambda s: s.strip() and "\n" not in s), st.text(min_size=1))
def test_strings_are_escaped(theme: str, binding_id: str) -> None:
    config = AppConfig(theme=theme, keymap={binding_id: "x"})
    assert AppConfig.from_toml(tomllib.loads(dump(config))) == config


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("theme = ", "not valid TOML"),
        ("theme = 3", "theme: must be a string"),
        ("colour = 'red'", "colour: unknown setting"),
        ('[keymap]\n"review.good" = ""', "needs keys"),
    ],
)
def test_a_malformed_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(BadInputError, match=message):
        load(path)


def test_set_theme_keeps_the_keymap_and_never_overwrites_a_broken_file(tmp_path: Path) -> None:
    file = AppConfigFile(tmp_path / "config.toml")
    save(file.path, AppConfig(keymap={"review.good": "g"}))
    file.set_theme("gruvbox")
    assert file.load() == AppConfig(theme="gruvbox", keymap={"review.good": "g"})
    file.path.write_text("theme = [")
    with pytest.raises(BadInputError):
        file.set_theme("nord")
    assert file.path.read_text() == "theme = ["
