"""Every field of a multi-field Anki note type (Word/Meaning/Example/Notes) survives
Anki -> tandem -> .apkg -> Anki and tandem -> .apkg -> tandem, by name and content."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tandem.config import resolve_paths
from tandem.decks.parser import parse_deck
from tandem.interop.notetype_file import load_notetypes
from tandem.models import FrozenClock
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tests.interop.conftest import VOCAB, collection_db, edited_package

NAMES = ("Word", "Meaning", "Example", "Notes")
VOCAB_NOTES = [
    ("perro", "dog", "Tengo un <b>perro</b>.", "masculine"),
    ("gato", "cat", "El gato duerme.", ""),
    ("casa", "house", "", "Plural: casas<br>feminine"),
]
"""Anki's fields (HTML) of three notes: every field filled, and Example or Notes empty."""
EXPECTED_FIELDS = {
    "perro": (("Example", "Tengo un **perro**."), ("Notes", "masculine")),
    "gato": (("Example", "El gato duerme."),),
    "casa": (("Notes", "Plural: casas\\\nfeminine"),),
}


def _services(root: Path, clock: FrozenClock) -> Services:
    paths = resolve_paths(root / "t.db", root / "decks")
    return build_services(paths, db=Store(paths.db), clock=clock)


def _fields_by_word(svc: Services, rel: str) -> dict[str, tuple[tuple[str, str], ...]]:
    deck = parse_deck((svc.paths.decks / rel).read_text(), rel)
    return {card.question: card.fields for card in deck.cards}


def _apkg_notes(package: Path, folder: Path) -> dict[str, list[str]]:
    """Each note's fields in an .apkg, by its first field."""
    folder.mkdir()
    with zipfile.ZipFile(package) as archive:
        legacy = not {"collection.anki21", "collection.anki21b"} & set(archive.namelist())
    if legacy:  # tandem writes a schema-11 collection.anki2
        with zipfile.ZipFile(package) as archive:
            db = Path(archive.extract("collection.anki2", folder))
    else:
        db = collection_db(package, folder)
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT flds FROM notes").fetchall()
    finally:
        conn.close()
    return {str(flds).split("\x1f")[0]: str(flds).split("\x1f") for (flds,) in rows}


def _anki_collection(path: Path) -> Any:
    anki_collection = pytest.importorskip("anki.collection")
    col = anki_collection.Collection(str(path))
    models = col.models
    model = models.new("Vocab")
    for name in NAMES:
        models.add_field(model, models.new_field(name))
    template = models.new_template("Recognition")
    template["qfmt"] = "{{Word}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}<br>{{Notes}}"
    models.add_template(model, template)
    models.add(model)
    deck = col.decks.id("Spanish")
    for values in VOCAB_NOTES:
        note = col.new_note(model)
        for name, value in zip(NAMES, values, strict=True):
            note[name] = value
        col.add_note(note, deck)
    return col


def _anki_fields(col: Any) -> dict[str, list[str]]:
    rows = col.db.all("SELECT flds FROM notes")
    return {str(flds).split("\x1f")[0]: str(flds).split("\x1f") for (flds,) in rows}


def test_anki_tandem_anki_keeps_every_field(tmp_path: Path, clock: FrozenClock) -> None:
    col = _anki_collection(tmp_path / "c.anki2")
    from anki.import_export_pb2 import (
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    original = _anki_fields(col)
    assert original == {values[0]: list(values) for values in VOCAB_NOTES}
    from_anki = tmp_path / "from-anki.apkg"
    options = ExportAnkiPackageOptions(with_scheduling=False, with_media=True, legacy=True)
    col.export_anki_package(out_path=str(from_anki), options=options, limit=None)

    svc = _services(tmp_path / "a", clock)
    fresh = _services(tmp_path / "b", clock)
    try:
        summary = svc.importer.run(from_anki)
        assert summary.notes == 3
        assert not [w for w in summary.warnings if "field" in w]
        assert _fields_by_word(svc, "spanish.md") == EXPECTED_FIELDS
        text = (svc.paths.decks / "spanish.md").read_text()
        assert "Q: perro\nA: dog\nF: Example: Tengo un **perro**.\nF: Notes: masculine\n" in text
        stored = {n.question: n.fields for n in svc.ctx.cards.notes().values()}
        assert stored == EXPECTED_FIELDS

        back = tmp_path / "back.apkg"
        svc.exporter.apkg(back)
        assert _apkg_notes(back, tmp_path / "x") == original  # every field, by position

        request = ImportAnkiPackageRequest(
            package_path=str(back), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
        col.import_anki_package(request)  # into the collection they came from
        assert col.note_count() == 3
        assert _anki_fields(col) == original
        model = col.models.by_name("Vocab")
        assert [field["name"] for field in model["flds"]] == list(NAMES)
        assert col.db.list("SELECT DISTINCT mid FROM notes") == [model["id"]]
        again = tmp_path / "again.apkg"
        col.export_anki_package(out_path=str(again), options=options, limit=None)

        other = fresh.importer.run(again)  # tandem -> Anki -> tandem
        assert other.notes == 3
        assert _fields_by_word(fresh, "spanish.md") == EXPECTED_FIELDS
        home = svc.importer.run(again)
        assert (home.added, home.updated) == (0, 0)
    finally:
        col.close()
        fresh.close()
        svc.close()


def _four_fields(conn: sqlite3.Connection) -> None:
    """VOCAB's note type gains Example and Notes, and every note text in both."""
    (ntid,) = conn.execute("SELECT id FROM notetypes").fetchone()
    for ord_, name in ((2, "Example"), (3, "Notes")):
        conn.execute("INSERT INTO fields VALUES (?, ?, ?, x'')", (ntid, ord_, name))
    for (note,) in conn.execute("SELECT id FROM notes").fetchall():
        example, notes = f"Example <i>{note}</i>.", f"line {note}<br>second line"
        conn.execute(
            "UPDATE notes SET flds = flds || char(31) || ? || char(31) || ? WHERE id = ?",
            (example, notes, note),
        )


def test_tandem_apkg_tandem_keeps_every_field(tmp_path: Path, clock: FrozenClock) -> None:
    package = edited_package(VOCAB, tmp_path / "four.apkg", _four_fields)
    svc = _services(tmp_path / "a", clock)
    fresh = _services(tmp_path / "b", clock)
    try:
        svc.importer.run(package)
        rel = "languages/spanish-vocab.md"
        fields = _fields_by_word(svc, rel)
        assert len(fields) > 1
        for word, pairs in fields.items():
            (name1, example), (name2, notes) = pairs
            assert (name1, name2) == ("Example", "Notes"), word
            number = re.fullmatch(r"Example \*(\d+)\*\.", example)
            assert number is not None, example
            assert notes == f"line {number.group(1)}\\\nsecond line"
        before = _apkg_notes(package, tmp_path / "x")

        out = tmp_path / "out.apkg"
        svc.exporter.apkg(out)
        assert _apkg_notes(out, tmp_path / "y") == before
        fresh.importer.run(out)
        assert _fields_by_word(fresh, rel) == fields
        mine = (svc.paths.decks / rel).read_text()
        theirs = (fresh.paths.decks / rel).read_text()
        assert _without_meta(mine) == _without_meta(theirs)
        again = svc.importer.run(out)
        assert (again.added, again.updated) == (0, 0)
    finally:
        fresh.close()
        svc.close()


def _without_meta(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("<!--")]


BORN = """\
+++
title = "German"
+++

Q: der Hund
A: the dog
F: Example: Der Hund *bellt*.
F: Notes: masculine; plural: *die* Hunde
<!-- id: hund0001 · by: alice -->

Q: die Katze
A: the cat
F: Example: Die Katze schläft.
F: Notes: feminine
<!-- id: katze001 · by: alice · reverse -->

C: Berlin is the {{c1::capital}} of {{c2::Germany}}.
A: since 1990
F: Source: the treaty
<!-- id: berlin01 · by: alice -->

Q: das Haus
A: the house
F: Back: a second back
F: Front: a second front
<!-- id: haus0001 · by: alice -->

Q: ja
A: yes
<!-- id: ja000001 · by: alice -->
"""


def _apkg_models(package: Path, folder: Path) -> dict[int, tuple[str, list[str], list[str]]]:
    """Each note type of an .apkg by id: its name, field names and back templates."""
    folder.mkdir()
    with zipfile.ZipFile(package) as archive:
        db = Path(archive.extract("collection.anki2", folder))
    conn = sqlite3.connect(db)
    try:
        (models,) = conn.execute("SELECT models FROM col").fetchone()
        used = {mid for (mid,) in conn.execute("SELECT DISTINCT mid FROM notes")}
    finally:
        conn.close()
    return {
        int(mid): (m["name"], [f["name"] for f in m["flds"]], [t["afmt"] for t in m["tmpls"]])
        for mid, m in json.loads(models).items()
        if int(mid) in used
    }


def test_tandem_born_fields_go_out_on_a_type_with_those_fields_and_come_back(
    tmp_path: Path, clock: FrozenClock
) -> None:
    svc = _services(tmp_path / "a", clock)
    fresh = _services(tmp_path / "b", clock)
    try:
        svc.paths.decks.mkdir(parents=True)
        (svc.paths.decks / "german.md").write_text(BORN)
        written = _fields_by_word(svc, "german.md")
        out = tmp_path / "out.apkg"
        svc.exporter.apkg(out)
        notes = _apkg_notes(out, tmp_path / "x")
        assert notes["der Hund"] == [
            "der Hund", "the dog", "Der Hund <i>bellt</i>.", "masculine; plural: <i>die</i> Hunde"
        ]  # fmt: skip
        assert notes["die Katze"] == ["die Katze", "the cat", "Die Katze schläft.", "feminine"]
        assert notes["Berlin is the {{c1::capital}} of {{c2::Germany}}."][1:] == [
            "since 1990", "the treaty"
        ]  # fmt: skip
        assert notes["das Haus"] == ["das Haus", "the house", "a second back", "a second front"]
        assert notes["ja"] == ["ja", "yes"]
        models = {name: (fields, backs) for name, fields, backs in
                  _apkg_models(out, tmp_path / "m").values()}  # fmt: skip
        by_fields = {tuple(fields): name for name, (fields, _) in models.items()}
        assert set(by_fields) == {
            ("Front", "Back"),
            ("Front", "Back", "Example", "Notes"),  # der Hund (basic), die Katze (reversed)
            ("Text", "Back Extra", "Source"),
            ("Front", "Back", "Back (2)", "Front (2)"),  # Anki's names are unique
        }
        four = [n for n, (f, _) in models.items() if f == ["Front", "Back", "Example", "Notes"]]
        assert sorted(len(models[name][1]) for name in four) == [1, 2]  # Basic, and reversed
        for name in four:
            for back in models[name][1]:
                assert "{{#Example}}<br><b>Example</b>: {{Example}}{{/Example}}" in back

        fresh.importer.run(out)
        back = _fields_by_word(fresh, "german.md")
        renamed = {"das Haus": (("Back (2)", "a second back"), ("Front (2)", "a second front"))}
        assert back == written | renamed
        again = svc.importer.run(out)
        assert (again.added, again.updated) == (0, 1)  # das Haus: its renamed fields

        twice = tmp_path / "twice.apkg"
        svc.exporter.apkg(twice)  # the notes came back on those types: the same ids again
        assert set(_apkg_models(twice, tmp_path / "n")) == set(_apkg_models(out, tmp_path / "o"))

        deck = svc.paths.decks / "german.md"  # a field added in tandem since: it goes out too
        deck.write_text(
            deck.read_text().replace(
                "F: Notes: masculine", "F: Plural: die Hunde\nF: Notes: masculine"
            )
        )
        third = tmp_path / "third.apkg"
        svc.exporter.apkg(third)
        assert _apkg_notes(third, tmp_path / "p")["der Hund"][2:] == [
            "Der Hund <i>bellt</i>.", "die Hunde", "masculine; plural: <i>die</i> Hunde"
        ]  # fmt: skip
        fields = {tuple(f) for _, f, _ in _apkg_models(third, tmp_path / "q").values()}
        assert ("Front", "Back", "Example", "Plural", "Notes") in fields
    finally:
        fresh.close()
        svc.close()


def test_tandem_born_fields_go_through_real_anki_and_back(
    tmp_path: Path, clock: FrozenClock
) -> None:
    anki_collection = pytest.importorskip("anki.collection")
    from anki.import_export_pb2 import (
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    svc = _services(tmp_path / "a", clock)
    fresh = _services(tmp_path / "b", clock)
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    try:
        svc.paths.decks.mkdir(parents=True)
        born = BORN.split("Q: das Haus")[0] + "Q: ja" + BORN.split("Q: ja")[1]
        (svc.paths.decks / "german.md").write_text(born)
        written = _fields_by_word(svc, "german.md")
        out = tmp_path / "out.apkg"
        svc.exporter.apkg(out)
        request = ImportAnkiPackageRequest(
            package_path=str(out), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
        col.import_anki_package(request)
        assert col.note_count() == 4
        by_front = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            by_front[note.fields[0]] = dict(zip(note.keys(), note.fields, strict=True))
        assert by_front["der Hund"] == {
            "Front": "der Hund", "Back": "the dog", "Example": "Der Hund <i>bellt</i>.",
            "Notes": "masculine; plural: <i>die</i> Hunde",
        }  # fmt: skip
        assert by_front["die Katze"]["Notes"] == "feminine"
        assert by_front["Berlin is the {{c1::capital}} of {{c2::Germany}}."]["Source"] == (
            "the treaty"
        )
        assert set(by_front["ja"]) == {"Front", "Back"}
        cards = col.find_cards("")
        assert len(cards) == 6  # der Hund, die Katze and its reverse, two clozes, ja
        answer = col.get_card(col.find_cards('"Front:der Hund"')[0]).answer()
        assert "<b>Example</b>: Der Hund <i>bellt</i>." in answer

        again = tmp_path / "again.apkg"
        options = ExportAnkiPackageOptions(with_scheduling=False, with_media=True, legacy=True)
        col.export_anki_package(out_path=str(again), options=options, limit=None)
        fresh.importer.run(again)  # tandem -> Anki -> tandem
        assert _fields_by_word(fresh, "german.md") == written
        home = svc.importer.run(again)
        assert (home.added, home.updated) == (0, 0)

        deck = svc.paths.decks / "german.md"  # edited in tandem: Anki updates it in place
        deck.write_text(deck.read_text().replace("Der Hund *bellt*.", "Der Hund schläft."))
        clock.advance(days=1)  # later than the notes Anki has
        edited = tmp_path / "edited.apkg"
        svc.exporter.apkg(edited)
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(edited), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
        )
        assert col.note_count() == 4
        hund = col.get_note(col.find_notes('"Front:der Hund"')[0])
        assert hund["Example"] == "Der Hund schläft."
    finally:
        col.close()
        fresh.close()
        svc.close()


def test_a_field_added_in_tandem_to_an_imported_note_goes_out_on_its_type_plus_the_field(
    tmp_path: Path, clock: FrozenClock
) -> None:
    """A note on its own imported note type that gains an ``F:`` field in tandem goes out on
    that type with the field added (its templates and CSS kept, the field shown on the back);
    the other notes stay on the type as it was; the field comes back by name."""
    package = edited_package(VOCAB, tmp_path / "four.apkg", _four_fields)
    svc = _services(tmp_path / "a", clock)
    fresh = _services(tmp_path / "b", clock)
    try:
        svc.importer.run(package)
        rel = "languages/spanish-vocab.md"
        deck = svc.paths.decks / rel
        text = deck.read_text()
        meta = text.index("<!-- id:", text.index("Q: el agua"))
        deck.write_text(text[:meta] + "F: Mnemonic: *agua* sounds like **aqua**\n" + text[meta:])
        (own,) = load_notetypes(svc.paths.decks).notetypes.values()
        own_name, own_fields = own.name, list(own.fields)
        own_backs = [back for _, _, back in own.templates]

        out = tmp_path / "out.apkg"
        svc.exporter.apkg(out)
        notes = _apkg_notes(out, tmp_path / "x")
        assert notes["el agua"][1:] == [
            "the water",
            "Example <i>1795911269735</i>.",
            "line 1795911269735<br>second line",
            "<i>agua</i> sounds like <b>aqua</b>",
        ]
        assert len(notes["el queso"]) == len(own_fields) == 4
        models = _apkg_models(out, tmp_path / "m")
        assert models[own.id] == (own_name, own_fields, own_backs)  # the others' type
        ((_, (name, fields, backs)),) = [(k, v) for k, v in models.items() if k != own.id]
        assert name.startswith(f"{own_name} + Mnemonic (")
        assert fields == [*own_fields, "Mnemonic"]
        assert backs == [
            back + "{{#Mnemonic}}<br><b>Mnemonic</b>: {{Mnemonic}}{{/Mnemonic}}"
            for back in own_backs
        ]

        fresh.importer.run(out)
        agua = _fields_by_word(fresh, rel)["el agua"]
        assert agua[-1] == ("Mnemonic", "*agua* sounds like **aqua**")
        again = svc.importer.run(out)
        assert (again.added, again.updated) == (0, 0)
        twice = tmp_path / "twice.apkg"
        svc.exporter.apkg(twice)  # the same derived type (id and name) every time
        assert _apkg_models(twice, tmp_path / "n") == models
        _anki_reads_the_added_field(out, tmp_path / "c.anki2")
    finally:
        fresh.close()
        svc.close()


def _anki_reads_the_added_field(package: Path, collection: Path) -> None:
    try:
        from anki.collection import Collection
        from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    except ImportError:
        return  # the benchmark-only ``anki`` is not installed
    col = Collection(str(collection))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=True)
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(package), options=options)
        )
        (nid,) = col.find_notes('"el agua"')
        note = col.get_note(nid)
        assert note["Mnemonic"] == "<i>agua</i> sounds like <b>aqua</b>"
        assert "<b>Mnemonic</b>: <i>agua</i>" in note.cards()[0].answer()
    finally:
        col.close()
