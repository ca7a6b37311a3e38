"""Provides the one sanitiser for text others wrote: file names, deck text, log fields.

Every place that shows such text (CLI output, the TUI, md/csv/html reports) goes through
``shown`` (or ``terminal_line``, its one-line form; ``json_safe`` for JSON output). Control
characters, bidi and other invisible format characters, line and paragraph separators, and
the lone surrogates that stand for undecodable file-name bytes are shown escaped (``\\x1b``,
``\\u202e``): the reader sees that something is there, and the terminal never acts on it.
"""

from __future__ import annotations

import re

# Category Cc, Cf (without the zero-width joiners U+200C/U+200D, which emoji and several
# scripts need), Cs, Zl and Zp, as character ranges: asking unicodedata character by
# character costs far more, and a test checks these ranges against it.
_UNSAFE_RANGES = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[{_UNSAFE_RANGES}]")
# In JSON text U+0000..U+001F appear only as the whitespace between values: json.dumps
# escapes them inside strings.
_JSON_UNSAFE = re.compile(f"[{_UNSAFE_RANGES.removeprefix(chr(0) + '-' + chr(0x1F))}]")
_KEPT = {"\n", "\t"}
# What a deck file may not hold (tandem check refuses it): the control characters but tab
# and line feed, and the bidi embeddings, overrides and isolates.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def escape_char(char: str) -> str:
    """How one unsafe character is shown: ``\\x1b``, ``\\u202e``, ``\\U000e0001``.

    A lone surrogate U+DC80..U+DCFF stands for the undecodable byte 0x80..0xFF of a file
    name (Python's ``surrogateescape``), so it is shown as that byte.
    """
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group(0))


def _escape_unless_kept(match: re.Match[str]) -> str:
    char = match.group(0)
    return char if char in _KEPT else escape_char(char)


def shown(text: str, *, lines: bool = False) -> str:
    """``text`` with every unsafe character escaped.

    Args:
        text: Text from a file, a file name or a log.
        lines: Keep line feeds and tabs (for text printed as several lines).
    """
    if _UNSAFE.search(text) is None:  # nearly all text: nothing to do
        return text
    return _UNSAFE.sub(_escape_unless_kept if lines else _escape, text)


def controls_escaped(text: str) -> str:
    """Data printed whole (an export on stdout): only what valid data never holds is
    escaped (controls, bidi overrides), so everything else stays byte for byte."""
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(_escape, text)


def terminal_line(text: str, width: int = 60) -> str:
    """``text`` on one line: whitespace runs as one space, unsafe characters escaped, cut to
    ``width`` characters with an ellipsis."""
    line = shown(_SPACES.sub(" ", text).strip())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def html_safe(text: str) -> str:
    """``text`` for an HTML page: unsafe characters escaped as in ``shown``, then ``<``,
    ``>``, ``&`` and quotes as entities."""
    from html import escape

    return escape(shown(text))


def csv_safe(text: str) -> str:
    """A CSV cell: unsafe characters escaped as in ``shown``, and a cell a spreadsheet would
    run as a formula (``=``, ``+``, ``-``, ``@`` first; OWASP's CSV injection) quoted with
    a leading apostrophe."""
    text = shown(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def json_safe(text: str) -> str:
    """JSON text with the unsafe characters inside its strings written as ``\\u`` escapes.

    ``json.dumps(..., ensure_ascii=False)`` escapes only U+0000..U+001F; the value read back
    is the same, but a terminal showing the JSON sees no C1 control or bidi character.
    """
    if text.isascii() and "\x7f" not in text:  # DEL is the only unsafe ASCII character
        return text  # (``isascii`` is known without a scan: a whole export's batch at once)
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: a UTF-16 surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
