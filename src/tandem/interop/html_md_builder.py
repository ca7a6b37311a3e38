"""Provides the Markdown builder behind Anki HTML -> Markdown: tags and text in, lines out.

The builder is fed start tags, end tags and text in document order, by ``HTMLParser`` or by
the fast tokenizer of ``html_md``, and joins what it built into valid card text. Text is
escaped where Markdown would read it as markup (``# not a heading`` stays text); the builder's
own markup (lists, quotes, tables, fences, headings) is written as Markdown.
"""

from __future__ import annotations

import re

from tandem.interop.html_md_lines import Line, render_lines
from tandem.interop.html_md_marks import CLOSE, OPEN, SENTINELS, resolve_marks
from tandem.interop.links import allowed_link, markdown_destination, media_target
from tandem.interop.medianames import media_link, safe_media_name

INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~", "strike": "~~"}
BLOCKS = {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "table", "hr"}
SKIP = {"script", "style", "head", "title"}
QUOTE = -2  # the counter of a container that is a quote, not a list
_HEADINGS = {f"h{level}": "#" * level + " " for level in range(1, 7)}
_SOUND = re.compile(r"\[sound:([^\]\n]+)\]")
_SPACES = re.compile(r"[ \t\n\r\f]+")
# ``<`` before what could be an autolink: a run without space or ``<>`` that holds ``:`` or
# ``@`` and ends at ``>``. The run before the first ``:`` or ``@`` leaves them out, so the
# lookahead reads the run once (``[^\s<>]*[:@]`` tried every split: ``<`` and 20,000
# colons took 17 s).
_AUTOLINK = r"<(?=[^\s<>:@]*[:@][^\s<>]*>)"
_INLINE_SPECIAL = re.compile(r"[\\`*\[]|(?<![^\W_])_|_(?![^\W_])|~|&(?=#?\w+;)|" + _AUTOLINK)
# Where ``_INLINE_SPECIAL`` could match (any ``_`` or ``&``): its lookbehinds, tried at
# every character, make it some four times slower to find nothing.
_MAYBE_SPECIAL = re.compile(r"[\\`*\[_~&]|" + _AUTOLINK)
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_DELIMITERS = {"left": ":--", "center": ":-:", "right": "--:", "": "---"}
_LANGUAGE = re.compile(r"(?:^|\s)language-([\w+#.\-]+)")


def escape_inline(text: str) -> str:
    """Backslash-escapes what Markdown would read as inline markup in plain text."""
    if _MAYBE_SPECIAL.search(text) is None:  # most text: one quick scan finds nothing
        return text
    return escape_inline_fully(text)


def escape_inline_fully(text: str) -> str:
    """``escape_inline`` without its quick scan (the reference it must match)."""
    return _INLINE_SPECIAL.sub(lambda match: "\\" + match.group(), text)


class MarkdownBuilder:
    """Builds the Markdown of one field from its tags and text."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.line: Line | None = None
        self.media: list[str] = []
        self.lists: list[list[int]] = []  # [counter (-1: bullets), marker width, number]
        self.list_count = 0
        self.containers: list[list[int]] = []  # open lists and quotes ([QUOTE, 0, n]), in order
        self.pre: list[str] | None = None
        self.language = ""
        self.code: list[str] | None = None
        self.last_code: tuple[str, str] | None = None  # the code span emitted last, its code
        self.skip = 0
        self.link: str | None = None
        self.table: list[list[tuple[str, str]]] | None = None  # rows of (cell, alignment)
        self.cell: list[str] | None = None
        self.align = ""

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.pre is not None:
            if tag == "code":
                self.language = self.language or _language(attrs)
            elif tag == "br":
                self.pre.append("\n")
            return  # other tags inside a code block are dropped, their text kept
        if tag in SKIP:
            self.skip += 1
        elif tag == "pre":
            self._break()
            self.pre, self.language = [], ""
        elif tag in INLINE:
            self._emit(OPEN + INLINE[tag])
        elif tag == "code":
            self.code = self.code if self.code is not None else []
        elif tag == "br":
            if self.cell is not None:
                self._emit(" ")
            elif self.line is None:  # a line of its own: two breaks in a row end a paragraph
                self.lines.append(self._new("text"))
            else:
                self._break()
        elif tag in ("ul", "ol"):
            self._break()
            self.lists.append([-1 if tag == "ul" else _start(attrs) - 1, 0, self._list_number()])
            self.containers.append(self.lists[-1])
        elif tag == "li":
            self._list_item()
        elif tag == "img" and (src := dict(attrs).get("src")):
            self._media(src, image=True, alt=dict(attrs).get("alt") or "")
        elif tag == "a" and (href := dict(attrs).get("href")):
            self._link(href)
        elif tag in ("td", "th"):
            self._cell(attrs)
        elif tag in BLOCKS or tag in ("tbody", "thead"):
            self._block_start(tag)

    def end(self, tag: str) -> None:
        if self.pre is not None:
            if tag == "pre":
                self._close_pre()
            return
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in INLINE:
            self._emit(CLOSE + INLINE[tag])
        elif tag == "code" and self.code is not None:
            self._close_code()
        elif tag in ("ul", "ol") and self.lists:
            self._break()
            self._close_container(self.lists.pop())
        elif tag == "a" and self.link is not None:
            self._emit(f"]({self.link})")
            self.link = None
        elif tag in ("td", "th") or tag == "tr" and self.table is not None:
            self._close_cell()
        elif tag == "table" and self.table is not None:
            self._close_table()
        elif tag == "blockquote":
            self._break()
            quotes = [c for c in self.containers if c[0] == QUOTE]
            if quotes:
                self._close_container(quotes[-1])
        elif tag in BLOCKS:
            self._break()

    def data(self, data: str) -> None:
        for sentinel in SENTINELS:
            data = data.replace(sentinel, "")
        if self.skip:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        text = _SPACES.sub(" ", data.replace("\xa0", " "))
        if self.code is not None:
            self.code.append(text)
            return
        position = 0
        for match in _SOUND.finditer(text) if "[" in text else ():
            self._text(text[position : match.start()])
            self._media(match.group(1), image=False)
            position = match.end()
        self._text(text[position:])

    def markdown(self) -> str:
        """The Markdown built so far (open code, tables and cells are closed first)."""
        if self.pre is not None:
            self._close_pre()
        if self.code is not None:
            self._close_code()
        if self.table is not None:
            self._close_table()
        self._break()
        return render_lines(self.lines)

    # -- blocks ---------------------------------------------------------------------------

    def _block_start(self, tag: str) -> None:
        self._break()
        if tag == "blockquote":
            self.containers.append([QUOTE, 0, self._list_number()])
        elif tag in _HEADINGS and self.table is None:
            self.line = self._new("heading", _HEADINGS[tag])
        elif tag == "hr":
            self.lines.append(self._new("hr", "***"))
        elif tag == "table" and self.table is None:
            self.table = []
        elif tag == "tr" and self.table is not None:
            self._close_cell()
            self.table.append([])

    def _list_item(self) -> None:
        self._break()
        if not self.lists:
            self.lists.append([-1, 0, self._list_number()])
            self.containers.append(self.lists[-1])
        counter = self.lists[-1]
        counter[1] = 0  # the item's own line: its marker, not its indent
        if counter[0] >= 0:
            counter[0] += 1
            marker = f"{counter[0]}. "
        else:
            marker = "- "
        self.line = self._new("item", marker)
        self.line.list_id = counter[2]
        counter[1] = len(marker)

    def _list_number(self) -> int:
        self.list_count += 1
        return self.list_count

    def _prefix(self) -> str:
        return "".join("> " if c[0] == QUOTE else " " * c[1] for c in self.containers)

    def _new(self, kind: str, marker: str = "") -> Line:
        return Line(self._prefix(), kind, marker, path=tuple(c[2] for c in self.containers))

    def _close_container(self, container: list[int]) -> None:
        for index in range(len(self.containers) - 1, -1, -1):
            if self.containers[index] is container:
                del self.containers[index:]
                return

    def _close_pre(self) -> None:
        assert self.pre is not None
        code, self.pre = "".join(self.pre).strip("\n"), None
        if not code.strip():
            return
        fence = "`" * max(3, _longest_run(code, "`") + 1)
        self.lines.append(self._new("fence", fence + self.language))
        for line in code.split("\n"):
            self.lines.append(self._new("code", line))
        self.lines.append(self._new("fence", fence))

    def _close_code(self) -> None:
        assert self.code is not None
        code, self.code = "".join(self.code), None
        if not code:
            return
        parts = self._parts()
        if self.last_code is not None and parts and parts[-1] is self.last_code[0]:
            code = self.last_code[1] + code  # two spans side by side would read as one run
            parts.pop()
        ticks = "`" * (_longest_run(code, "`") + 1)
        pad = " " if code.strip(" ") and (code[0] in "` " or code[-1] in "` ") else ""
        span = f"{ticks}{pad}{code}{pad}{ticks}"
        span = span.replace("|", "\\|") if self.cell is not None else span
        self._emit(span)
        self.last_code = (span, code)

    def _parts(self) -> list[str]:
        return self.cell if self.cell is not None else self.line.parts if self.line else []

    def _cell(self, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is None:
            self._break()
            return
        self._close_cell()
        if not self.table:
            self.table.append([])
        align = _ALIGN.search(dict(attrs).get("style") or "")
        self.align = align.group(1) if align else ""
        self.cell = []

    def _close_cell(self) -> None:
        if self.cell is None or self.table is None:
            return
        if self.code is not None:
            self._close_code()
        text, self.cell = resolve_marks("".join(self.cell)).strip(" "), None
        self.table[-1].append((text, self.align))

    def _close_table(self) -> None:
        assert self.table is not None
        self._close_cell()
        rows, self.table = [row for row in self.table if row], None
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [("", "")] * (width - len(row)) for row in rows]
        delimiter = [_DELIMITERS[align] for _, align in rows[0]]
        cells = [[text for text, _ in rows[0]], delimiter, *[[t for t, _ in r] for r in rows[1:]]]
        for row in cells:
            line = "| " + " | ".join(row) + " |"
            self.lines.append(self._new("row", line))

    # -- inline ---------------------------------------------------------------------------

    def _text(self, text: str) -> None:
        if not text:
            return
        if self.code is not None:
            self.code.append(text)
            return
        escaped = escape_inline(text)
        parts = self._parts()
        if escaped.startswith(" ") and parts and parts[-1].endswith(" "):
            escaped = escaped[1:]  # one space between words, as within one piece of text
        self._emit(escaped.replace("|", "\\|") if self.cell is not None else escaped)

    def _emit(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
            return
        if self.line is None:
            self.line = self._new("text")
        self.line.parts.append(text)

    def _break(self) -> None:
        if self.line is not None:
            self.lines.append(self.line)
            self.line = None

    def _link(self, href: str) -> None:
        if not allowed_link(href):
            return  # the text stays, the target goes
        name = media_target(href)
        self.link = f"media/{markdown_destination(name)}" if name else markdown_destination(href)
        parts = self._parts()
        last = len(parts) - 1
        while last >= 0 and parts[last][:1] in (OPEN, CLOSE):  # marks may be dropped later
            last -= 1
        if last >= 0 and parts[last].endswith("!") and not parts[last].endswith("\\!"):
            parts[last] = parts[last][:-1] + "\\!"  # "![" would make the link an image
        self._emit("[")

    def _media(self, name: str, *, image: bool, alt: str = "") -> None:
        safe = safe_media_name(name) if "://" not in name else None
        if safe is None:
            self._text(name if not image else "")
            return
        self.media.append(name)
        link = media_link(safe, image=image)
        if alt:
            link = "![" + escape_inline(alt).replace("]", "\\]") + link[2:]
        self._emit(link)


def _start(attrs: list[tuple[str, str | None]]) -> int:
    start = dict(attrs).get("start") or ""
    return int(start) if start.isdigit() and len(start) < 9 else 1


def _language(attrs: list[tuple[str, str | None]]) -> str:
    found = _LANGUAGE.search(dict(attrs).get("class") or "")
    return found.group(1) if found else ""


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(run) for run in runs), default=0)
