"""Provides tandem card Markdown -> the small HTML Anki fields use (the inverse of html_md)."""

from __future__ import annotations

import html
import re

from tandem.interop.medianames import MEDIA_FOLDER

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+\.)\s+(.*)$")
_INLINE = [
    (re.compile(r"`([^`\n]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*(.+?)\*\*"), r"<b>\1</b>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"<i>\1</i>"),
    (re.compile(r"~~(.+?)~~"), r"<s>\1</s>"),
    (re.compile(rf"!\[[^\]]*\]\({MEDIA_FOLDER}/([^)\s]+)\)"), r'<img src="\1">'),
    (re.compile(rf"\[sound: [^\]]*\]\({MEDIA_FOLDER}/([^)\s]+)\)"), r"[sound:\1]"),
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r'<a href="\2">\1</a>'),
]
MEDIA_REF = re.compile(rf"\]\({MEDIA_FOLDER}/([^)\s]+)\)")


def markdown_to_html(text: str) -> str:
    """Converts card text: inline marks, hard and soft breaks as ``<br>``, lists, fences."""
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            end = next(
                (
                    j
                    for j in range(index + 1, len(lines))
                    if lines[j].strip().startswith(fence.group(1))
                ),
                len(lines),
            )
            code = html.escape("\n".join(lines[index + 1 : end]), quote=False)
            out.append(f"<pre><code>{code}</code></pre>")
            index = end + 1
            continue
        if _ITEM.match(line):
            index = _list(lines, index, out)
            continue
        out.append(_inline(line.removesuffix("\\")) + ("<br>" if index + 1 < len(lines) else ""))
        index += 1
    return "".join(out).removesuffix("<br>")


def _list(lines: list[str], index: int, out: list[str]) -> int:
    first = _ITEM.match(lines[index])
    assert first is not None
    tag = "ol" if first.group(2)[0].isdigit() else "ul"
    items = []
    while index < len(lines) and (match := _ITEM.match(lines[index])):
        items.append(f"<li>{_inline(match.group(3).removesuffix(chr(92)))}</li>")
        index += 1
    out.append(f"<{tag}>{''.join(items)}</{tag}>")
    return index


def _inline(text: str) -> str:
    text = html.escape(text.strip(), quote=False)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def media_names(text: str) -> list[str]:
    """The media files a card's Markdown refers to (``media/NAME`` links)."""
    return MEDIA_REF.findall(text)
