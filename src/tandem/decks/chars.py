"""Provides the character checks of deck text: CRLF, control and bidi override characters."""

from __future__ import annotations

from tandem.decks.lines import BAD_CHAR

MAX_REPORTED_LINES = 20
_REPLACED = dict.fromkeys(
    [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)],
    "\ufffd",
)  # fmt: skip
"""BAD_CHAR's characters, each to U+FFFD."""


def check_chars(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Finds CRLF line ends and forbidden characters (the first of each line).

    Returns:
        The text with CRLF made LF and forbidden characters replaced by U+FFFD (so that
        parsing can go on and report more), and ``(line index, message)`` problems.
    """
    problems: list[tuple[int, str]] = []
    if "\r\n" in text:
        index = text.count("\n", 0, text.index("\r\n"))
        problems.append((index, "CRLF line endings: tandem fmt converts them to LF"))
        text = text.replace("\r\n", "\n")
    line, position, reported, count = 0, 0, -1, 0
    for match in BAD_CHAR.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if line != reported:
            reported, count = line, count + 1
            if count <= MAX_REPORTED_LINES:
                problems.append((line, char_message(match.group(0))))
            elif count == MAX_REPORTED_LINES + 1:
                problems.append((line, "more lines with forbidden characters follow (not listed)"))
    # translate, not BAD_CHAR.sub: a substitution per character would make a string each
    # (a file of control characters took hundreds of MB).
    return (text.translate(_REPLACED) if reported >= 0 else text), problems


def char_message(char: str) -> str:
    """Says why ``char`` is not allowed in a deck file."""
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"bidi override character {code} (it can hide what the text says)"
    if char == "\r":
        return f"control character {code} (a carriage return outside a CRLF line end)"
    return f"control character {code}"
