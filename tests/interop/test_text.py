"""Anki's "Notes in Plain Text": importing with its headers, exporting, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.decks.parser import parse_deck
from tandem.interop.anki_text import read_text_notes
from tandem.models import BadInputError
from tandem.services import Services
from tests.interop.conftest import CLOZE, NOTES_TXT, VOCAB


def test_notes_txt_headers(svc: Services) -> None:
    summary = svc.importer.run(NOTES_TXT)
    assert (summary.format, summary.notes, summary.cards, summary.added) == ("anki-txt", 10, 17, 10)
    cards = parse_deck((svc.paths.decks / "biology/cells.md").read_text()).cards
    assert cards[0].guid == "PM[KB[EuD@"
    assert cards[0].tags == ["biology"]
    assert any("{{c1::mRNA::a nucleic acid}}" in c.question for c in cards)


def test_text_after_package_matches_by_guid(svc: Services) -> None:
    svc.importer.run(CLOZE)
    before = (svc.paths.decks / "biology/cells.md").read_bytes()
    summary = svc.importer.run(NOTES_TXT)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 10)
    assert (svc.paths.decks / "biology/cells.md").read_bytes() == before


@pytest.mark.parametrize(
    ("name", "sep"), [("comma", ","), ("semicolon", ";"), ("pipe", "|"), ("Tab", "\t")]
)
def test_separators_quotes_and_plain_text(tmp_path: Path, name: str, sep: str) -> None:
    path = tmp_path / "in.csv"
    rows = [f"#separator:{name}", "#html:false", "#tags:imported", "#deck:Words",
            sep.join(['"a <b> ""x""\nline1\nline2"', "back"]),
            sep.join(["front", "back"])]  # fmt: skip
    path.write_text("\n".join(rows) + "\n")
    mapped = read_text_notes(path)
    first, second = mapped.notes
    assert first.question == 'a <b> "x"\\\nline1\\\nline2'
    assert (first.answer, first.deck, first.tags) == ("back", "Words", ["imported"])
    assert second.guid.startswith("txt-")
    assert second.kind == "basic"


def test_notetype_column_reverse_and_cloze(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(
        "#separator:tab\n#html:true\n#notetype column:1\n"
        "Basic (and reversed card)\tperro\tdog\n"
        "Basic (optional reversed card)\tgato\tcat\t\n"
        "Basic (optional reversed card)\tpez\tfish\ty\n"
        "Cloze\t{{c1::x}} y\textra\n"
        "Cloze\tno deletion\t\n"
    )
    mapped = read_text_notes(path)
    assert [n.reverse for n in mapped.notes] == [True, False, True, False]
    assert mapped.notes[3].kind == "cloze"
    assert mapped.notes[3].answer == "extra"
    assert mapped.skipped == {"cloze notes without a deletion": 1}


def test_export_text_and_import_it_back_updates(svc: Services, tmp_path: Path) -> None:
    svc.importer.run(VOCAB)
    (svc.paths.decks / "mine.md").write_text("Q: own card\nA: **yes**\n")
    text, result = svc.exporter.text()
    assert (result.notes, result.cards) == (31, 61)
    lines = text.splitlines()
    assert lines[:6] == ["#separator:tab", "#html:true", "#guid column:1",
                         "#notetype column:2", "#deck column:3", "#tags column:6"]  # fmt: skip
    coche = next(line for line in lines if "el coche" in line).split("\t")
    assert coche == ["hFys55UKJc", "Basic (and reversed card)", "Languages::Spanish Vocab",
                     "<b>el coche</b>", "the car<br>(irregular)", "nouns spanish"]  # fmt: skip
    mine = next(line for line in lines if "own card" in line).split("\t")
    assert mine[0].startswith("tandem-")
    assert mine[1:5] == [
        "Basic",
        "mine",
        "own card",
        "<b>yes</b>",
    ]
    before = {p: p.read_bytes() for p in svc.paths.decks.rglob("*.md")}
    exported = tmp_path / "out.txt"
    exported.write_text(text.replace("the car<br>", "the auto<br>"))
    summary = svc.importer.run(exported)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 30)
    after = {p: p.read_bytes() for p in svc.paths.decks.rglob("*.md")}
    assert after[svc.paths.decks / "mine.md"] == before[svc.paths.decks / "mine.md"]
    assert b"the auto" in after[svc.paths.decks / "languages/spanish-vocab.md"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A spreadsheet's CSV, no headers, commas only between the columns.
        ("perro,dog\ngato,cat\npez,fish\n", [("perro", "dog"), ("gato", "cat"), ("pez", "fish")]),
        # Semicolons, a first row naming the columns, commas inside the text.
        ("Term;Definition\nla llave;the key, to a door\nel coche;the car\n",
         [("la llave", "the key, to a door"), ("el coche", "the car")]),
        # Quizlet's export: term<TAB>definition, one card a line, commas in the text.
        ("photosynthesis\tlight, water and CO2 into sugar\nmitosis\tone cell into two, alike\n",
         [("photosynthesis", "light, water and CO2 into sugar"),
          ("mitosis", "one cell into two, alike")]),
        # Pipes, quoted cells holding the separator and a line break.
        ('front|back\n"a|b"|"two\nlines"\nc|d\n', [("a|b", "two\\\nlines"), ("c", "d")]),
    ],
)  # fmt: skip
def test_plain_csv_and_tsv_find_their_separator_and_header(
    tmp_path: Path, text: str, expected: list[tuple[str, str]]
) -> None:
    path = tmp_path / "words.csv"
    path.write_text(text)
    mapped = read_text_notes(path)
    assert [(n.question, n.answer) for n in mapped.notes] == expected
    assert {n.deck for n in mapped.notes} == {"words"}


def test_a_one_column_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("apple and pear\nbanana and kiwi\ncherry\n")
    with pytest.raises(BadInputError, match=r"list\.txt:1: one column only"):
        read_text_notes(path)
    mixed = tmp_path / "mixed.csv"
    mixed.write_text('front,back\nperro,dog\n"two\nlines",x\nlonely\n')
    with pytest.raises(BadInputError, match=r"mixed\.csv:5: one column only"):
        read_text_notes(mixed)
    cloze = tmp_path / "cloze.txt"
    cloze.write_text("{{c1::Paris}} is the capital of France\n")
    assert read_text_notes(cloze).notes[0].kind == "cloze"


def test_columns_past_the_answer_become_extra_fields(svc: Services, tmp_path: Path) -> None:
    """A third column and on come in as ``F:`` fields: named by a ``#columns:`` header, else
    ``Field N`` by position; empty ones left out; plain text stays text; the optional
    reverse's flag column is no field. Importing again changes nothing."""
    named = tmp_path / "vocab.txt"
    named.write_text(
        "#separator:tab\n#html:true\n#columns:Word\tMeaning\tExample\tNotes\tTags\n"
        "#tags column:5\n"
        "perro\tdog\tTengo un <b>perro</b>.\tmasculine\tnouns\n"
        "gato\tcat\t\tfeline\t\n"
    )
    notes = {n.question: n.fields for n in read_text_notes(named).notes}
    assert notes == {
        "perro": [("Example", "Tengo un **perro**."), ("Notes", "masculine")],
        "gato": [("Notes", "feline")],
    }
    unnamed = tmp_path / "plain.csv"
    unnamed.write_text("uno,one,1 < 2 & *so*,\ndos,two,,last\n")
    notes = {n.question: n.fields for n in read_text_notes(unnamed).notes}
    assert notes == {"uno": [("Field 3", "1 < 2 & \\*so\\*")], "dos": [("Field 4", "last")]}
    optional = tmp_path / "optional.txt"
    optional.write_text(
        "#separator:tab\n#notetype:Basic (optional reversed card)\nsi\tyes\ty\tmore\n"
    )
    (note,) = read_text_notes(optional).notes
    assert (note.reverse, note.fields) == (True, [("Field 4", "more")])

    svc.importer.run(named)
    deck = parse_deck((svc.paths.decks / "vocab.md").read_text(), "vocab.md")
    assert {c.question: c.fields for c in deck.cards}["perro"] == (
        ("Example", "Tengo un **perro**."),
        ("Notes", "masculine"),
    )
    again = svc.importer.run(named)
    assert (again.added, again.updated) == (0, 0)


def test_a_text_export_imported_back_keeps_the_extra_fields(svc: Services, tmp_path: Path) -> None:
    """tandem's text export carries question and answer only; importing it back (or any
    file without columns past the answer) updates nothing and keeps each note's ``F:``
    fields, as Anki's text import keeps the fields it has no column for. A file with the
    columns is what it says: an empty one clears its field."""
    named = tmp_path / "vocab.txt"
    named.write_text(
        "#separator:tab\n#html:true\n#columns:Word\tMeaning\tExample\nperro\tdog\tTengo un perro.\n"
    )
    svc.importer.run(named)
    deck_file = svc.paths.decks / "vocab.md"
    before = deck_file.read_text()
    exported = tmp_path / "out.txt"
    exported.write_text(svc.exporter.text()[0])
    back = svc.importer.run(exported)
    assert (back.added, back.updated) == (0, 0)
    assert deck_file.read_text() == before
    (card,) = parse_deck(before, "vocab.md").cards
    assert card.fields == (("Example", "Tengo un perro."),)

    cleared = tmp_path / "cleared.txt"
    cleared.write_text(
        "#separator:tab\n#html:true\n#columns:Word\tMeaning\tExample\nperro\tdog\t\n"
    )
    assert svc.importer.run(cleared).updated == 1
    (card,) = parse_deck(deck_file.read_text(), "vocab.md").cards
    assert card.fields == ()
