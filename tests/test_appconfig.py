"""The app's config file: theme and keymap, minimal TOML written atomically, clear errors."""

from __future__ import annotations

import tempfile
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


COMMENTED = """# My tandem settings: see the README.
theme = "nord"  # dark, for the evening

# Keys I changed; "stats.future" is for a newer tandem.
[keymap]
"review.good" = "3,g"  # home row
"stats.future" = "f"

[logs]
# the team's folder, synced by git
folder = "/home/alice/team/logs"
"""


def test_set_theme_changes_only_the_theme_value(tmp_path: Path) -> None:
    file = AppConfigFile(tmp_path / "config.toml")
    file.path.write_text(COMMENTED)
    file.set_theme("gruvbox")
    assert file.path.read_text() == COMMENTED.replace('"nord"', '"gruvbox"')
    file.set_theme(None)
    assert file.path.read_text() == COMMENTED.replace(
        'theme = "nord"  # dark, for the evening\n', ""
    )
    file.set_theme("nord")  # a new line: above the first table and the comment about it
    assert file.path.read_text() == COMMENTED.replace(
        'README.\ntheme = "nord"  # dark, for the evening\n', 'README.\n\ntheme = "nord"\n'
    )


def test_a_new_theme_goes_last_in_a_file_without_tables(tmp_path: Path) -> None:
    file = AppConfigFile(tmp_path / "config.toml")
    file.path.write_text("# nothing set yet\n")
    file.set_theme("nord")
    assert file.path.read_text() == '# nothing set yet\ntheme = "nord"\n'


def test_set_logs_folder_keeps_the_comments(tmp_path: Path) -> None:
    file = AppConfigFile(tmp_path / "config.toml")
    file.path.write_text(COMMENTED)
    file.set_logs_folder("/srv/logs")
    assert file.path.read_text() == COMMENTED.replace("/home/alice/team/logs", "/srv/logs")
    file.set_logs_folder(None)
    assert file.path.read_text() == COMMENTED.split("\n[logs]")[0]
    file.set_logs_folder("/x")
    assert file.path.read_text() == COMMENTED.split("\n[logs]")[0] + '\n[logs]\nfolder = "/x"\n'


def test_set_theme_in_a_new_file_and_an_unknown_setting_left_alone(tmp_path: Path) -> None:
    file = AppConfigFile(tmp_path / "sub" / "config.toml")
    file.set_theme("nord")
    assert file.path.read_text() == 'theme = "nord"\n'
    file.path.write_text("# typo below\ntheem = 'nord'\n")
    with pytest.raises(BadInputError, match="theem: unknown setting"):
        file.set_theme("gruvbox")
    assert file.path.read_text() == "# typo below\ntheem = 'nord'\n"


@given(st.text(min_size=1).filter(lambda s: s.strip() and "\n" not in s))
def test_any_theme_name_is_written_back_exactly(theme: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = AppConfigFile(Path(folder) / "config.toml")
        file.path.write_text(COMMENTED)
        file.set_theme(theme)
        assert file.load() == AppConfig(
            theme, {"review.good": "3,g", "stats.future": "f"}, "/home/alice/team/logs"
        )
        lines = file.path.read_text().split("\n")
        assert lines[0] == COMMENTED.split("\n")[0]
        assert lines[2:] == COMMENTED.split("\n")[2:]


def test_a_table_like_line_in_a_string_does_not_misplace_a_new_theme(tmp_path: Path) -> None:
    file = AppConfigFile(tmp_path / "config.toml")
    text = 'keymap."review.good" = """g,\n[x"""\n\n[logs]\nfolder = "/x"\n'
    file.path.write_text(text)
    file.set_theme("nord")
    assert file.load() == AppConfig("nord", {"review.good": "g,\n[x"}, "/x")
    assert file.path.read_text().replace('theme = "nord"\n', "", 1) == text
