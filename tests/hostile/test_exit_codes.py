"""Items 6 and 7: bad data never gets in, and every refusal is a message and its exit code
(65 bad input, 74 I/O, 75 busy), with the database and the decks folder unchanged."""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tandem.services import Services
from tests.hostile.conftest import dump, folder, invoke, run

GOOD = {"id": "r1", "card": "git00001", "person": "alice", "rating": 3,
        "at": "2026-03-04T09:00:00Z", "grader": "bob", "duration_ms": 4000}  # fmt: skip


def _log(world: Path, *lines: str) -> Path:
    path = world / "log.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    return path


def _line(**change: object) -> str:
    return json.dumps({**GOOD, **change})


# Each case: what it does to the world, then the command it runs (and its exit code).
Case = Callable[[Path], list[str]]


def year_one(world: Path) -> list[str]:
    return ["log", "import", str(_log(world, _line(at="0001-01-01T00:00:00Z")))]


def huge_duration(world: Path) -> list[str]:
    return ["log", "import", str(_log(world, _line(duration_ms=2**63)))]


def nested_json(world: Path) -> list[str]:
    return ["log", "import", str(_log(world, "[" * 30_000))]


def endless_line(world: Path) -> list[str]:
    return ["log", "import", str(_log(world, _line(), "x" * 200_000))]


def not_utf8(world: Path) -> list[str]:
    path = _log(world, _line())
    path.write_bytes(path.read_bytes() + b'{"id": "\xff"}\n')
    return ["log", "import", str(path)]


def unknown_grader(world: Path) -> list[str]:
    return ["log", "import", str(_log(world, _line(grader="mallory")))]


def nested_front_matter(world: Path) -> list[str]:
    (world / "decks" / "n.md").write_text("+++\na = " + "[" * 50_000 + "\n+++\n")
    return ["sync"]


def long_cloze_number(world: Path) -> list[str]:
    (world / "decks" / "c.md").write_text("C: {{c" + "1" * 60 + "::x}}\n")  # a key of 80+
    return ["sync"]


def nested_config(world: Path) -> list[str]:
    config = world / "home" / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("theme = " + "[" * 50_000 + "\n")
    return ["sync"]


CASES: list[tuple[Case, int, str]] = [
    (year_one, 65, "is before 1970"),
    (huge_duration, 65, "duration_ms: Input should be less than or equal to"),
    (nested_json, 65, "not JSON: nested too deeply"),
    (endless_line, 65, "line longer than 65536 bytes"),
    (not_utf8, 65, "log.jsonl:2: not UTF-8"),
    (unknown_grader, 65, "grader: unknown person 'mallory'"),
    (nested_front_matter, 65, "nested too deeply"),
    (long_cloze_number, 65, "cloze number larger than 9999"),
]


@pytest.mark.parametrize(("case", "code", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_refused_with_its_exit_code_and_nothing_changed(
    world: Path, case: Case, code: int, message: str
) -> None:
    args = case(world)
    before, files = dump(world / "tandem.db"), folder(world / "decks")
    result = run(*args, timeout=60)
    assert result.returncode == code, result.stderr
    assert message in result.stderr.decode(), result.stderr
    assert b"Traceback" not in result.stderr
    assert (dump(world / "tandem.db"), folder(world / "decks")) == (before, files)


def test_doctor_names_what_an_older_tandem_let_in(world: Path) -> None:
    conn = sqlite3.connect(world / "tandem.db")  # as log import used to accept them
    conn.execute(
        "INSERT INTO reviews (id, card, person, rating, at, grader, prev_state) "
        "VALUES ('old', 'git00001', 'alice', 3, '0001-01-01T00:00:00.000000Z', 'mallory', 0)"
    )
    conn.commit()
    conn.close()
    result = invoke("doctor")
    assert result.exit_code == 1
    assert "review dated before 1970: 1 found" in result.output
    assert "review graded by a person who does not exist: 1 found" in result.output


def test_the_largest_cloze_key_survives_an_export_and_an_import(world: Path) -> None:
    note = "k" * 32
    (world / "decks" / "big.md").write_text(f"C: {{{{c9999::x}}}}\n<!-- id: {note} -->\n")
    assert invoke("sync").exit_code == 0
    line = _line(id="big1", card=f"{note}:c9999", grader="alice")
    assert invoke("log", "import", str(_log(world, line))).exit_code == 0
    exported = invoke("log", "export", "--as", "alice").stdout
    (world / "again.jsonl").write_text(exported)
    result = invoke("log", "import", str(world / "again.jsonl"))
    assert result.exit_code == 0, result.output
    assert "0 reviews added, 1 already here" in result.output


def test_ids_that_would_push_a_deck_over_the_limit_are_not_written(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tandem.decks.check as check
    from tandem.models import BadInputError

    monkeypatch.setattr(check, "MAX_BYTES", 2_000)
    svc.paths.decks.mkdir()
    deck = svc.paths.decks / "full.md"
    deck.write_text("Q: q\nA: a\n\n" * 150)  # 1,800 bytes; with ids about 5,000
    svc.people.add("alice")
    before = folder(svc.paths.decks)
    with pytest.raises(BadInputError, match="over the limit of 2,000 bytes"):
        svc.sync.run()
    assert folder(svc.paths.decks) == before
    assert svc.ctx.cards.note_ids() == set()


@pytest.mark.parametrize(("number", "why"), [(errno.ENOSPC, "No space left"),
                                             (errno.EROFS, "Read-only file system")])  # fmt: skip
def test_a_full_or_read_only_decks_folder_is_74(
    world: Path, monkeypatch: pytest.MonkeyPatch, number: int, why: str
) -> None:
    import os

    import tandem.config.files as files

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    (world / "decks" / "new.md").write_text("Q: a new card\nA: without an id\n")
    before, files_before = dump(world / "tandem.db"), folder(world / "decks")
    result = invoke("sync")
    assert result.exit_code == 74, result.output
    assert why in result.output
    assert (dump(world / "tandem.db"), folder(world / "decks")) == (before, files_before)


@pytest.mark.slow
def test_a_held_write_lock_is_75_and_nothing_changed(world: Path) -> None:
    (world / "decks" / "new.md").write_text("Q: a\nA: b\n<!-- id: newc0001 -->\n")
    holder = sqlite3.connect(world / "tandem.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        before = dump(world / "tandem.db")
        result = run("sync", timeout=120)
        assert result.returncode == 75, result.stderr
        assert b"busy" in result.stderr
        assert dump(world / "tandem.db") == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
