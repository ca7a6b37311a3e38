"""tandem -> .apkg -> tandem is lossless on a deck with every card kind, a note of four
fields (Front, Back, Example, Notes), media and rich Markdown (lists, tables, code, links),
through tandem's own reader (and through Anki itself where the ``anki`` package is
installed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating
from tandem.services import Services, build_services
from tandem.storage.db import Store

DECK = """+++
title = "Rich cards"
+++

Q: What is **bold**, *italic* and ~~struck~~?
A: - one
  - nested `code`
- two
  1. first
  2. second

Q: Which table?
A: | word | meaning |
| --- | :-: |
| perro | dog |
| gato | cat \\| feline |

Q: What does this print?
A: ```python
print("<b>1</b>")
```

Q: el agua![](media/agua.png)
A: the water\\
see [the docs](https://example.org/a_b?x=1&y=2) or > no quote

 a second paragraph, **bold**\\
with a break

 and a third
<!-- id: p3xw1b8d · reverse -->

Q: der Hund
A: the dog
F: Example: Der Hund *bellt* im [Garten](https://example.org/garten).
F: Notes: - masculine
  - plural: *die* Hunde

C: {{c1::mRNA}} carries {{c2::the code::what?}} \\# not a heading
A: > a quote\\
> of two lines

 after it, 2\\*3
"""


def _deck_lines(deck: Path) -> list[str]:
    text = deck.read_text()
    return [line for line in text.splitlines() if not line.startswith("<!--")]


def _ratings(svc: Services, person: str) -> list[tuple[str, int, str]]:
    rows = svc.ctx.reviews.for_person(person)
    return [(r.at.isoformat(), r.rating, r.kind) for r in rows]


def test_tandem_apkg_tandem_is_lossless(tmp_path: Path, clock: FrozenClock) -> None:
    decks = tmp_path / "decks"
    (decks / "media").mkdir(parents=True)
    (decks / "rich.md").write_text(DECK)
    (decks / "media/agua.png").write_bytes(b"\x89PNG")
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "a.db"), clock=clock)
    other = resolve_paths(tmp_path / "b.db", tmp_path / "b-decks")
    fresh = build_services(other, db=Store(other.db), clock=clock)
    try:
        svc.people.add("alice")
        svc.sync.run()
        session = svc.study("alice")
        for rating in (Rating.GOOD, Rating.HARD, Rating.EASY, Rating.AGAIN, Rating.GOOD):
            card = session.next_card()
            assert card is not None
            session.answer(card.key, rating)
            clock.advance(seconds=7.25)
        package = tmp_path / "out.apkg"
        result = svc.exporter.apkg(package, person="alice")
        assert (result.notes, result.cards, result.reviews, result.media) == (6, 8, 5, 1)

        fresh.people.add("alice")
        summary = fresh.importer.run(package, person="alice")
        assert (summary.notes, summary.cards, summary.reviews) == (6, 8, 5)
        mine, theirs = _deck_lines(decks / "rich.md"), _deck_lines(other.decks / "rich-cards.md")
        # Only the needless escape differs (a # inside a line is no heading): the same HTML.
        assert [line.replace("\\# not", "# not") for line in mine] == theirs
        assert (other.decks / "media/agua.png").read_bytes() == b"\x89PNG"
        assert _ratings(fresh, "alice") == _ratings(svc, "alice")

        again = fresh.importer.run(package, person="alice")
        assert (again.added, again.updated, again.reviews) == (0, 0, 0)
        home = svc.importer.run(package, person="alice")  # back where it came from
        assert (home.added, home.updated, home.reviews) == (0, 0, 0)
        assert (decks / "rich.md").read_text().count("Q:") == 5
    finally:
        fresh.close()
        svc.close()


def test_tandem_anki_tandem_is_lossless(tmp_path: Path, clock: FrozenClock) -> None:
    anki_collection = pytest.importorskip("anki.collection")
    from anki.import_export_pb2 import (
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    decks = tmp_path / "decks"
    (decks / "media").mkdir(parents=True)
    (decks / "rich.md").write_text(DECK)
    (decks / "media/agua.png").write_bytes(b"\x89PNG")
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "a.db"), clock=clock)
    other = resolve_paths(tmp_path / "b.db", tmp_path / "b-decks")
    fresh = build_services(other, db=Store(other.db), clock=clock)
    try:
        svc.people.add("alice")
        svc.sync.run()
        session = svc.study("alice")
        for rating in (Rating.GOOD, Rating.HARD, Rating.EASY, Rating.AGAIN, Rating.GOOD):
            card = session.next_card()
            assert card is not None
            session.answer(card.key, rating)
            clock.advance(seconds=7.25)
        svc.exporter.apkg(tmp_path / "out.apkg", person="alice")

        col = anki_collection.Collection(str(tmp_path / "c.anki2"))
        request = ImportAnkiPackageRequest(
            package_path=str(tmp_path / "out.apkg"),
            options=ImportAnkiPackageOptions(with_scheduling=True),
        )
        col.import_anki_package(request)
        assert col.card_count() == 8
        (hund,) = (col.get_note(n) for n in col.find_notes('"Front:der Hund"'))
        assert dict(zip(hund.keys(), hund.fields, strict=True)) == {
            "Front": "der Hund", "Back": "the dog",
            "Example": 'Der Hund <i>bellt</i> im <a href="https://example.org/garten">Garten</a>.',
            "Notes": "<ul><li>masculine<ul><li>plural: <i>die</i> Hunde</li></ul></li></ul>",
        }  # fmt: skip
        answer = col.db.scalar("SELECT flds FROM notes WHERE flds LIKE '%second paragraph%'")
        assert answer.endswith(
            "or &gt; no quote<br><br>a second paragraph, <b>bold</b><br>with a break"
            "<br><br>and a third"
        )
        ratings = sorted(col.db.list("SELECT ease FROM revlog WHERE ease > 0"))
        assert ratings == sorted([3, 2, 4, 1, 3])
        options = ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=True)
        back = tmp_path / "back.apkg"
        col.export_anki_package(out_path=str(back), options=options, limit=None)
        col.close()

        fresh.people.add("alice")
        summary = fresh.importer.run(back, person="alice")
        assert (summary.notes, summary.cards, summary.reviews) == (6, 8, 5)
        mine, theirs = _deck_lines(decks / "rich.md"), _deck_lines(other.decks / "rich-cards.md")
        assert [line.replace("\\# not", "# not") for line in mine] == theirs
        assert (other.decks / "media/agua.png").read_bytes() == b"\x89PNG"
        assert _ratings(fresh, "alice") == _ratings(svc, "alice")
        again = fresh.importer.run(back, person="alice")
        assert (again.added, again.updated, again.reviews) == (0, 0, 0)
        home = svc.importer.run(back, person="alice")
        assert (home.added, home.updated, home.reviews) == (0, 0, 0)
    finally:
        fresh.close()
        svc.close()


def test_back_into_the_collection_the_notes_came_from(svc: Services, tmp_path: Path) -> None:
    anki_collection = pytest.importorskip("anki.collection")
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from tests.interop.conftest import CLOZE

    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    options = ImportAnkiPackageOptions(with_scheduling=True)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(CLOZE), options=options))
    notes, cards = col.note_count(), col.card_count()
    (mid,) = col.db.list("SELECT DISTINCT mid FROM notes")
    model = col.models.get(mid)
    css, templates = model["css"], [(t["qfmt"], t["afmt"]) for t in model["tmpls"]]

    svc.importer.run(CLOZE)
    deck = svc.paths.decks / "biology/cells.md"
    text = deck.read_text()
    assert "{{c1::mRNA::a nucleic acid}}" in text
    deck.write_text(text.replace("{{c1::mRNA::a nucleic acid}}", "{{c1::mRNA::edited}}"))
    svc.exporter.apkg(tmp_path / "out.apkg")
    request = ImportAnkiPackageRequest(package_path=str(tmp_path / "out.apkg"), options=options)
    col.import_anki_package(request)
    assert (col.note_count(), col.card_count()) == (notes, cards)  # updated, not added
    edited = col.db.scalar("SELECT count() FROM notes WHERE flds LIKE '%mRNA::edited%'")
    assert edited == 1
    assert col.db.list("SELECT DISTINCT mid FROM notes") == [mid]  # still on their type
    after = col.models.get(mid)
    assert (after["css"], [(t["qfmt"], t["afmt"]) for t in after["tmpls"]]) == (css, templates)
    col.close()
