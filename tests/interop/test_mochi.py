"""Mochi exports (.mochi: data.json in Transit JSON, or the older data.edn) come in as tandem
decks, with their templates' fields, attachments and review history."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import edn_format
import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.interop import Limits, MediaFile
from tandem.interop.mochi import read_mochi
from tandem.models import BadInputError, FrozenClock, Rating
from tandem.services import Services
from tandem.services.sync.outcome import foreign_summary
from tandem.tui.syncing import deck_notices

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n-a-dog-"


def _at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def _export() -> dict[str, Any]:
    """A Mochi export as plain values: keys are keyword names, sets are ``frozenset``."""
    vocab = {
        "id": "tmplVoc1",
        "name": "Vocab",
        "content": "# << Word >>\n---\n<< Meaning >>",
        "fields": {
            "name": {"id": "name", "name": "Word", "pos": "a"},
            "fMeanin1": {"id": "fMeanin1", "name": "Meaning", "pos": "b"},
            "fExampl1": {"id": "fExampl1", "name": "Example", "pos": "c"},
            "fNotes01": {"id": "fNotes01", "name": "Notes", "pos": "d"},
        },
    }
    spanish = [
        {
            "id": "cdPerro1", "content": "el perro\n---\nthe dog",
            "tags": frozenset({"animals"}), "manual-tags": frozenset({"lang es"}),
            "reviews": [
                {"date": _at(0), "due": _at(0), "remembered?": True},  # the start marker
                {"date": _at(0.01), "due": _at(1), "interval": 1, "remembered?": True},
                {"date": _at(1.2), "due": _at(1.7), "interval": 0.5, "remembered?": False},
            ],
        },
        {"id": "cdArchiv", "content": "old\n---\ngone", "archived?": True},
        {"id": "cdTrash1", "content": "x\n---\ny", "trashed?": _at(3)},
        {
            "id": "cdDog0001", "content": "![a dog](@media/dog.png)\n---\nwoof",
            "review-reverse?": True,
            "reviews": [{"date": _at(2), "due": _at(5), "interval": 3, "remembered?": True}],
        },
    ]  # fmt: skip
    german = [
        {
            "id": "cdHund01", "template-id": "tmplVoc1",
            "fields": {
                "name": {"id": "name", "value": "der Hund"},
                "fMeanin1": {"id": "fMeanin1", "value": "the dog"},
                "fExampl1": {"id": "fExampl1", "value": "Der Hund bellt."},
                "fNotes01": {"id": "fNotes01", "value": ""},
            },
            "reviews": [{"date": _at(4), "due": _at(6), "interval": 2, "remembered?": True}],
        },
        {
            "id": "cdSides1",
            "content": "Three sides\n---\n```\n---\n```\n---\nthe third",
        },
    ]  # fmt: skip
    geography = [
        {
            "id": "cdParis1", "content": "The capital of France is {{Paris}}.",
            "reviews": [{"date": _at(5), "due": _at(8), "interval": 3, "remembered?": False}],
        },
    ]  # fmt: skip
    return {
        "version": 2,
        "templates": [vocab],
        "decks": [
            {"id": "dkLang01", "name": "Languages", "cards": []},
            {"id": "dkSpan01", "name": "Spanish", "parent-id": "dkLang01", "cards": spanish},
            {"id": "dkGerm01", "name": "German", "parent-id": "dkLang01", "cards": german},
            {"id": "dkGeo001", "name": "Geography", "cards": geography},
            {"id": "dkOld001", "name": "Old", "trashed?": _at(2),
             "cards": [{"id": "cdOld001", "content": "q\n---\na"}]},
        ],
    }  # fmt: skip


_KEYWORD_VALUES = {"id", "parent-id", "template-id"}


def _transit(value: Any, key: str = "") -> Any:
    """Mochi's data.json form: keywords ``~:x``, ``~#set``/``~#list``, times ``~t<ms>``."""
    if isinstance(value, dict):
        return {f"~:{k}": _transit(v, k) for k, v in value.items()}
    if isinstance(value, frozenset):
        return {"~#set": sorted(value)}
    if isinstance(value, list):
        items = [_transit(v) for v in value]
        return {"~#list": items} if key == "cards" else items
    if isinstance(value, datetime):
        ms = int(value.timestamp() * 1000)
        return {"~#dt": ms} if key == "trashed?" else f"~t{ms}"
    if isinstance(value, str) and key in _KEYWORD_VALUES:
        return f"~:{value}"
    if isinstance(value, str) and value.startswith(("~", "^")):
        return "~" + value
    return value


def _edn(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {edn_format.Keyword(k): _edn(v, k) for k, v in value.items()}
    if isinstance(value, frozenset):
        return frozenset(_edn(v) for v in value)
    if isinstance(value, list):
        return [_edn(v) for v in value]
    if isinstance(value, str) and key in _KEYWORD_VALUES:
        return edn_format.Keyword(value)
    return value


def _package(
    path: Path, data: dict[str, Any], form: str, extra: dict[str, bytes] | None = None
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if form == "json":
            archive.writestr("data.json", json.dumps(_transit(data)))
        else:
            archive.writestr("data.edn", edn_format.dumps(_edn(data)))
        archive.writestr("dog.png", PNG)
        for name, blob in (extra or {}).items():
            archive.writestr(name, blob)
    return path


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 4, 1, tzinfo=UTC))


def _cards(svc: Services) -> dict[str, str]:
    """Each deck file's cards (the text between the front matter and the end), by file."""
    texts = {}
    for path in sorted(svc.paths.decks.rglob("*.md")):
        text = path.read_text()
        texts[path.relative_to(svc.paths.decks).as_posix()] = text.split("+++\n", 2)[2].strip()
    return texts


@pytest.mark.parametrize("form", ["json", "edn"])
def test_an_export_becomes_decks_fields_media_and_history(
    svc: Services, tmp_path: Path, form: str
) -> None:
    svc.people.add("alice")
    package = _package(tmp_path / "deck.mochi", _export(), form)
    summary = svc.importer.run(package, person="alice")
    assert summary.format == "mochi"
    cards = _cards(svc)
    assert sorted(cards) == ["geography.md", "languages/german.md", "languages/spanish.md"]
    spanish = cards["languages/spanish.md"]
    assert [block.split("\n<!--")[0] for block in spanish.split("\n\n")] == [
        "Q: el perro\nA: the dog",
        "Q: ![a dog](media/dog.png)\nA: woof",
    ]
    assert "· by: alice · tags: animals, lang_es · guid: mochi-cdPerro1 -->" in spanish
    assert "· by: alice · reverse · guid: mochi-cdDog0001 -->" in spanish
    german = cards["languages/german.md"]
    assert german.split("\n\n")[0].split("\n<!--")[0] == (
        "Q: # der Hund\nA: the dog\nF: Example: Der Hund bellt."
    )
    assert german.split("\n\n", 1)[1].split("\n<!--")[0] == (
        "Q: Three sides\nA: ```\n---\n```\nF: Side 3: the third"
    )
    assert cards["geography.md"].split("\n<!--")[0] == (
        "C: The capital of France is {{c1::Paris}}."
    )
    titles = {p.name: p.read_text().split("\n")[1] for p in svc.paths.decks.rglob("*.md")}
    assert titles["spanish.md"] == 'title = "Languages::Spanish"'
    media = svc.paths.decks / "languages" / "media" / "dog.png"
    assert media.read_bytes() == PNG
    assert summary.skipped == {
        "archived cards (or in an archived deck): Mochi no longer reviews them": 1,
        "cards in Mochi's trash (or in a trashed deck)": 2,
        "review records that only mark a card as started (no interval, due = date)": 1,
    }
    keys = {note_key(svc, guid): guid for guid in
            ("mochi-cdPerro1", "mochi-cdDog0001", "mochi-cdHund01", "mochi-cdParis1")}  # fmt: skip
    log = sorted(svc.ctx.reviews.for_person("alice"), key=lambda r: r.at)
    assert [
        (keys[r.card.split(":")[0]], r.card.partition(":")[2], r.rating, r.at) for r in log
    ] == [
        ("mochi-cdPerro1", "", Rating.GOOD, _at(0.01)),
        ("mochi-cdPerro1", "", Rating.AGAIN, _at(1.2)),
        ("mochi-cdDog0001", "", Rating.GOOD, _at(2)),
        ("mochi-cdHund01", "", Rating.GOOD, _at(4)),
        ("mochi-cdParis1", "c1", Rating.AGAIN, _at(5)),
    ]
    assert {r.grader for r in log} == {"alice"}
    before = {p: p.read_bytes() for p in svc.paths.decks.rglob("*") if p.is_file()}
    again = svc.importer.run(package, person="alice")
    assert (again.added, again.updated, again.reviews, again.reviews_known) == (0, 0, 0, 5)
    assert {p: p.read_bytes() for p in svc.paths.decks.rglob("*") if p.is_file()} == before


def note_key(svc: Services, guid: str) -> str:
    """The tandem note id the import gave the note with ``guid`` (from its meta line)."""
    for path in svc.paths.decks.rglob("*.md"):
        for line in path.read_text().splitlines():
            if f"guid: {guid} " in line or line.endswith(f"guid: {guid} -->"):
                return line.split("id: ", 1)[1].split(" ")[0]
    raise AssertionError(guid)


def test_both_forms_give_the_same_notes_and_reviews(tmp_path: Path) -> None:
    as_json = read_mochi(_package(tmp_path / "a.mochi", _export(), "json"))
    as_edn = read_mochi(_package(tmp_path / "b.mochi", _export(), "edn"))
    assert as_json[0].notes == as_edn[0].notes
    assert as_json[0].reviews == as_edn[0].reviews
    assert as_json[1] == as_edn[1]
    assert len(as_json[0].notes) == 5


def test_a_card_without_its_template_shows_its_fields_in_order(tmp_path: Path) -> None:
    data = {"decks": [{"id": "dk1", "name": "D", "cards": [
        {"id": "c1", "template-id": "gone", "fields": {"a": {"value": "front"},
                                                       "b": {"value": "back"},
                                                       "c": {"value": "more"}}},
    ]}]}  # fmt: skip
    mapped, _ = read_mochi(_package(tmp_path / "d.mochi", data, "json"))
    note = mapped.notes[0]
    assert (note.question, note.answer, note.fields) == ("front", "back", [("Field 3", "more")])


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"data.json": b'{"~:decks": [\n  {"~:name": }\n]}'}, r"data\.json:2: not valid JSON"),
        ({"data.edn": b'{:decks [\n{:name "x"\n :cards [}]}'}, r"data\.edn:3: not valid EDN"),
        ({"data.edn": b'{:decks [{:id #foo "x"}]}'}, r"data\.edn: not valid EDN"),
        ({"data.json": b"\xff\xfe"}, r"data\.json: not UTF-8"),
        ({"data.json": b'["^ ", "^9", 1]'}, r"data\.json: not Mochi's Transit data"),
        ({"data.json": b"[1, 2]"}, r"data\.json: not a Mochi export"),
        ({"data.json": b'{"~:version": 2}'}, r"no decks and no cards"),
        ({"notes.txt": b"x"}, r"not a Mochi export \(no data\.json or data\.edn"),
        ({"data.json": b"{}", "../evil": b"x"}, r"suspicious member name"),
    ],
)
def test_a_broken_or_hostile_export_is_refused_and_nothing_written(
    svc: Services, tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    path = tmp_path / "bad.mochi"
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    with pytest.raises(BadInputError, match=message) as raised:
        svc.importer.run(path)
    assert "bad.mochi" in str(raised.value)
    assert not svc.paths.decks.exists() or not any(svc.paths.decks.rglob("*.md"))


def test_oversized_data_and_attachments_are_refused(tmp_path: Path) -> None:
    package = _package(tmp_path / "big.mochi", _export(), "json")
    with pytest.raises(BadInputError, match=r"data\.json.* too large"):
        read_mochi(package, Limits(collection_bytes=100))
    with pytest.raises(BadInputError, match=r"'dog\.png' is too large"):
        read_mochi(package, Limits(media_file_bytes=4))


def test_control_bytes_are_removed_and_unsafe_attachment_names_kept_as_text(
    tmp_path: Path,
) -> None:
    data = {"decks": [{"id": "dk1", "name": "D\x1b[31m", "cards": [
        {"id": "c1", "content": "red\x1b[31m?\n---\n![](@media/..%2Fsecret)"},
    ]}]}  # fmt: skip
    mapped, media = read_mochi(_package(tmp_path / "c.mochi", data, "json"))
    note = mapped.notes[0]
    assert (note.deck, note.question, note.answer) == (
        "D[31m",
        "red[31m?",
        "![](@media/..%2Fsecret)",
    )
    assert media == []
    assert any("control character" in w for w in mapped.warnings)
    assert any("does not write" in w for w in mapped.warnings)


def test_cli_imports_a_mochi_file_and_exits_65_on_a_bad_one(tmp_path: Path) -> None:
    good = _package(tmp_path / "deck.mochi", _export(), "edn")
    bad = tmp_path / "bad.mochi"
    bad.write_bytes(b"not a zip")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(good)])
    assert result.exit_code == 0, result.output
    assert "(mochi): 5 notes, 6 cards" in result.output
    result = runner.invoke(cli, ["import", str(bad)])
    assert result.exit_code == 65
    assert "bad.mochi: not a valid zip package" in result.output


def test_a_mochi_export_in_the_decks_folder_is_named_and_the_others_sync(
    svc: Services, tmp_path: Path
) -> None:
    decks = svc.paths.decks
    (decks / "old").mkdir(parents=True)
    (decks / "words.md").write_text("Q: uno\nA: one\n")
    _package(decks / "old" / "deck.mochi", _export(), "json")
    (decks / "old" / "data.edn").write_text("{:decks []}")
    (decks / "data.json").write_text('{"unrelated": true}')  # not Mochi's: no word of it
    report = svc.sync.run()
    assert report.added == 1
    assert (report.refused, report.problems) == ([], [])  # not deck files: not problems
    assert sorted(report.foreign) == [
        "old/data.edn: this looks like the data of a Mochi export (data.edn), not a deck "
        "file: move it out of the decks folder and run 'tandem import' on it to make tandem "
        "decks of it",
        "old/deck.mochi: this looks like a Mochi export (.mochi), not a deck file: move it "
        "out of the decks folder and run 'tandem import' on it to make tandem decks of it",
    ]
    runner = CliRunner()
    synced = runner.invoke(cli, ["sync"])
    assert synced.exit_code == 0, synced.output
    assert "problems" not in synced.output
    assert (
        "2 files in the decks folder are other tools' exports, not deck files (skipped):\n"
        "  old/data.edn: this looks like the data of a Mochi export (data.edn)"
    ) in synced.output
    assert "  old/deck.mochi: this looks like a Mochi export (.mochi), not a deck file" in (
        synced.output
    )
    assert deck_notices(report)[-1] == foreign_summary(report.foreign)
    checked = runner.invoke(cli, ["check"])
    assert checked.exit_code == 65
    assert checked.output.count("looks like") == 2
    assert "data.json" not in checked.output
    named = runner.invoke(cli, ["check", str(decks / "old" / "deck.mochi")])
    assert named.exit_code == 65
    assert "looks like a Mochi export (.mochi)" in named.output


def test_an_unzipped_export_is_read_with_the_attachments_beside_it(
    svc: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "unzipped"
    folder.mkdir()
    (folder / "data.edn").write_text(edn_format.dumps(_edn(_export())))
    (folder / "dog.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(b"secret")
    summary = svc.importer.run(folder / "data.edn")
    assert (summary.format, summary.notes, summary.media_missing) == ("mochi", 5, [])
    assert (svc.paths.decks / "languages" / "media" / "dog.png").read_bytes() == PNG
    zipped = read_mochi(_package(tmp_path / "z.mochi", _export(), "edn"))
    assert read_mochi(folder / "data.edn")[0].notes == zipped[0].notes


def test_markdown_that_would_break_a_deck_file_is_written_so_it_reads_the_same(
    svc: Services, tmp_path: Path
) -> None:
    content = "Q line\nA: inner\n<!-- id: abcdefgh -->\n\nsecond para\n---\nanswer\nQ: another"
    data = {"decks": [{"id": "dk1", "name": "D", "cards": [{"id": "c1", "content": content}]}]}
    summary = svc.importer.run(_package(tmp_path / "m.mochi", data, "json"))
    assert (summary.added, summary.skipped) == (1, {})
    (card,) = svc.ctx.cards.notes().values()
    assert card.question == "Q line\n A: inner\n <!-- id: abcdefgh -->\n\n second para"
    assert card.answer == "answer\n Q: another"
    assert card.id != "abcdefgh"
    again = svc.importer.run(_package(tmp_path / "m.mochi", data, "json"))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)


def test_cards_come_in_mochis_order_and_encoded_attachment_names_are_found(
    tmp_path: Path,
) -> None:
    data = {"decks": [{"id": "dk1", "name": "D", "cards": [
        {"id": "c1", "pos": "m", "content": "second\n---\n2"},
        {"id": "c2", "content": "last (no pos)\n---\n3"},
        {"id": "c3", "pos": "a", "content": "![](@media/my%20dog.png)\n---\n1"},
    ]}]}  # fmt: skip
    package = _package(tmp_path / "o.mochi", data, "json", {"my dog.png": b"spaced"})
    mapped, media = read_mochi(package)
    assert [n.question for n in mapped.notes] == [
        "![](media/my_dog.png)", "second", "last (no pos)"
    ]  # fmt: skip
    assert media == [MediaFile("my%20dog.png", b"spaced")]


def test_a_number_too_long_to_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "n.mochi"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.json", b'{"~:decks": [' + b"9" * 5000 + b"]}")
    with pytest.raises(BadInputError, match=r"data\.json: not valid JSON \(Exceeds"):
        read_mochi(path)
