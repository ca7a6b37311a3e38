"""Provides Anki field HTML -> Markdown: bold, italics, lists, line breaks, code, entities.

Line breaks become Markdown hard breaks (a backslash at the end of the line); the result
never holds a blank line outside a code fence, so it is always valid deck-file card text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tandem.interop.medianames import media_link, safe_media_name

_BREAK = "\x00"
_FENCE_MARK = "\ue000"  # marks the fences this converter opens, unlike fences in the data
_INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~", "strike": "~~"}
_BLOCKS = {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "table", "hr"}
_SKIP = {"script", "style", "head", "title"}
_SOUND = re.compile(r"\[sound:([^\]\n]+)\]")
_PLAIN = re.compile(r"[^<>&\[\n\r\t\f\x00\ue000\xa0]*")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.media: list[str] = []
        self.lists: list[list[int]] = []  # one [counter] per open list; -1 for bullets
        self.pre: list[str] | None = None
        self.skip = 0
        self.link: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.pre is not None and tag not in ("br", "pre"):
            return  # tags inside a code block are dropped, their text kept
        if tag in _SKIP:
            self.skip += 1
        elif tag == "pre":
            self._break()
            self.pre = self.pre or []
        elif tag in _INLINE:
            self.out.append(_INLINE[tag])
        elif tag == "code" and self.pre is None:
            self.out.append("`")
        elif tag == "br":
            self._text("\n") if self.pre is not None else self._break()
        elif tag in ("ul", "ol"):
            self._break()
            self.lists.append([-1 if tag == "ul" else 0])
        elif tag == "li":
            self._list_item()
        elif tag == "img" and values.get("src"):
            self._media(values["src"] or "", image=True)
        elif tag == "a" and values.get("href"):
            self.link = values["href"]
            self.out.append("[")
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self.pre is not None and tag != "pre":
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "pre" and self.pre is not None:
            code, self.pre = "".join(self.pre).strip("\n"), None
            if not code.strip():
                return
            fence = "`" * max(3, _longest_run(code, "`") + 1)
            fence = _FENCE_MARK + fence
            self.out += [fence, _BREAK, code.replace("\n", _BREAK), _BREAK, fence]
            self._break()
        elif tag in _INLINE:
            self.out.append(_INLINE[tag])
        elif tag == "code" and self.pre is None:
            self.out.append("`")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._break()
        elif tag == "a" and self.link is not None:
            self.out.append(f"]({self.link})")
            self.link = None
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        data = data.replace(_FENCE_MARK, "").replace(_BREAK, "")
        if self.skip:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        text = re.sub(r"[ \t\n\r\f]+", " ", data.replace("\xa0", " "))
        position = 0
        for match in _SOUND.finditer(text):
            self._text(text[position : match.start()])
            self._media(match.group(1), image=False)
            position = match.end()
        self._text(text[position:])

    def _text(self, text: str) -> None:
        if self.pre is not None:
            self.pre.append(text)
        elif text:
            self.out.append(text)

    def _break(self) -> None:
        if self.out and self.out[-1] != _BREAK:
            self.out.append(_BREAK)

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


def html_to_markdown(html: str) -> tuple[str, list[str]]:
    """Converts an Anki field; returns the Markdown and the media file names it refers to."""
    if _PLAIN.fullmatch(html):  # most fields: no tags, entities, sounds or breaks
        return _escape_line(" ".join(html.split())), []
    converter = _Converter()
    converter.feed(html)
    converter.close()
    if converter.pre is not None:
        converter.handle_endtag("pre")
    return _join("".join(converter.out)), converter.media


def plain_to_markdown(text: str) -> tuple[str, list[str]]:
    """Converts a plain-text field (``#html:false``): line breaks kept, HTML left as text."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return html_to_markdown(escaped.replace("\n", "<br>"))


def _join(text: str) -> str:
    kept: list[tuple[str, bool]] = []  # (line, is fence or inside one)
    fence: str | None = None
    for raw in text.split(_BREAK):
        if fence is not None:
            kept.append((raw.removeprefix(_FENCE_MARK), True))
            fence = None if raw == fence else fence
        elif raw.startswith(_FENCE_MARK):
            fence = raw
            kept.append((raw.removeprefix(_FENCE_MARK), True))
        elif line := (raw.rstrip(" ") if _LIST_ITEM.match(raw) else raw.strip(" ")):
            kept.append((_escape_line(line), False))
    result = []
    for index, (line, code) in enumerate(kept):
        nxt = kept[index + 1] if index + 1 < len(kept) else None
        hard = not code and nxt is not None and not nxt[1] and not _LIST_ITEM.match(nxt[0])
        result.append(line + "\\" if hard and not _LIST_ITEM.match(line) else line)
    return "\n".join(result)


def _escape_line(line: str) -> str:
    if line[:2] in ("Q:", "A:", "C:") or line.startswith("<!--"):
        return " " + line
    if line.lstrip(" ")[:3] in ("```", "~~~"):
        return "\\" + line.lstrip(" ")
    return line


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(run) for run in runs), default=0)
