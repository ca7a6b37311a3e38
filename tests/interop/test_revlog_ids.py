"""A review goes out to Anki under one revlog id whichever cards go out with it: exports of
two parts of the decks, the whole, and the whole again after a part was retired and brought
back give each review the same id, so importing them all into one Anki collection, or into
tandem, adds no review twice."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating
from tandem.services import Services, build_services
from tandem.services.anki.review_ids import Logged, RevlogIds, review_id, revlog_ids
from tandem.storage.db import Store
from tests.interop.conftest import VOCAB, revlog

# After the fixtures' last review (imported reviews are not in the future) and before the
# machine's own clock (Anki moves revlog ids later than its clock to "now").
START = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
NOTES = 40
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Row = tuple[int, str, int, int, int]  # revlog id, note GUID, card ord, ease, type


def _crowded(tmp_path: Path) -> tuple[Services, FrozenClock, Path, str, list[str], int]:
    """alice's log with Anki's entries (the vocabulary fixture: restarts, reviews of one
    moment) and tandem's: answers, then a due date set on all 40 cards of ``bulk.md`` at
    once and a forget of them all at once (40 entries of one millisecond each). Returns the
    services, clock, deck file, its header, its 40 note blocks (with ids) and the time of
    the due dates in ms."""
    clock = FrozenClock(START)
    decks = tmp_path / "decks"
    decks.mkdir()
    notes = "".join(f"Q: question {n}\nA: answer {n}\n\n" for n in range(NOTES))
    deck = decks / "bulk.md"
    deck.write_text(f"# bulk\n\n{notes}", encoding="utf-8")
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "t.db"), clock=clock)
    svc.people.add("alice")
    svc.importer.run(VOCAB, person="alice")
    svc.sync.run()
    text = deck.read_text(encoding="utf-8")
    header, *blocks = text.rstrip("\n").split("\n\n")
    assert len(blocks) == NOTES
    assert all("<!-- id:" in block for block in blocks)
    keys = _keys_in_file_order(svc, blocks)
    session = svc.study("alice")
    for key in keys[:3] + keys[25:27]:
        session.answer(key, Rating.GOOD)
        clock.advance(seconds=7)
    clock.advance(hours=1)
    due = svc.cards.due_on("alice", days=4)
    set_at = int(clock.now().timestamp() * 1000)
    assert svc.cards.set_due("alice", keys, due) == keys
    clock.advance(hours=1)
    from tandem.services.cards.forgetting import forget

    assert forget(svc.ctx, "alice", keys) == keys
    return svc, clock, deck, header, blocks, set_at


def _keys_in_file_order(svc: Services, blocks: list[str]) -> list[str]:
    """The card keys of ``bulk.md``'s notes, in the file's order."""
    notes = {note.question: note.id for note in svc.ctx.cards.notes().values()}
    keys = []
    for block in blocks:
        question = block.split("\n", 1)[0].removeprefix("Q: ")
        (key,) = svc.ctx.cards.card_keys(notes[question])
        keys.append(key)
    return keys


def _export(svc: Services, path: Path) -> Path:
    svc.exporter.apkg(path, person="alice")
    return path


def _rows(package: Path) -> set[Row]:
    """Every revlog row of ``package``, with the note and card it is on."""
    with zipfile.ZipFile(package) as archive:
        db = package.with_suffix(".db")
        db.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        return set(
            conn.execute(
                "SELECT r.id, n.guid, c.ord, r.ease, r.type FROM revlog AS r "
                "JOIN cards AS c ON c.id = r.cid JOIN notes AS n ON n.id = c.nid"
            )
        )
    finally:
        conn.close()


def _packages(tmp_path: Path) -> tuple[Services, dict[str, Path], int]:
    """alice's crowded log exported four times: whole; with only the first 20 notes of
    ``bulk.md`` (the others retired); with only the last 20; whole again."""
    svc, _, deck, header, blocks, set_at = _crowded(tmp_path)
    half = NOTES // 2
    packages = {}
    for name, part in (
        ("whole", blocks),
        ("first", blocks[:half]),
        ("second", blocks[half:]),
        ("again", blocks),
    ):
        deck.write_text(header + "\n\n" + "\n\n".join(part) + "\n", encoding="utf-8")
        packages[name] = _export(svc, tmp_path / f"{name}.apkg")
    return svc, packages, set_at


def _log(svc: Services, person: str) -> list[tuple[object, ...]]:
    return [(r.id, r.card, r.rating, r.at, r.kind) for r in svc.ctx.reviews.for_person(person)]


def test_a_review_keeps_its_revlog_id_in_every_export(tmp_path: Path) -> None:
    svc, packages, set_at = _packages(tmp_path)
    rows = {name: _rows(path) for name, path in packages.items()}
    whole = rows["whole"]
    assert len({row[0] for row in whole}) == len(whole)  # unique ids
    # Each part's rows are the whole's, id for id; the whole after the retired notes came
    # back is the first whole.
    assert rows["first"] | rows["second"] == whole
    assert rows["first"] <= whole
    assert rows["second"] <= whole
    assert rows["again"] == whole
    # The due dates of one millisecond spread over 40 ids in the whole log; each part's go
    # out on the whole's (alone, a part's would have taken the first 20).
    for part in ("first", "second"):
        set_due = sorted(
            row[0] for row in rows[part] if row[4] == 4 and set_at <= row[0] < set_at + 3_600_000
        )
        assert len(set_due) == 20
        assert set(set_due) <= set(range(set_at, set_at + 40))
        assert set_due != list(range(set_at, set_at + 20))
    # Anki's own entries go out under their own ids, with their resets below them.
    given_ids = {rid for rid, *_ in revlog(VOCAB, tmp_path)}
    start = int(START.timestamp() * 1000)
    answers = {row[0] for row in whole if row[3] > 0 and row[0] < start}
    assert len(answers) == 110
    assert answers <= given_ids
    resets = [row for row in whole if row[3] == 0 and row[0] < start]
    assert len(resets) == 9
    assert not {row[0] for row in resets} & given_ids


def test_the_resets_of_anki_s_restarts_come_back_as_the_log_s(tmp_path: Path) -> None:
    """A package of Anki's entries only (its restarts go out with a reset each) imported
    back where it came from adds nothing: each reset is the one its restart went out with,
    although the restart itself came back under its own id."""
    svc = build_services(
        resolve_paths(decks=tmp_path / "decks"),
        db=Store(tmp_path / "t.db"),
        clock=FrozenClock(START),
    )
    try:
        svc.people.add("alice")
        svc.importer.run(VOCAB, person="alice")
        before = _log(svc, "alice")
        assert sum(1 for entry in before if entry[4] == "restart") == 9
        package = _export(svc, tmp_path / "out.apkg")
        summary = svc.importer.run(package, person="alice")
        assert (summary.reviews, summary.resets, summary.due_dates) == (0, 0, 0)
        assert _log(svc, "alice") == before
    finally:
        svc.close()


def test_importing_every_export_into_tandem_adds_no_review_twice(tmp_path: Path) -> None:
    svc, packages, _set_at = _packages(tmp_path)
    before = _log(svc, "alice")
    moments = list(svc.ctx.reviews.moments_in_order("alice"))  # milliseconds SQL works out
    reviews = list(svc.ctx.reviews.for_person("alice"))
    assert [(rid, card, ms) for rid, card, ms, _ in moments] == [
        (r.id, r.card, (r.at - EPOCH) // timedelta(milliseconds=1)) for r in reviews
    ]
    for name in ("first", "second", "whole", "again"):
        summary = svc.importer.run(packages[name], person="alice")
        assert (summary.reviews, summary.resets, summary.due_dates) == (0, 0, 0), name
    assert _log(svc, "alice") == before

    other = tmp_path / "other"
    fresh = build_services(
        resolve_paths(decks=other / "decks"), db=Store(other / "t.db"), clock=svc.ctx.clock
    )
    try:
        fresh.people.add("bob")
        fresh.importer.run(packages["first"], person="bob")
        fresh.importer.run(packages["second"], person="bob")
        for name in ("whole", "again"):
            summary = fresh.importer.run(packages[name], person="bob")
            assert (summary.reviews, summary.resets, summary.due_dates) == (0, 0, 0), name
        times = sorted(int(r.at.timestamp() * 1000) for r in fresh.ctx.reviews.for_person("bob"))
        assert times == sorted(row[0] for row in _rows(packages["whole"]))
    finally:
        fresh.close()
        svc.close()


def test_real_anki_gets_each_review_once_from_every_export(tmp_path: Path) -> None:
    anki_collection = pytest.importorskip("anki.collection")
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    svc, packages, _set_at = _packages(tmp_path)
    svc.close()
    whole = _rows(packages["whole"])
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=True)
        for name in ("first", "second", "whole", "again"):
            request = ImportAnkiPackageRequest(package_path=str(packages[name]), options=options)
            col.import_anki_package(request)
        got = col.db.all(
            "SELECT r.id, n.guid, c.ord, r.ease, r.type FROM revlog AS r "
            "JOIN cards AS c ON c.id = r.cid JOIN notes AS n ON n.id = c.nid"
        )
        assert sorted(map(tuple, got)) == sorted(whole)
        assert col.card_count() == 60 + NOTES
    finally:
        col.close()


_LOGS = st.lists(
    st.tuples(st.integers(0, 12), st.booleans(), st.booleans()), max_size=40
)  # (ms, a restart, from Anki)


@given(_LOGS)
def test_revlog_ids_are_unique_keep_anki_s_and_put_resets_first(
    spec: list[tuple[int, bool, bool]],
) -> None:
    """Over any log (entries crowding a few milliseconds, some from Anki): ids are unique,
    each entry's at or after its time, those from Anki (one a millisecond) keep their
    millisecond, and a restart's reset comes before its answer; each is the one the rule
    gives, worked out the slow way (``_first_free``)."""
    base = 1_780_000_000_000
    log, anki_ms = [], set()
    for number, (offset, restart, anki) in enumerate(sorted(spec)):
        ms = base + offset
        if anki and ms not in anki_ms:
            anki_ms.add(ms)
            rid = review_id(ms, ms / 1000, "alice")
        else:
            rid = f"{number:020d}"
        log.append(Logged(rid, ms, restart))
    ids = revlog_ids(log, "alice")
    assert ids == _first_free(log, anki_ms)
    every = ids.entries + list(ids.resets.values())
    assert len(every) == len(set(every)) == len(log) + sum(e.restart for e in log)
    for number, entry in enumerate(log):
        own, reset = ids.entries[number], ids.resets.get(number)
        assert (reset is not None) == entry.restart
        if entry.ms in anki_ms and entry.id[10:] == review_id(entry.ms, 0, "alice")[10:]:
            assert own == entry.ms
        else:
            assert own >= entry.ms
        if reset is not None:
            assert reset < own


def _first_free(log: list[Logged], anki_ms: set[int]) -> dict[str, RevlogIds]:
    """The rule over the whole log, one row at a time: Anki's entries (ids derived from
    their millisecond) on it; then, by wanted millisecond then log order, each other row on
    the first free one from its own (a restart in tandem: a reset from the one before);
    then each reset of a restart from Anki on the first free one below its answer's."""
    from_anki = [e.ms in anki_ms and e.id == review_id(e.ms, e.ms / 1000, "alice") for e in log]
    taken: dict[int, tuple[int, bool]] = {}
    for index, entry in enumerate(log):
        if from_anki[index] and entry.ms not in taken:
            taken[entry.ms] = (index, False)
    rows = []
    for index, entry in enumerate(log):
        if entry.restart and not from_anki[index]:
            rows.append((entry.ms - 1, index, True))
        rows.append((entry.ms, index, False))
    placed = set(taken.values())
    for ms, index, reset in sorted(rows):
        if (index, reset) not in placed:
            free = ms
            while free in taken:
                free += 1
            taken[free] = (index, reset)
    for index, entry in enumerate(log):
        if entry.restart and from_anki[index]:
            free = entry.ms - 1
            while free in taken:
                free -= 1
            taken[free] = (index, True)
    got = {row: ms for ms, row in taken.items()}
    resets = {index: ms for (index, reset), ms in got.items() if reset}
    return RevlogIds([got[(index, False)] for index in range(len(log))], resets)
