"""Item 1: text that makes a parser slow. Every scan is linear and runs before the write lock.

Times are not asserted (benchmarks/hostile.py records them); each command must finish under
a generous timeout where the old code took minutes.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.decks.cloze import render_cloze
from tandem.interop.collection import read_collection
from tandem.models import BadInputError
from tandem.services import Services
from tests.hostile.conftest import dump, folder, run
from tests.interop.conftest import CLOZE, collection_db, edited_package

MAX_CLOZE = 9999
ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
HANG_LINE = "C: " + ("{{c1::" + ":" * 100) * 150  # 16 KB: over 120 s with the old pattern

_PIECES = st.sampled_from(
    ["{", "}", "{{", "}}", "{{c", "{{c1::", "{{c12::", "::", ":", ":::", "c", "1", "0", "x",
     "\n", " ", "{{c0::", "٣"]
)  # fmt: skip


def _anki(text: str) -> list[tuple[int, int, int | None, str, str | None]]:
    found = []
    for m in ANKI_CLOZE.finditer(text):
        number = int(m.group(1))
        found.append((m.start(), m.end(), number if number <= MAX_CLOZE else None,
                      m.group(2), m.group(3)))  # fmt: skip
    return found


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_deletions_are_what_ankis_pattern_finds(text: str) -> None:
    from tandem.models.cloze import deletions

    found = [(d.start, d.end, d.number, d.content, d.hint) for d in deletions(text)]
    assert found == _anki(text)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=30).map("".join), st.integers(1, 3), st.booleans())
def test_render_cloze_is_what_the_pattern_renders(text: str, number: int, reveal: bool) -> None:
    def replace(match: re.Match[str]) -> str:
        content, hint = match.group(2), match.group(3)
        if int(match.group(1)) != number:
            return content
        if reveal:
            return f"**{content}**"
        return f"[{hint}]" if hint else "[...]"

    assert render_cloze(text, number, reveal=reveal) == ANKI_CLOZE.sub(replace, text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=8), st.integers(2_000, 20_000))
def test_adversarial_texts_are_scanned(pieces: list[str], repeat: int) -> None:
    # Repetitions of short adversarial pieces: the shapes that make backtracking blow up.
    from tandem.models.cloze import deletions

    text = "".join(pieces) * repeat
    for deletion in deletions(text):
        assert deletion.start < deletion.end <= len(text)


@pytest.mark.parametrize("closed", [False, True])
def test_a_backtracking_cloze_line_neither_hangs_check_nor_sync(world: Path, closed: bool) -> None:
    decks = world / "decks"
    (decks / "evil.md").write_text(HANG_LINE + ("}}" if closed else "") + "\n")
    before = dump(world / "tandem.db")
    checked = run("check", timeout=60)
    assert checked.returncode == (0 if closed else 65), checked.stderr
    synced = run("sync", timeout=60)
    if closed:
        assert synced.returncode == 0, synced.stderr
    else:
        assert synced.returncode == 65
        assert b"cloze has no deletion" in synced.stderr
        assert dump(world / "tandem.db") == before


def test_huge_cloze_numbers_are_refused_not_a_traceback(world: Path) -> None:
    decks = world / "decks"
    (decks / "big.md").write_text("C: {{c" + "9" * 4300 + "::x}}\n")
    before, files = dump(world / "tandem.db"), folder(decks)
    result = run("sync", timeout=60)
    assert result.returncode == 65, result.stderr
    assert b"cloze number larger than 9999" in result.stderr
    assert b"Traceback" not in result.stderr
    assert (dump(world / "tandem.db"), folder(decks)) == (before, files)


def test_fifteen_thousand_front_matter_keys_are_checked_in_one_pass(world: Path) -> None:
    keys = "".join(f"key{n} = {n}\n" for n in range(15_000))
    (world / "decks" / "keys.md").write_text(f"+++\n{keys}+++\n\nQ: a\nA: b\n")
    result = run("check", timeout=60)
    assert result.returncode == 65
    lines = result.stdout.decode().splitlines()
    assert lines[0].endswith("keys.md:2: unknown front-matter key 'key0' (known: title, date, "
                             "partners, tags)")  # fmt: skip
    assert len(lines) == 201  # 200 listed, then how many more
    assert "14800 more problem(s)" in lines[-1]


@pytest.mark.parametrize(
    "nested", ["a = " + "[" * 50_000, "[a]\n" + "b = {c = " * 5_000], ids=["arrays", "tables"]
)
def test_deeply_nested_front_matter_is_refused(world: Path, nested: str) -> None:
    (world / "decks" / "nested.md").write_text(f"+++\n{nested}\n+++\n\nQ: a\nA: b\n")
    before = dump(world / "tandem.db")
    for command in ("check", "sync"):
        result = run(command, timeout=60)
        assert result.returncode == 65, result.stderr
        assert b"Traceback" not in result.stderr
    assert dump(world / "tandem.db") == before


def _slow_view(table: str) -> object:
    def edit(conn: sqlite3.Connection) -> None:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        conn.execute(f"ALTER TABLE {table} RENAME TO real_{table}")
        slow = (
            "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT count(*) FROM n)"
        )
        picked = ", ".join(columns)
        conn.execute(f"CREATE VIEW {table} AS SELECT {picked} FROM real_{table} WHERE {slow} > 0")

    return edit


@pytest.mark.parametrize("table", ["notes", "revlog"])
def test_a_package_whose_table_is_a_slow_view_is_refused_at_once(world: Path, table: str) -> None:
    package = edited_package(CLOZE, world / f"view-{table}.apkg", _slow_view(table))  # type: ignore[arg-type]
    before, files = dump(world / "tandem.db"), folder(world / "decks")
    result = run("import", str(package), "--as", "alice", timeout=60)
    assert result.returncode == 65, result.stderr
    assert b"views, triggers or virtual tables" in result.stderr
    assert (dump(world / "tandem.db"), folder(world / "decks")) == (before, files)


def test_a_trigger_in_a_package_is_refused(tmp_path: Path) -> None:
    db = collection_db(CLOZE, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON notes BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    with pytest.raises(BadInputError, match="views, triggers or virtual tables"):
        read_collection(db, "x")


def test_reading_a_collection_stops_at_its_time_budget(tmp_path: Path) -> None:
    db = collection_db(CLOZE, tmp_path)
    conn = sqlite3.connect(db)  # enough rows for a query to pass the handler's checkpoints
    conn.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, 1, 0, 3, 1, 1, 2500, 1000, 1)",
        ((n,) for n in range(50_000)),
    )
    conn.commit()
    conn.close()
    with pytest.raises(BadInputError, match="took over 0 s"):
        read_collection(db, "x", seconds=0.0)


def test_a_small_package_with_a_backtracking_cloze_imports_quickly(world: Path) -> None:
    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE notes SET flds = ? WHERE id = (SELECT min(id) FROM notes)",
                     (HANG_LINE[3:] + "\x1f",))  # fmt: skip

    package = edited_package(CLOZE, world / "hang.apkg", edit)
    result = run("import", str(package), "--as", "alice", timeout=60)
    assert result.returncode == 0, result.stderr
    assert b"cloze notes without a deletion" in result.stdout


def test_deck_files_are_parsed_before_the_write_lock(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tandem.decks.check as check

    svc.paths.decks.mkdir()
    (svc.paths.decks / "a.md").write_text(HANG_LINE + "}}\n")
    parsed_locked: list[bool] = []
    read_deck_spans = check.read_deck_spans

    def spy(data: bytes, path: str) -> object:
        parsed_locked.append(svc.ctx.store.conn.in_transaction)
        return read_deck_spans(data, path)

    monkeypatch.setattr(check, "read_deck_spans", spy)
    svc.sync.run()
    assert parsed_locked == [False]  # parsed once, before BEGIN IMMEDIATE


def test_a_deck_file_over_its_time_budget_is_skipped_and_the_rest_synced(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tandem.decks.check as check
    from tandem.decks.scanner import CHECK_EVERY

    # A budget of 0 s: the scan stops at its first look at the clock (after CHECK_EVERY
    # lines), so a small file is read and a long one is not, whatever the machine's speed.
    monkeypatch.setattr(check, "PARSE_SECONDS", 0.0)
    svc.paths.decks.mkdir()
    (svc.paths.decks / "small.md").write_text("Q: q\nA: a\n<!-- id: small001 -->\n")
    (svc.paths.decks / "slow.md").write_text("notes\n" * (CHECK_EVERY + 10))
    report = svc.sync.run()
    assert report.problems == [
        f"slow.md:{CHECK_EVERY}: reading the file took over 0 s (the budget of a deck file); "
        "skipped"
    ]
    assert report.refused == ["slow.md"]
    assert svc.ctx.cards.note_ids() == {"small001"}
    assert [deck.path for deck in svc.ctx.cards.decks()] == ["small.md"]
    assert not svc.ctx.store.conn.in_transaction


def test_check_reports_a_file_over_its_time_budget(
    world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tandem.decks.check as check
    from tandem.decks.scanner import CHECK_EVERY
    from tests.hostile.conftest import invoke

    monkeypatch.setattr(check, "PARSE_SECONDS", 0.0)
    (world / "decks" / "slow.md").write_text("notes\n" * (CHECK_EVERY + 10))
    result = invoke("check")
    assert result.exit_code == 65, result.output
    assert "slow.md:1024: reading the file took over 0 s" in result.output
    assert "git.md" not in result.output
