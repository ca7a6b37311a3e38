"""``screen_text``, the tests' reader of the screen, gives each character at its cell."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from .conftest import screen_text


class Board(App[None]):
    CSS = "#b { offset: 3 2; } #c { offset: 0 4; }"

    def compose(self) -> ComposeResult:
        # Runs in their own styles after wide characters, and blanks between them.
        yield Static(
            Content.assemble("日本 ", ("<b>&amp;", "bold"), "  [x]  🖼", ("  end", "italic"))
        )
        yield Static(Content("under"), id="b")
        yield Static(Content("a\u00a0b"), id="c")


async def test_wide_characters_markup_like_text_and_blank_lines_read_as_drawn() -> None:
    async with Board().run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        lines = screen_text(pilot.app).split("\n")
    assert len(lines) == 10
    assert lines[0] == "日本 <b>&amp;  [x]  🖼  end"
    assert lines[1] == ""
    assert lines[3] == "   under"
    assert lines[6] == "a b"
    assert lines[9] == ""
