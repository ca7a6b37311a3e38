"""Media files of packages, and Anki HTML -> Markdown (always valid deck-file text)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import zstandard
from hypothesis import given
from hypothesis import strategies as st

from tandem.decks.model import Deck as DeckModel
from tandem.decks.model import DeckCard
from tandem.decks.parser import parse_deck
from tandem.decks.writer import write_deck
from tandem.interop.html_md import html_to_markdown
from tandem.interop.md_html import markdown_to_html
from tandem.interop.protobuf import encode_field
from tandem.interop.sanitize import Cleaner
from tandem.services import Services
from tests.interop.conftest import CLOZE, VOCAB, edited_package


def _with_image(conn: sqlite3.Connection) -> None:
    conn.execute(
        "UPDATE notes SET flds = replace(flds, 'el agua', 'el agua<img src=\"agua.png\">')"
    )


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, replace.pop(name, old.read(name)))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


def test_latest_format_media_are_copied_beside_the_deck(svc: Services, tmp_path: Path) -> None:
    package = edited_package(VOCAB, tmp_path / "img.apkg", _with_image)
    entry = encode_field(1, b"agua.png") + encode_field(2, 4)
    entries = zstandard.ZstdCompressor().compress(encode_field(1, entry))
    image = zstandard.ZstdCompressor().compress(b"\x89PNG")
    package = _rezip(package, tmp_path / "media.apkg", {"media": entries, "0": image})
    summary = svc.importer.run(package)
    assert summary.media == ["languages/media/agua.png"]
    assert (svc.paths.decks / "languages/media/agua.png").read_bytes() == b"\x89PNG"
    text = (svc.paths.decks / "languages/spanish-vocab.md").read_text()
    assert "Q: el agua![](media/agua.png)" in text
    again = svc.importer.run(package)
    assert again.media == []
    assert again.files == []


def test_legacy_media_and_missing_media(svc: Services, tmp_path: Path) -> None:
    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE notes SET flds = flds || '[sound:gone.mp3]<img src=\"a b.png\">'")

    package = edited_package(CLOZE, tmp_path / "e.apkg", edit)
    media = json.dumps({"0": "a b.png"}).encode()
    package = _rezip(package, tmp_path / "m.apkg", {"media": media, "0": b"img"})
    summary = svc.importer.run(package)
    assert summary.media == ["biology/media/a_b.png"]
    assert summary.media_missing == ["gone.mp3"]


def test_html_conversion() -> None:
    cases = {
        "<b>bold</b> and <i>it</i>": "**bold** and *it*",
        "a<br>b": "a\\\nb",
        "<div>one</div><div>two &amp; &lt;3&nbsp;x</div>": "one\\\ntwo & <3 x",
        "<ul><li>x</li><li>y</li></ul>": "- x\n- y",
        "<ol><li>x</li><li>y</li></ol>": "1. x\n2. y",
        "<code>ls -l</code>": "`ls -l`",
        "<pre>a\n\nb</pre>": "```\na\n\nb\n```",
        "Q: x<br>A: y": " Q: x\\\n A: y",
        "{{c1::mRNA::a nucleic acid}}": "{{c1::mRNA::a nucleic acid}}",
        "<script>alert(1)</script>safe": "safe",
    }
    for html, markdown in cases.items():
        assert html_to_markdown(html)[0] == markdown, html


def test_markdown_to_html_round_trips() -> None:
    for text in ["**el coche**", "the car\\\n(irregular)", "- a\n- *b*", "`x < y`",
                 "```\ncode\n\nmore\n```", "{{c1::mRNA::a nucleic acid}} & more"]:  # fmt: skip
        assert html_to_markdown(markdown_to_html(text))[0] == text


PIECES = [*"ab <>/&;`*-\n\t:QAC!{}", "<br>", "<div>", "</div>", "<pre>", "</pre>", "<li>",
          "Q:", "<!--", "```", "\x07", "\u202e"]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES)))
def test_converted_html_is_always_valid_card_text(pieces: list[str]) -> None:
    text = html_to_markdown(Cleaner().clean("".join(pieces)))[0]
    card = DeckCard(kind="basic", question="q", answer=text, id="abcd1234")
    deck = DeckModel(blocks=[card])
    assert parse_deck(write_deck(deck)) == deck
