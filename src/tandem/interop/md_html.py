"""Provides tandem card Markdown -> the small HTML Anki fields use (the inverse of html_md).

markdown-it-py (CommonMark, with tables and strikethrough) parses the card; raw HTML in the
Markdown stays text, links and images keep only the targets ``links.allowed_link`` accepts
(a refused link stays text), attributes are escaped by the renderer. The HTML is compact
(no newlines outside code blocks), paragraphs are not wrapped in ``<p>`` but separated by
``<br><br>`` (a blank line, as Anki's editor writes it; ``html_md`` reads it back as a
paragraph break), line breaks are ``<br>``, and ``media/NAME`` targets become the bare
``NAME`` Anki's media folder uses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from tandem.interop.links import allowed_link, media_target
from tandem.interop.medianames import MEDIA_FOLDER
from tandem.interop.sanitize import Cleaner

# A media link: the name, and its ``)`` when there is one. A name that runs into a space or
# the end is matched too, and left out by ``media_names``: every link starting inside it
# would run to the same end, and trying each again made ``](media/`` repeated quadratic.
MEDIA_REF = re.compile(rf"\]\({MEDIA_FOLDER}/([^)\s]+)(\)?)")
# Text that Markdown reads as itself: one line starting with a letter, without the
# characters of inline markup or entities, not ending in a space.
_PLAIN = re.compile(r"(?:[^\W\d_]|[{(\"'])[^\\`*_\[\]<>&!~|\x00-\x1f\x7f-\x9f\u2028\u2029]*(?<!\s)")
_WORDS = r"[^\W_](?:[^\\`*_\[\]<>&!~|\x00-\x1f\x7f-\x9f\u2028\u2029]*[^\W_])?"
_EMPHASIS = re.compile(rf"(?<![^ ])(\*\*|\*)({_WORDS})\1(?![^ ])")  # whole words only
_ANKI_TAGS = {"strong": "b", "em": "i"}  # the tags Anki's editor writes
_SOUND = re.compile(r"sound: ?(\S+)")


class _AnkiRenderer(RendererHTML):
    """HTML for Anki fields: compact, ``<br>`` breaks, media names without their folder."""

    def renderToken(  # noqa: N802 (markdown-it's name)
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        if token.type == "paragraph_open" or (token.hidden and token.type.startswith("paragr")):
            return ""
        if token.type == "paragraph_close":
            following = tokens[idx + 1].type if idx + 1 < len(tokens) else ""
            return "<br><br>" if following == "paragraph_open" else ""  # Anki's blank line
        if token.tag in _ANKI_TAGS:
            token.tag = _ANKI_TAGS[token.tag]
        if token.type == "link_open":
            token.attrs["href"] = _href(str(token.attrs.get("href", "")))
        return super().renderToken(tokens, idx, options, env).strip("\n").replace(" />", ">")

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        src = html.escape(_href(str(token.attrs.get("src", ""))))
        alt = html.escape(self.renderInlineAsText(token.children or [], options, env))
        return f'<img src="{src}" alt="{alt}">' if alt else f'<img src="{src}">'

    def hardbreak(self, *_: object) -> str:
        return "<br>"

    def softbreak(self, *_: object) -> str:
        return "<br>"

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        language = token.info.strip().split(" ")[0] if token.info else ""
        code = html.escape(token.content.removesuffix("\n"), quote=False)
        attrs = f' class="language-{html.escape(language)}"' if language else ""
        return f"<pre><code{attrs}>{code}</code></pre>"

    code_block = fence


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace('"', "&quot;")


def _simple_lines(text: str) -> str | None:
    """The HTML of plain lines (joined by line breaks) with whole-word ``**bold**`` and
    ``*italic*``, or None for any other text (the property tests check it agrees)."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        if index + 1 < len(lines) and line.endswith("\\"):
            line = line[:-1]  # a hard break, as a soft one: both are <br>
        if not _PLAIN.fullmatch(_EMPHASIS.sub("x", line)):
            return None
        out.append(_with_emphasis(line) if "*" in line else _escape(line))
    return "<br>".join(out)


def _with_emphasis(line: str) -> str:
    """``line`` escaped, its whole-word emphasis as tags (found before escaping: an
    escaped ``"`` is no longer a word's character)."""
    parts, last = [], 0
    for match in _EMPHASIS.finditer(line):
        tag = "b" if len(match.group(1)) == 2 else "i"
        parts += [_escape(line[last : match.start()]), f"<{tag}>{_escape(match.group(2))}</{tag}>"]
        last = match.end()
    parts.append(_escape(line[last:]))
    return "".join(parts)


def _href(url: str) -> str:
    name = media_target(url)
    return name if name is not None and url.startswith(f"{MEDIA_FOLDER}/") else url


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"breaks": True, "html": False}, renderer_cls=_AnkiRenderer)
    parser.enable(["table", "strikethrough"])
    parser.validateLink = allowed_link  # type: ignore[method-assign]
    return parser


def markdown_to_html(text: str) -> str:
    """Converts card Markdown to Anki field HTML (control characters removed first)."""
    text = Cleaner().clean(text)
    if _PLAIN.fullmatch(text):  # nearly every short answer: no Markdown in it
        return _escape(text)
    simple = _simple_lines(text)
    if simple is not None:
        return simple
    parser = _parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _sounds(token.children)
    return str(parser.renderer.render(tokens, parser.options, {})).rstrip("\n")


def _sounds(children: list[Token]) -> list[Token]:
    """``[sound: NAME](media/NAME)`` links become Anki's ``[sound:NAME]`` text."""
    out: list[Token] = []
    index = 0
    while index < len(children):
        token = children[index]
        window = children[index : index + 3]
        if token.type == "link_open" and [t.type for t in window] == [
            "link_open",
            "text",
            "link_close",
        ]:
            name = media_target(str(token.attrs.get("href", "")))
            sound = _SOUND.fullmatch(window[1].content)
            if name is not None and sound is not None:
                out.append(Token("text", "", 0, content=f"[sound:{name}]"))
                index += 3
                continue
        out.append(token)
        index += 1
    return out


def media_names(text: str) -> list[str]:
    """The media files a card's Markdown refers to (``media/NAME`` links)."""
    return [name for name, closed in MEDIA_REF.findall(text) if closed]
