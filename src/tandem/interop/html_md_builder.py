"""Provides the Markdown builder behind Anki HTML -> Markdown: tags and text in, lines out.

The builder is fed start tags, end tags and text in document order, by ``HTMLParser`` or by
the fast tokenizer of ``html_md``, and joins what it built into valid card text.
"""

from __future__ import annotations

import re

from tandem.interop.medianames import media_link, safe_media_name

BREAK = "\x00"
FENCE_MARK = "\ue000"  # marks the fences this converter opens, unlike fences in the data
INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~", "strike": "~~"}
BLOCKS = {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "table", "hr"}
SKIP = {"script", "style", "head", "title"}
_SOUND = re.compile(r"\[sound:([^\]\n]+)\]")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")


class MarkdownBuilder:
    """Builds the Markdown of one field from its tags and text."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.media: list[str] = []
        self.lists: list[list[int]] = []  # one [counter] per open list; -1 for bullets
        self.pre: list[str] | None = None
        self.skip = 0
        self.link: str | None = None

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.pre is not None and tag not in ("br", "pre"):
            return  # tags inside a code block are dropped, their text kept
        if tag in SKIP:
            self.skip += 1
        elif tag == "pre":
            self._break()
            self.pre = self.pre or []
        elif tag in INLINE:
            self.out.append(INLINE[tag])
        elif tag == "code" and self.pre is None:
            self.out.append("`")
        elif tag == "br":
            self._text("\n") if self.pre is not None else self._break()
        elif tag in ("ul", "ol"):
            self._break()
            self.lists.append([-1 if tag == "ul" else 0])
        elif tag == "li":
            self._list_item()
        elif tag == "img" and (src := dict(attrs).get("src")):
            self._media(src, image=True)
        elif tag == "a" and (href := dict(attrs).get("href")):
            self.link = href
            self.out.append("[")
        elif tag in BLOCKS:
            self._break()

    def end(self, tag: str) -> None:
        if self.pre is not None and tag != "pre":
            return
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "pre" and self.pre is not None:
            self._close_pre()
        elif tag in INLINE:
            self.out.append(INLINE[tag])
        elif tag == "code" and self.pre is None:
            self.out.append("`")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._break()
        elif tag == "a" and self.link is not None:
            self.out.append(f"]({self.link})")
            self.link = None
        elif tag in BLOCKS:
            self._break()

    def data(self, data: str) -> None:
        data = data.replace(FENCE_MARK, "").replace(BREAK, "")
        if self.skip:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        text = _SPACES.sub(" ", data.replace("\xa0", " "))
        if "[" not in text:
            self._text(text)
            return
        position = 0
        for match in _SOUND.finditer(text):
            self._text(text[position : match.start()])
            self._media(match.group(1), image=False)
            position = match.end()
        self._text(text[position:])

    def markdown(self) -> str:
        """The Markdown built so far (an open code block is closed first)."""
        if self.pre is not None:
            self._close_pre()
        return join_lines("".join(self.out))

    def _close_pre(self) -> None:
        assert self.pre is not None
        code, self.pre = "".join(self.pre).strip("\n"), None
        if not code.strip():
            return
        fence = FENCE_MARK + "`" * max(3, _longest_run(code, "`") + 1)
        self.out += [fence, BREAK, code.replace("\n", BREAK), BREAK, fence]
        self._break()

    def _text(self, text: str) -> None:
        if self.pre is not None:
            self.pre.append(text)
        elif text:
            self.out.append(text)

    def _break(self) -> None:
        if self.out and self.out[-1] != BREAK:
            self.out.append(BREAK)

    def _list_item(self) -> None:
        self._break()
        if not self.lists:
            self.out.append("- ")
            return
        counter = self.lists[-1]
        indent = "  " * (len(self.lists) - 1)
        if counter[0] >= 0:
            counter[0] += 1
            self.out.append(f"{indent}{counter[0]}. ")
        else:
            self.out.append(f"{indent}- ")

    def _media(self, name: str, *, image: bool) -> None:
        safe = safe_media_name(name)
        if safe is None:
            self.out.append(name)
            return
        self.media.append(name)
        self.out.append(media_link(safe, image=image))


def join_lines(text: str) -> str:
    """Joins the built lines (split by ``BREAK``): hard breaks, escapes, no blank lines."""
    if FENCE_MARK not in text:
        return _join_text_lines(text)
    kept: list[tuple[str, bool]] = []  # (line, is fence or inside one)
    fence: str | None = None
    for raw in text.split(BREAK):
        if fence is not None:
            kept.append((raw.removeprefix(FENCE_MARK), True))
            fence = None if raw == fence else fence
        elif raw.startswith(FENCE_MARK):
            fence = raw
            kept.append((raw.removeprefix(FENCE_MARK), True))
        elif line := (raw.rstrip(" ") if _LIST_ITEM.match(raw) else raw.strip(" ")):
            kept.append((escape_line(line), False))
    result = []
    for index, (line, code) in enumerate(kept):
        nxt = kept[index + 1] if index + 1 < len(kept) else None
        hard = not code and nxt is not None and not nxt[1] and not _LIST_ITEM.match(nxt[0])
        result.append(line + "\\" if hard and not _LIST_ITEM.match(line) else line)
    return "\n".join(result)


def _join_text_lines(text: str) -> str:
    """``join_lines`` for text without a code block (the common case), in one pass."""
    lines: list[str] = []
    after_text = False  # whether the line kept last is a text line (not a list item)
    for raw in text.split(BREAK):
        item = _LIST_ITEM.match(raw) is not None
        line = raw.rstrip(" ") if item else raw.strip(" ")
        if not line:
            continue
        # Stripping may undo an item ("- " -> "-"); escaping never makes or undoes one.
        text_line = not item or _LIST_ITEM.match(line) is None
        if text_line and after_text:
            lines[-1] += "\\"
        lines.append(escape_line(line))
        after_text = text_line
    return "\n".join(lines)


_CONFLICT = ("<<<<<<<", "|||||||", ">>>>>>>")
"""git's conflict markers, which a deck file refuses outside a code fence."""


def escape_line(line: str) -> str:
    """A line that cannot be read as a marker, meta line, conflict marker or fence in a deck
    file (a leading space changes nothing in how Markdown reads a line)."""
    if line[:2] in ("Q:", "A:", "C:") or line.startswith("<!--") or line[:7] in _CONFLICT:
        return " " + line
    if line.lstrip(" ")[:3] in ("```", "~~~"):
        return "\\" + line.lstrip(" ")
    return line


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(run) for run in runs), default=0)
