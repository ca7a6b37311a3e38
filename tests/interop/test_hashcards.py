"""hashcards decks (Q:/A:, C: with [deletions], hashcards.db reviews) come in as tandem decks."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import blake3
import pytest

from tandem.interop.hashcards import parse_cards, read_hashcards
from tandem.models import BadInputError, FrozenClock, Rating
from tandem.services import Services

# What hashcards' own parser gives (its tests in src/parser.rs): the text without brackets,
# and each deletion's first and last byte in it.
CLOZES = [
    ("C: Foo [bar] baz.", "Foo bar baz.", [(4, 6)]),
    ("C: Foo [bar] baz [quux].", "Foo bar baz quux.", [(4, 6), (12, 15)]),
    ("C: Foo [bar] ![](image.jpg) [quux].", "Foo bar ![](image.jpg) quux.", [(4, 6), (23, 26)]),
    ("C: Key: [`\\[`]", "Key: `[`", [(5, 7)]),
    ("C: \\[markdown\\] [`\\[cloze\\]`]", "[markdown] `[cloze]`", [(11, 19)]),
    ("C: [foo]\n[bar]\nbaz.", "foo\nbar\nbaz.", [(0, 2), (4, 6)]),
    ("C: The notation [$n!$] means 'n factorial'.", "The notation $n!$ means 'n factorial'.",
     [(13, 16)]),
    # Offsets count bytes: "—" is three.
    ("C:\nBuild something people want in Lisp.\n\n— [Paul Graham], [_Hackers and Painters_]\n\n",
     "Build something people want in Lisp.\n\n— Paul Graham, _Hackers and Painters_",
     [(42, 52), (55, 76)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "clean", "spans"), CLOZES)
def test_clozes_read_as_hashcards_reads_them(
    text: str, clean: str, spans: list[tuple[int, int]]
) -> None:
    cards = parse_cards(text, "deck.md")
    assert [(c.question, c.cloze) for c in cards] == [(clean, span) for span in spans]


def test_basic_cards_run_to_the_next_card_blank_lines_included() -> None:
    text = "Q: List them.\nA:\n\n- ruthenium\n- rhodium\n\nQ: Two?\nA: 2\n---\nC: [x] y"
    cards = parse_cards(text, "deck.md")
    assert [(c.question, c.answer, c.line) for c in cards[:2]] == [
        ("List them.", "- ruthenium\n- rhodium", 1),
        ("Two?", "2", 7),
    ]
    # The card hash hashcards keys its reviews by: BLAKE3 of "Basic" + question + answer.
    assert cards[1].hash() == blake3.blake3(b"BasicTwo?2").hexdigest()
    span = (0).to_bytes(8, "little")
    assert cards[2].hash() == blake3.blake3(b"Clozex y" + span + span).hexdigest()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Q: Question without answer", 1, "without an answer"),
        ("A: Answer without question", 1, "without a question"),
        ("Q: Question\nC: [Cloze]", 2, "without an answer"),
        ("Q: Question\nA: Answer\nA: Another answer", 3, "without a question"),
        ("C: Cloze [x]\nA: Answer", 2, "without a question"),
        ("\n\nC: Cloze", 3, r"without a \[deletion\]"),
        ("Some notes\nQ: x\nA: y", 1, "not part of a card"),
    ],
)
def test_what_hashcards_refuses_is_refused_with_its_line(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(BadInputError, match=rf"deck\.md:{line}: .*{message}"):
        parse_cards(text, "deck.md")


def _hashcards_folder(root: Path) -> Path:
    folder = root / "cards"
    (folder / "art").mkdir(parents=True)
    (folder / "art" / "siren.png").write_bytes(b"\x89PNG\r\n\x1a\n-a-painting-")
    (folder / "Brain.md").write_text(
        '---\nname = "Neuroscience"\n---\n'
        "Q: How many neurons are there in the human brain?\nA: ~80 billion.\n\n"
        "C: An [agonist] binds to a receptor and [activates it].\n\n"
        "Q: Identify this painting:\n![The Siren](art/siren.png)\nA: _The Siren_.\n"
    )
    (folder / "French.md").write_text("Q: fire\nA: feu\n")
    cards = {c.question: c for c in parse_cards((folder / "French.md").read_text(), "x")}
    brain = parse_cards((folder / "Brain.md").read_text().split("---\n", 2)[2], "x")
    conn = sqlite3.connect(folder / "hashcards.db")
    conn.executescript(
        "CREATE TABLE cards (card_hash TEXT PRIMARY KEY, added_at TEXT NOT NULL,"
        " last_reviewed_at TEXT, stability REAL, difficulty REAL, interval_raw REAL,"
        " interval_days INTEGER, due_date TEXT, review_count INTEGER NOT NULL) STRICT;"
        "CREATE TABLE sessions (session_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL,"
        " ended_at TEXT NOT NULL) STRICT;"
        "CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL,"
        " card_hash TEXT NOT NULL, reviewed_at TEXT NOT NULL, grade TEXT NOT NULL,"
        " stability REAL NOT NULL, difficulty REAL NOT NULL, interval_raw REAL NOT NULL,"
        " interval_days INTEGER NOT NULL, due_date TEXT NOT NULL) STRICT;"
        "INSERT INTO sessions VALUES (1, '2026-03-01T08:00:00.000', '2026-03-01T08:10:00.000');"
    )
    rows = [
        (cards["fire"].hash(), "2026-03-01T08:00:01.250", "forgot"),
        (brain[1].hash(), "2026-03-01T08:00:05.000", "good"),  # "agonist"
        (brain[2].hash(), "2026-03-01T08:00:09.000", "hard"),  # "activates it"
        (cards["fire"].hash(), "2026-03-04T09:30:00.000", "easy"),
        ("0" * 64, "2026-03-04T09:31:00.000", "good"),  # a card deleted since
    ]
    conn.executemany(
        "INSERT INTO reviews VALUES (NULL, 1, ?, ?, ?, 1.0, 5.0, 1.0, 1, '2026-03-05')", rows
    )
    conn.commit()
    conn.close()
    return folder


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Sets the machine's time zone (hashcards writes local wall-clock times)."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def test_a_folder_with_its_reviews_becomes_decks_and_history(
    svc: Services, tmp_path: Path, zone: Callable[[str], None]
) -> None:
    zone("UTC")
    svc.people.add("alice")
    folder = _hashcards_folder(tmp_path)
    summary = svc.importer.run(folder, person="alice")
    assert summary.format == "hashcards"
    assert (summary.notes, summary.cards, summary.reviews) == (4, 5, 4)
    assert summary.skipped == {"reviews of cards no longer in the files": 1}
    deck = (svc.paths.decks / "neuroscience.md").read_text()
    assert "C: An {{c1::agonist}} binds to a receptor and {{c2::activates it}}." in deck
    assert "![The Siren](media/siren.png)" in deck
    assert (svc.paths.decks / "media" / "siren.png").read_bytes().endswith(b"-a-painting-")
    log = sorted(svc.ctx.reviews.for_person("alice"), key=lambda r: r.at)
    keys = {r.card for r in log}
    assert [(r.rating, r.at) for r in log] == [
        (Rating.AGAIN, datetime(2026, 3, 1, 8, 0, 1, 250_000, tzinfo=UTC)),
        (Rating.GOOD, datetime(2026, 3, 1, 8, 0, 5, tzinfo=UTC)),
        (Rating.HARD, datetime(2026, 3, 1, 8, 0, 9, tzinfo=UTC)),
        (Rating.EASY, datetime(2026, 3, 4, 9, 30, tzinfo=UTC)),
    ]
    assert log[0].card == log[3].card
    cloze = {log[1].card, log[2].card}
    assert sorted(k.rpartition(":")[2] for k in cloze) == ["c1", "c2"]
    assert len(keys) == 3
    again = svc.importer.run(folder, person="alice")
    assert (again.reviews, again.reviews_known, again.added) == (0, 4, 0)


def test_the_machine_time_zone_places_the_reviews(
    svc: Services, tmp_path: Path, zone: Callable[[str], None]
) -> None:
    zone("Europe/Berlin")
    svc.people.add("alice")
    svc.importer.run(_hashcards_folder(tmp_path), person="alice")
    first = min(r.at for r in svc.ctx.reviews.for_person("alice"))
    assert first == datetime(2026, 3, 1, 7, 0, 1, 250_000, tzinfo=UTC)


def test_an_image_outside_the_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"secret")
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "a.md").write_text("Q: look\n![x](../secret.png)\nA: no\n")
    mapped = read_hashcards(folder)
    assert mapped.notes[0].question == "look\n![x](../secret.png)"
    from tandem.interop.foreign import read_markdown_decks

    mapped, media, kind = read_markdown_decks(folder, datetime(2026, 3, 5, tzinfo=UTC))
    assert (kind, media) == ("hashcards", [])
    assert any("outside" in warning for warning in mapped.warnings)


def test_a_broken_hashcards_file_names_its_line_and_writes_nothing(
    svc: Services, tmp_path: Path, clock: FrozenClock
) -> None:
    path = tmp_path / "bad.md"
    path.write_text("Q: one\nA: 1\n\nC: no deletion here\n")
    with pytest.raises(BadInputError, match=r"bad\.md:4: a cloze"):
        svc.importer.run(path)
    assert not svc.paths.decks.exists() or not any(svc.paths.decks.rglob("*.md"))


def test_an_answer_of_several_paragraphs_is_kept(svc: Services, tmp_path: Path) -> None:
    path = tmp_path / "paragraphs.md"
    path.write_text("Q: Why?\nA: first reason\n\nsecond reason\n")
    summary = svc.importer.run(path)
    assert (summary.added, summary.skipped) == (1, {})
    (note,) = svc.ctx.cards.notes().values()
    assert note.answer == "first reason\n\n second reason"


def test_another_tools_markdown_in_the_decks_folder_is_named_and_the_others_sync(
    svc: Services,
) -> None:
    """A hashcards deck and an Obsidian Spaced Repetition note among the deck files: each is
    named with what it looks like and how to import it, left as it is, and the tandem deck
    beside them syncs (the CLI's sync says so and exits 65, as for any file it leaves)."""
    from click.testing import CliRunner

    from tandem.cli import cli

    decks = svc.paths.decks
    decks.mkdir(parents=True, exist_ok=True)
    (decks / "mine.md").write_text("Q: What is 2+2?\nA: 4\n")
    hashcards = "C: An [agonist] activates a receptor.\n\nQ: What blocks it?\nA:\n\n- a blocker\n"
    obsidian = "#flashcards\n\nCapital of France::Paris\n\nThe ==mitochondria== powers.\n"
    (decks / "pharma.md").write_text(hashcards)
    (decks / "biology.md").write_text(obsidian)
    report = svc.sync.run()
    assert report.added == 1
    assert sorted(report.refused) == ["biology.md", "pharma.md"]
    hints = [p for p in report.problems if "run 'tandem import' on it" in p]
    assert [hint.split(": this looks like ")[0] for hint in sorted(hints)] == [
        "biology.md:1",
        "pharma.md:1",
    ]
    assert "an Obsidian Spaced Repetition note" in sorted(hints)[0]
    assert "a hashcards deck" in sorted(hints)[1]
    assert (decks / "pharma.md").read_text() == hashcards  # no id written into it
    assert (decks / "biology.md").read_text() == obsidian
    assert "<!-- id:" in (decks / "mine.md").read_text()
    synced = CliRunner().invoke(cli, ["sync"])
    assert synced.exit_code == 65
    assert "the others are synced" in synced.output
    assert synced.output.count("run 'tandem import' on it") == 2
