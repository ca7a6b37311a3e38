"""The import's bulk path leaves what the slow path would: its files synced from scratch give
the same notes and cards, replaying its reviews gives the same states, and saving notes by
the batch gives the same rows as saving them one by one."""

from __future__ import annotations

import gc
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.config.settings import PersonSettings
from tandem.decks.model import Deck, DeckCard
from tandem.decks.writer import write_deck
from tandem.interop.apkg_write import Package, PackageCard, PackageNote, PackageReview, write_apkg
from tandem.models import BadInputError, CardState, FrozenClock, Rating
from tandem.scheduling.scheduler import PersonScheduler
from tandem.services import Services, build_services
from tandem.services.anki.review_ids import review_id
from tandem.services.maintenance.replay import Replayer
from tandem.services.sync.catalog import Catalog
from tandem.services.sync.sync import Sync
from tandem.storage.db import Store
from tandem.storage.note_rows import DeckRow, NoteRow

START = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
DECKS = ("Bio", "Lang::French", "Lang::Spanish")  # files sort as a folder walk visits them
HTML = ("<b>cell</b> {n}", "answer {n}<br>second&nbsp;line", '<div class="x">div {n}</div>',
        "plain {n}", "<ul><li>one {n}</li><li>two</li></ul>")  # fmt: skip


def _package(path: Path, notes: int = 24) -> Path:
    """Basic, reversed and cloze notes; cards with 0 to 3 reviews of every rating."""
    base = int(START.timestamp() * 1000)
    package = Package(created=base // 1000 - 86_400, now_ms=base)
    for n in range(notes):
        kind = ("basic", "reversed", "cloze")[n % 3]
        cloze = "{{c1::" + str(n) + "}} and {{c2::x}}"
        front = cloze if kind == "cloze" else HTML[n % 5].format(n=n)
        cards = tuple(PackageCard(base + 10 * n + o, o) for o in range(1 if kind == "basic" else 2))
        for card in cards:
            for k in range((n + card.ord) % 4):  # Easy first on some cards: straight to review
                ease = 1 + (n + k + card.ord) % 4
                at = base + 3_600_000 * (n + 30 * k) + card.ord
                package.reviews.append(PackageReview(at, card.id, ease, 0, 3000))
        package.notes.append(PackageNote(base + n, f"g{n}", kind, DECKS[n % 3],
                                         (front, HTML[(n + 1) % 5].format(n=n)),
                                         ("t", f"g{n % 2}"), cards))  # fmt: skip
    write_apkg(package, path)
    return path


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START + timedelta(days=120))


@pytest.fixture
def two(svc: Services) -> Services:
    svc.people.add("alice")
    svc.people.add("bob")
    return svc


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return sorted(conn.execute(sql).fetchall(), key=repr)


NOTES = ("SELECT n.id, d.path, kind, question, answer, author, content_hash, position, n.tags, "
         "reverse, guid, retired, created_at, updated_at FROM notes n JOIN decks d ON "
         "d.id = n.deck_id")  # fmt: skip
CARDS = "SELECT key, note_id, variant, pos, retired, created_at FROM cards"
STATES = "SELECT * FROM card_state WHERE person = ?"
COLUMNS = "card, deck_id, pos, queue, state, step, stability, difficulty, due, last_review, reps"


def test_the_files_it_wrote_sync_to_the_same_notes_and_cards(
    two: Services, tmp_path: Path, clock: FrozenClock
) -> None:
    summary = two.importer.run(_package(tmp_path / "p.apkg"), person="alice")
    assert (summary.notes, summary.added) == (24, 24)
    assert summary.files == ["bio.md", "lang/french.md", "lang/spanish.md"]
    paths = resolve_paths(tmp_path / "other.db", two.paths.decks)
    other = build_services(paths, db=Store(paths.db), clock=clock)
    other.people.add("alice")
    other.sync.run()
    for sql in (NOTES, CARDS):
        assert _rows(two.ctx.store.conn, sql) == _rows(other.ctx.store.conn, sql)
    other.close()


def test_states_and_review_log_are_what_replaying_the_log_gives(
    two: Services, tmp_path: Path
) -> None:
    summary = two.importer.run(_package(tmp_path / "p.apkg"), person="alice")
    conn = two.ctx.store.conn
    logged = (
        "SELECT id, card, person, rating, at, grader, duration_ms, prev_state, kind FROM reviews"
    )
    reviews = _rows(conn, logged)
    assert summary.reviews == len(reviews) > 30
    assert summary.states_rebuilt == len({row[1] for row in reviews})
    assert {row[7] for row in reviews} >= {0, 1, 2}  # prev_state: new, learning, review
    assert Replayer(two.ctx).run("alice", fix=False) == []
    with two.ctx.store.write():
        Replayer(two.ctx).run("alice", fix=True)  # would correct any prev_state
    assert _rows(conn, logged) == reviews
    assert {row[4] for row in _rows(conn, "SELECT * FROM card_state WHERE person = 'bob'")} == {0}


def test_a_history_for_cards_that_exist_is_replayed_from_the_log(
    two: Services, tmp_path: Path
) -> None:
    package = _package(tmp_path / "p.apkg")
    first = two.importer.run(package, person="bob")
    summary = two.importer.run(package, person="alice")  # the cards exist now
    assert (summary.added, summary.unchanged, summary.reviews) == (0, 24, first.reviews)
    assert Replayer(two.ctx).run("alice", fix=False) == []
    conn = two.ctx.store.conn
    per_person = [_rows(conn, f"SELECT {COLUMNS} FROM card_state WHERE person = ?".replace(
        "?", f"'{name}'")) for name in ("alice", "bob")]  # fmt: skip
    assert per_person[0] == per_person[1]  # the same log gives the same states
    again = two.importer.run(package, person="alice")
    assert (again.reviews, again.reviews_known) == (0, summary.reviews)


def test_the_import_writes_with_a_large_page_cache_and_gives_it_back(
    two: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = two.ctx.store.conn
    size = lambda: conn.execute("PRAGMA cache_size").fetchone()[0]  # noqa: E731
    default, seen = size(), []
    run = Sync.run

    def spy(self: Sync, *args: object, **kwargs: object) -> object:
        seen.append(size())
        return run(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Sync, "run", spy)
    summary = two.importer.run(_package(tmp_path / "p.apkg"), person="alice")
    assert summary.added == 24
    assert seen == [-64 * 1024]  # pages changed stay in memory until the commit
    assert size() == default


def _catalog(clock: FrozenClock) -> Services:
    svc = build_services(resolve_paths(), db=Store(":memory:"), clock=clock)
    svc.people.add("alice")
    svc.people.add("bob")
    with svc.ctx.store.write():
        svc.ctx.cards.save_deck(DeckRow(id=0, path="a.md", title="a"))
        svc.ctx.cards.save_deck(DeckRow(id=0, path="b.md", title="b"))
    return svc


def _note(note_id: str, deck: int, position: int, text: str = "q", **more: object) -> NoteRow:
    return NoteRow(note_id, deck, str(more.pop("kind", "basic")), text, "a", "alice",
                   f"hash-{text}", position, ("t",), **more)  # type: ignore[arg-type]  # fmt: skip


def test_saving_notes_by_the_batch_gives_the_rows_saving_one_by_one_gives(
    clock: FrozenClock,
) -> None:
    first = [(_note("old1", 1, 0), [""]), (_note("old2", 1, 1, reverse=True), ["", "r"])]
    then = [
        (_note("new1", 1, 0), [""]),
        (_note("old2", 2, 1, "moved and edited"), [""]),  # moved, its reverse card retired
        (_note("new2", 2, 2, "{{c1::x}} {{c2::y}}", kind="cloze"), ["c1", "c2", "c1"]),
        (_note("old1", 1, 3, reverse=True), ["", "r"]),  # gains a reverse card
        (_note("new3", 2, 4), [""]),
    ]
    dumps, changes = [], []
    for batch in (False, True):
        svc = _catalog(clock)
        with svc.ctx.store.write():
            catalog = Catalog(svc.ctx)
            for note, variants in first:
                catalog.save_note(note, variants)
            if batch:
                changes.append(catalog.save_notes(then))
            else:
                changes.append([catalog.save_note(note, variants) for note, variants in then])
        conn = svc.ctx.store.conn
        dumps.append([_rows(conn, sql) for sql in (NOTES, CARDS, STATES.replace("= ?", "!= ''"))])
        svc.close()
    assert dumps[0] == dumps[1]
    assert changes[0] == changes[1]
    assert [c.added for c in changes[1]] == [True, False, True, False, True]


def test_initial_states_go_to_the_cards_the_catalog_creates(clock: FrozenClock) -> None:
    svc = _catalog(clock)
    state = PersonScheduler(PersonSettings()).review("n1", CardState(), Rating.GOOD, START)
    with svc.ctx.store.write():
        Catalog(svc.ctx, {("alice", "n1:r"): state}).save_notes([(_note("n1", 1, 0), ["", "r"])])
    new = CardState().scheduling_fields()
    memory = {(p, k): svc.ctx.states.get(p, k).memory.scheduling_fields()  # type: ignore[union-attr]
              for p in ("alice", "bob") for k in ("n1", "n1:r")}  # fmt: skip
    assert memory == {("alice", "n1"): new, ("alice", "n1:r"): state.scheduling_fields(),
                      ("bob", "n1"): new, ("bob", "n1:r"): new}  # fmt: skip
    svc.close()


def test_review_ids_are_those_of_earlier_versions() -> None:
    # Re-importing the same package must find its reviews known, so ids must never change.
    assert review_id(1767605400123, 1767605400.123, "alice") == "01ke6qvwhvsyzc650q4y"
    assert review_id(1, 0.001, "bob") == "0000000001qtn2nznmvb"
    assert review_id(2**53, 2**53 / 1000, "x") == "000000000003144aagrb"  # 50 bits kept


def test_two_notes_with_one_guid_keep_only_reviews_of_cards_that_exist(
    two: Services, tmp_path: Path
) -> None:
    def package(path: Path, *notes: tuple[int, str, str]) -> Path:
        base, built = int(START.timestamp() * 1000), Package()
        for nid, kind, text in notes:
            cards = tuple(PackageCard(nid * 10 + o, o) for o in range(2))
            built.notes.append(PackageNote(nid, "same", kind, "D", (text, "b"), (), cards))
            built.reviews += [PackageReview(base + c.id, c.id, 3, 0, 0) for c in cards]
        write_apkg(built, path)
        return path

    two.importer.run(package(tmp_path / "a.apkg", (1, "reversed", "front")), person="bob")
    cloze = (2, "cloze", "{{c1::x}} {{c2::y}}")
    hostile = package(tmp_path / "b.apkg", cloze, (3, "reversed", "z"))
    summary = two.importer.run(hostile, person="alice")  # both notes are the one card "same"
    assert summary.skipped == {"reviews of cards that were not imported": 2}
    assert summary.reviews == 2
    assert Replayer(two.ctx).run("alice", fix=False) == []


def test_the_cycle_collector_runs_again_after_an_import_even_a_refused_one(
    svc: Services, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.apkg"
    broken.write_bytes(b"not a zip")
    with pytest.raises(BadInputError):
        svc.importer.run(broken)
    assert gc.isenabled()
    svc.importer.run(_package(tmp_path / "p.apkg"))
    assert gc.isenabled()


def test_a_built_deck_with_an_id_used_elsewhere_is_refused_naming_both_files(
    svc: Services,
) -> None:
    root = svc.paths.decks
    root.mkdir()
    (root / "a.md").write_text("Q: one\nA: 1\n<!-- id: same1234 -->\n")
    svc.sync.run()
    built = Deck(blocks=[DeckCard(kind="basic", question="two", answer="2", id="same1234")])
    data = write_deck(built).encode()
    (root / "b.md").write_bytes(data)
    with pytest.raises(BadInputError) as raised:
        Sync(svc.ctx).run(only={"b.md"}, prepared={"b.md": (data, built)})
    assert raised.value.details == [  # a built card has no line number; a parsed one has
        "a.md: duplicate id 'same1234' (also at b.md)",
        "b.md: duplicate id 'same1234' (also at a.md)",
    ]
