"""Item 1 beyond the cloze: the patterns that read imported and exported text are linear.

Five patterns ran again from every start inside a run they had already read to its end, so
their time grew with the square of a line: a ``<`` and 20,000 colons in an Anki field (17 s),
20,000 dashes and a letter (23 s), a line of ``![`` in a Markdown folder (47 s for 40 KB),
``](media/`` or ``](@media/`` repeated in a card (13 s and 25 s for 40 KB). Each is held to
the pattern it replaced (the same matches, or for images the same on text where the old
pattern found only images Markdown shows), and each command finishes on a line of a few
hundred KB, which took the old patterns an hour or more. ``benchmarks/hostile.py --only
patterns`` records the times as the lines grow.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tandem.interop import foreign_media, mochi_cards
from tandem.interop.html_md_builder import escape_inline_fully
from tandem.interop.html_md_lines import escape_line_fully
from tandem.interop.md_html import media_names
from tests.hostile.conftest import run
from tests.interop.conftest import CLOZE, edited_package

OLD_INLINE = re.compile(
    r"[\\`*\[]|(?<![^\W_])_|_(?![^\W_])|~|&(?=#?\w+;)|<(?=[^\s<>]*[:@][^\s<>]*>)"
)
OLD_BLOCK_START = re.compile(
    r"#{1,6}(?:[ \t]|$)|>|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|=+[ \t]*$|[|:\- \t]*-[|:\- \t]*$"
    r"|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$"
)
OLD_MEDIA_REF = re.compile(r"\]\(media/([^)\s]+)\)")
OLD_ATTACHMENT = re.compile(r"\]\(@media/([^)\s]+)\)")
OLD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+)\)")


def _text(pieces: list[str], max_size: int = 30) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


@settings(max_examples=500)
@given(_text(["<", ">", ":", "@", " ", "\n", "a", "_", "&", "#", ";", "*", "[", "\\", "~"]))
def test_inline_escapes_are_the_old_patterns(text: str) -> None:
    assert escape_inline_fully(text) == OLD_INLINE.sub(lambda m: "\\" + m.group(), text)


@settings(max_examples=500)
@given(_text(["|", ":", "-", " ", "\t", "x", "=", "#", "*", "_", ">", "1", ".", "+"]))
def test_line_escapes_find_the_old_block_starts(line: str) -> None:
    stripped = line.lstrip(" ")
    assume(not stripped.startswith(("```", "~~~")))  # fences: another pattern
    from tandem.interop.html_md_lines import _BLOCK_START

    assert bool(_BLOCK_START.match(stripped)) == bool(OLD_BLOCK_START.match(stripped))
    if OLD_BLOCK_START.match(stripped) and stripped[:2] not in ("Q:", "A:", "C:", "F:"):
        assert "\\" in escape_line_fully(line)


@settings(max_examples=500)
@given(_text(["](media/", "](", ")", "(", "]", " ", "\n", "a", "b.png", "media/"]))
def test_media_names_are_the_old_patterns(text: str) -> None:
    assert media_names(text) == OLD_MEDIA_REF.findall(text)


@settings(max_examples=500)
@given(_text(["](@media/", "](", ")", "(", "]", " ", "\n", "a", "b.png", "@media/"]))
def test_mochi_attachments_are_the_old_patterns(text: str) -> None:
    def old(match: re.Match[str]) -> str:
        return f"<{match.group(1)}>"

    def new(match: re.Match[str]) -> str:  # as ``_relink``: a link left open stays as it is
        return f"<{match.group(1)}>" if match.group(2) else match.group(0)

    assert mochi_cards._ATTACHMENT.sub(new, text) == OLD_ATTACHMENT.sub(old, text)


@settings(max_examples=500)
@given(_text(["![", "](", ")", "]", "[", "(", "a", " ", "\n", "x.png", "!"]))
def test_images_are_the_old_patterns_where_those_found_images(text: str) -> None:
    old = [m.groups() for m in OLD_IMAGE.finditer(text)]
    # The old pattern also took ``![a[b](x)`` (Markdown: text and a link) for an image.
    assume(not any("[" in alt or "(" in target for alt, target in old))
    assert [m.groups() for m in foreign_media._IMAGE.finditer(text)] == old


def test_an_image_with_a_bracket_in_its_alt_text_is_left_as_markdown_reads_it() -> None:
    text = "![a[b](x.png) and ![c](y.png)"
    assert [m.groups() for m in foreign_media._IMAGE.finditer(text)] == [("c", "y.png")]


def test_an_anki_package_with_quadratic_fields_imports(world: Path) -> None:
    lines = "&lt;" + ":" * 300_000 + "<br>" + "-" * 300_000 + "x"

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE notes SET flds = ? WHERE id = (SELECT min(id) FROM notes)",
                     ("{{c1::gap}} " + lines + "\x1fextra",))  # fmt: skip

    package = edited_package(CLOZE, world / "wide.apkg", edit)
    result = run("import", str(package), "--as", "alice", timeout=120)  # old: over an hour
    assert result.returncode == 0, result.stderr
    imported = "".join(p.read_text() for p in (world / "decks").rglob("*.md"))
    # both lines kept as they were: no autolink (no ``>``), no table row (a letter)
    assert "<" + ":" * 300_000 + "\\\n" + "-" * 300_000 + "x\n" in imported


def test_a_markdown_folder_with_a_line_of_image_starts_imports(world: Path) -> None:
    folder = world / "hashcards"
    folder.mkdir()
    (folder / "cards.md").write_text(
        "Q: look " + "![" * 200_000 + "\nA: here\n\n"
        "Q: and " + "![a](" * 100_000 + "\nA: there\n"
    )  # fmt: skip
    result = run("import", str(folder), "--as", "alice", timeout=120)  # old: over an hour
    assert result.returncode == 0, result.stderr


def test_an_export_of_a_card_with_open_media_links_finishes(world: Path) -> None:
    deck = world / "decks" / "open.md"
    deck.write_text("Q: links\nA: " + "](media/" * 50_000 + "\n<!-- id: open0001 -->\n")
    assert run("sync", timeout=120).returncode == 0
    result = run("export", "--format", "apkg", "-o", str(world / "out.apkg"), timeout=120)
    assert result.returncode == 0, result.stderr  # old: ~10 min
    assert (world / "out.apkg").stat().st_size > 0


def test_a_mochi_card_with_open_attachment_links_imports(world: Path) -> None:
    from tests.interop.test_mochi import _package

    links = "](@media/" * 50_000
    data = {"decks": [{"id": "dk1", "name": "D", "cards": [
        {"id": "c1", "content": f"open {links}\n---\n![a dog](@media/dog.png)"},
    ]}]}  # fmt: skip
    package = _package(world / "open.mochi", data, "json")
    result = run("import", str(package), "--as", "alice", timeout=120)  # old: over half an hour
    assert result.returncode == 0, result.stderr
    written = (world / "decks").rglob("*.md")
    text = "".join(p.read_text() for p in written)
    assert f"open {links}" in text  # the open links left as they are
    assert "![a dog](media/dog.png)" in text  # a closed one still relinked
