"""Card Markdown <-> Anki field HTML: structures kept both ways, hostile input made harmless."""

from __future__ import annotations

import csv
import io
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tandem.decks.model import Deck as DeckModel
from tandem.decks.model import DeckCard
from tandem.decks.parser import parse_deck
from tandem.decks.writer import write_deck
from tandem.interop import md_html
from tandem.interop.html_md import html_to_markdown
from tandem.interop.links import allowed_link
from tandem.interop.md_html import markdown_to_html

from ..conftest import examples
from .conftest import CLOZE, VOCAB, collection_db


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("- a\n  - b\n- c", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"),
        ("1. one\n   - sub", "<ol><li>one<ul><li>sub</li></ul></li></ol>"),
        (
            "| h1 | h2 |\n| --- | --: |\n| 1 | 2 |",
            '<table><thead><tr><th>h1</th><th style="text-align:right">h2</th></tr></thead>'
            '<tbody><tr><td>1</td><td style="text-align:right">2</td></tr></tbody></table>',
        ),
        ("> quoted\\\n> more", "<blockquote>quoted<br>more</blockquote>"),
        (
            "```python\nx = 1 < 2\n```",
            '<pre><code class="language-python">x = 1 &lt; 2</code></pre>',
        ),
        ("\\*not italic\\* and 2\\*3", "*not italic* and 2*3"),
        ("**b** *i* ~~s~~ `c`", "<b>b</b> <i>i</i> <s>s</s> <code>c</code>"),
        ("a\\\nb", "a<br>b"),
        (
            "first\n\n second **bold**\\\nline\n\n third",
            "first<br><br>second <b>bold</b><br>line<br><br>third",
        ),
        ("- a\n\n  b\n- c", "<ul><li>a<br><br>b</li><li>c</li></ul>"),
        ("> one\n>\n> two", "<blockquote>one<br><br>two</blockquote>"),
        (
            "[site](https://example.org/a?b=1&c=2)",
            '<a href="https://example.org/a?b=1&amp;c=2">site</a>',
        ),
        ("[mail](mailto:a@example.org)", '<a href="mailto:a@example.org">mail</a>'),
        (
            "![a cat](media/cat.png) [sound: hi.mp3](media/hi.mp3)",
            '<img src="cat.png" alt="a cat"> [sound:hi.mp3]',
        ),
        ("{{c1::mRNA::a nucleic acid}}", "{{c1::mRNA::a nucleic acid}}"),
        ("el perro", "el perro"),
    ],
)
def test_markdown_becomes_anki_html(markdown: str, html: str) -> None:
    assert markdown_to_html(markdown) == html
    assert html_to_markdown(html)[0] == markdown


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        "![x](data:image/png;base64,AAAA)",
        "[x](file:///etc/passwd)",
        "[x](../../etc/passwd)",
        '[x](http://a"onmouseover="alert(1))',
        '[x](<http://a" onclick="alert(1)>)',
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<javascript:alert(1)>",
    ],
)
def test_hostile_markdown_never_reaches_a_field(markdown: str) -> None:
    html = markdown_to_html(markdown)
    tags = _Tags()
    tags.feed(html)
    assert "script" not in [name for name, _ in tags.seen], html
    for _, attrs in tags.seen:
        assert {name for name, _ in attrs} <= {"href", "src", "alt", "class", "style"}, html
        for name, value in attrs:
            assert name not in ("href", "src") or allowed_link(value or ""), html


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">click</a>',
        '<a href=" data:text/html,x">click</a>',
        "<script>alert(1)</script>click",
        '<img src="x" onerror="alert(1)">click',
        '<a href="vbscript:x" onclick="alert(1)">click</a>',
    ],
)
def test_hostile_html_keeps_its_text_only(html: str) -> None:
    markdown = html_to_markdown(html)[0]
    assert "click" in markdown
    assert "script" not in markdown.lower().replace("vbscript", "")
    for word in ("javascript", "data:", "onerror", "onclick"):
        assert word not in markdown


def test_links_allowed() -> None:
    for url in ("https://a.org", "mailto:x@y.z", "media/a.pdf", "a.pdf"):
        assert allowed_link(url), url
    for url in ("javascript:x", "media/../x", "java\tscript:x", "a/b.png", "data:x", "file:x"):
        assert not allowed_link(url), url


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<table><tr><td>h1</td><td>h2</td></tr><tr><td>a|b</td><td></td></tr></table>",
         "| h1 | h2 |\n| --- | --- |\n| a\\|b |  |"),
        ("<blockquote>one<br>two</blockquote>after", "> one\\\n> two\n\n after"),
        ('<pre><code class="language-rust">fn main() {}</code></pre>',
         "```rust\nfn main() {}\n```"),
        ("<ul><li>a<ol><li>b</li></ol></li></ul>", "- a\n  1. b"),
        ("# not a heading", "\\# not a heading"),
        ("<div>1. not a list</div><div>&gt; not a quote</div>",
         "1\\. not a list\\\n\\> not a quote"),
        ("*stars* and [brackets](x) and `ticks`",
         "\\*stars\\* and \\[brackets](x) and \\`ticks\\`"),
        ("<h2>Title</h2>text", "## Title\ntext"),
        ("a<br><br>b<br/><br /><br>c", "a\n\n b\n\n c"),  # Anki's blank lines: paragraphs
        ("<div>a</div><div><br></div><div>Q: b</div>", "a\n\n Q: b"),
        ("<b>a<br> <br>b</b>", "**a**\n\n **b**"),
        ("<br><br>a<br><br>", "a"),
    ],
)  # fmt: skip
def test_html_becomes_markdown(html: str, markdown: str) -> None:
    assert html_to_markdown(html)[0] == markdown
    assert html_to_markdown(markdown_to_html(markdown))[0] == markdown


WORDS = ["word", "two words", "x", "12", " ", "\n", "*", "**", "_", "`", "\\", "#", "# ",
         "> ", "- ", "* ", "1. ", "2) ", "  - ", "   ", "|", "| a | b |\n| --- | --- |\n",
         "[", "]", "(", ")", "[l](https://e.org)", "[j](javascript:x)", "![](media/p.png)",
         "<b>", "&amp;", "&", "<", ">", "~~", "~", "{{c1::x::h}}", "```py\ncode\n```\n", "---",
         "===", "Q: q", "\t", "日本", ":", "!", '"', "'", "\\\n"]  # fmt: skip


def _valid_card_text(text: str) -> bool:
    card = DeckCard(kind="basic", question="q", answer=text, id="abcd1234")
    try:
        return parse_deck(write_deck(DeckModel(blocks=[card]))) == DeckModel(blocks=[card])
    except Exception:  # noqa: BLE001 (any refusal means the text is not card text)
        return False


@given(st.lists(st.sampled_from(WORDS), max_size=12))
@example(["- ", "> ", "| a | b |\n| --- | --- |\n", "- ", "> ", "word"])  # quotes in two items
@settings(max_examples=examples(3000))
def test_markdown_html_markdown_is_stable(pieces: list[str]) -> None:
    first = html_to_markdown(markdown_to_html("".join(pieces)))[0]
    html = markdown_to_html(first)
    assert html_to_markdown(html)[0] == first
    assert _valid_card_text(first)


@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "b",
                "Z",
                "9",
                " ",
                ",",
                "'",
                '"',
                "(",
                ")",
                "é",
                "-",
                "_",
                ".",
                "#",
                "=",
                "+",
                "{",
                "}",
                "!",
                "&",
                "<",
                ">",
                "|",
                "~",
                "\u3000",
                "\t",
                "\xa0",
                "*",
                "**",
                "\\",
                "\n",
                "\\\n",
                "word",
                "1. ",
                "- ",
            ]
        ),  # fmt: skip
        max_size=14,
    ).map("".join)
)
@settings(max_examples=examples(4000))
@example('*a"a*')  # an escaped quote inside emphasis
@example("**b&c** and *d<e*")
def test_the_plain_text_fast_path_agrees_with_markdown_it(text: str) -> None:
    parser = md_html._parser()
    full = parser.renderer.render(parser.parse(text), parser.options, {}).rstrip("\n")
    assert markdown_to_html(text) == full


def _fields(package: Path, folder: Path) -> list[str]:
    conn = sqlite3.connect(collection_db(package, folder))
    try:
        return [
            field
            for (flds,) in conn.execute("SELECT flds FROM notes")
            for field in flds.split("\x1f")
        ]
    finally:
        conn.close()


EXTRA_CORPUS = [
    '<div><b>der Hund</b></div><div>&nbsp;(m.)</div>',
    "<ul><li>one</li><li>two<ul><li>two.a</li></ul></li></ol>",
    "<table><tbody><tr><td>ser</td><td>to be</td></tr>"
    "<tr><td>estar</td><td>to be (state)</td></tr></tbody></table>",
    "<blockquote>quoted <i>text</i></blockquote><br>after",
    '<pre><code class="language-python">def f():\n    return 1</code></pre>',
    'see <a href="https://en.wikipedia.org/wiki/Cell_(biology)">Cell</a> 2*3 = 6 # done',
    "C++ &amp; C# are <u>languages</u>; 5 &lt; 6",
]  # fmt: skip


def test_real_card_html_round_trips(tmp_path: Path) -> None:
    corpus = _fields(VOCAB, tmp_path) + _fields(CLOZE, tmp_path / "..") + EXTRA_CORPUS
    assert len(corpus) > 80
    for html in corpus:
        first = html_to_markdown(html)[0]
        again = markdown_to_html(first)
        assert html_to_markdown(again)[0] == first, html
        assert markdown_to_html(html_to_markdown(again)[0]) == again, html
        assert _valid_card_text(first), html


HOSTILE_DECK = """\
Q: [x](javascript:alert(1)) and <script>alert(1)</script>
A: <img src=x onerror="alert(1)"> [y](http://a"onmouseover="alert(1))
F: Example: [z](data:text/html;base64,PHNjcmlwdD4=) <a href="vbscript:x">v</a>
F: Notes: <javascript:alert(1)> ![p](file:///etc/passwd)

C: {{c1::<b onclick="alert(1)">boom</b>}} [w](JavaScript:alert(1))
"""
HOSTILE_HTML = (
    '<a href="javascript:alert(1)">a</a><script>alert(1)</script>'
    '<img src="x" onerror="alert(1)"><b onmouseover="alert(1)">b</b>'
    '<a href=" data:text/html,x">c</a><iframe src="https://e.org"></iframe>'
)


def _exported_fields(package: Path, folder: Path) -> list[str]:
    import zipfile

    folder.mkdir()
    with zipfile.ZipFile(package) as archive:
        db = Path(archive.extract("collection.anki2", folder))
    conn = sqlite3.connect(db)
    try:
        return [f for (flds,) in conn.execute("SELECT flds FROM notes") for f in flds.split("\x1f")]
    finally:
        conn.close()


def _assert_harmless(fields: list[str]) -> None:
    for html in fields:
        tags = _Tags()
        tags.feed(html)
        assert not {"script", "iframe"} & {name for name, _ in tags.seen}, html
        for _, attrs in tags.seen:
            assert {name for name, _ in attrs} <= {"href", "src", "alt", "class", "style"}, html
            for name, value in attrs:
                assert name not in ("href", "src") or allowed_link(value or ""), html


def test_hostile_markdown_and_html_never_reach_an_exported_field(tmp_path: Path) -> None:
    """Script, event attributes and javascript:/data: links, in a deck file's question,
    answer, extra fields and cloze, or in the HTML of an imported Anki note, reach no field
    of an exported package or text export as a tag, attribute or link (written out as
    text, they stay text); the text around them does."""
    from tandem.config import resolve_paths
    from tandem.services import build_services
    from tandem.storage.db import Store

    from .conftest import edited_package

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "hostile.md").write_text(HOSTILE_DECK, encoding="utf-8")

    def hostile(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE notes SET flds = ? || char(31) || ? WHERE id = (SELECT min(id) "
                     "FROM notes)", (HOSTILE_HTML, HOSTILE_HTML))  # fmt: skip

    package = edited_package(VOCAB, tmp_path / "hostile.apkg", hostile)
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "t.db"))
    try:
        svc.importer.run(package)
        out = tmp_path / "out.apkg"
        result = svc.exporter.apkg(out)
        assert result.notes == 32
        fields = _exported_fields(out, tmp_path / "x")
        _assert_harmless(fields)
        text = "\n".join(fields)
        assert "boom" in text
        assert "<b>b</b>" in text  # the bold kept, its event attribute not
        exported, _ = svc.exporter.text()
        body = "\n".join(line for line in exported.splitlines() if not line.startswith("#"))
        rows = csv.reader(io.StringIO(body), delimiter="\t")
        _assert_harmless([field for row in rows for field in row])
    finally:
        svc.close()
