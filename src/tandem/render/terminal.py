"""Provides text that others wrote, made safe for one line of a terminal."""

from __future__ import annotations

import unicodedata

_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}
"""Control and format characters (escapes, bidi overrides) and line breaks: never printed."""


def terminal_line(text: str, width: int = 60) -> str:
    """``text`` on one line: no control or format characters, whitespace runs as one
    space, cut to ``width`` characters with an ellipsis."""
    shown = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in _HIDDEN
    )
    line = " ".join(shown.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"
