"""Item 8: memory stays bounded for hostile sizes; litter of interrupted runs is cleaned; a
sync that would retire most cards asks first.

The memory tests run tandem in a process of its own and read its peak resident size (what
the kernel counted, not an estimate); they are slow, so they run in CI (``-m slow``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.hostile.conftest import child_env, dump, folder, invoke
from tests.interop.conftest import CLOZE, collection_db

LIMIT_KB = 200 * 1024
"""The budget of the issue: a 10 MB deck checked in under 200 MB."""
_PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak(*args: str, timeout: float = 600) -> tuple[int, int]:
    """Runs tandem alone under a fresh parent; returns its exit code and peak RSS in KB."""
    env = child_env()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, "-m", "tandem", *args],
        capture_output=True, text=True, timeout=timeout, env=env, check=True,
    )  # fmt: skip
    code, kb = done.stdout.split()
    return int(code), int(kb)


SHAPES = {
    "tiny cards": "Q: q\nA: a\n\n",
    "one id used 300,000 times": "Q: q\nA: a\n<!-- id: abcd1234 -->\n\n",
    "answers without a question": "A:\n",
    "short notes lines": "ab\n",
    "control characters": "\x07x\n",
    "clozes": "C: {{c1::x}}\n\n",
    "CRLF cards": "Q: q\r\nA: a\r\n\r\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("unit", SHAPES.values(), ids=SHAPES.keys())
def test_a_10_mb_deck_is_checked_in_under_200_mb(tmp_path: Path, unit: str) -> None:
    deck = tmp_path / "big.md"
    deck.write_bytes((unit * (9_900_000 // len(unit))).encode())
    code, kb = peak("check", str(deck))
    assert code in (0, 65)
    assert kb < LIMIT_KB, f"{kb} KB"


@pytest.mark.slow
def test_a_10_mb_deck_of_300000_cards_is_synced_in_under_200_mb(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    with (decks / "big.md").open("w") as out:  # 33 bytes a card: 834 MB as one deck
        for number in range(300_000):
            out.write(f"Q: q\nA: a\n<!-- id: {number:08d} -->\n\n")
    code, kb = peak("sync")
    assert code == 0
    assert kb < LIMIT_KB, f"{kb} KB"


@pytest.mark.slow
def test_a_million_line_log_is_checked_as_a_stream(world: Path) -> None:
    line = {"card": "nope0001", "person": "alice", "rating": 3,
            "at": "2026-03-04T09:00:00Z", "grader": "alice"}  # fmt: skip
    with (world / "log.jsonl").open("w") as out:
        for number in range(1_000_000):
            out.write(json.dumps({"id": f"r{number}", **line}) + "\n")
    before = dump(world / "tandem.db")
    code, kb = peak("log", "import", str(world / "log.jsonl"))
    assert code == 65  # every line names a card nobody has
    assert kb < LIMIT_KB, f"{kb} KB"
    assert dump(world / "tandem.db") == before


@pytest.mark.slow
def test_a_million_accepted_lines_are_imported_in_under_200_mb(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    with (decks / "log.md").open("w") as out:
        for number in range(1000):
            out.write(f"Q: q{number}\nA: a{number}\n<!-- id: card{number:04d} -->\n\n")
    for args in (["people", "add", "alice"], ["sync"]):
        assert invoke(*args).exit_code == 0
    with (tmp_path / "log.jsonl").open("w") as out:
        for number in range(1_000_000):  # 1,000 reviews of each of 1,000 cards: 451 MB once
            at = f"20{10 + number // 100_000:02d}-01-01T00:00:00Z"
            out.write(json.dumps({"id": f"r{number}", "card": f"card{number % 1000:04d}",
                                  "person": "alice", "rating": 3, "at": at,
                                  "grader": "alice"}) + "\n")  # fmt: skip
    code, kb = peak("log", "import", str(tmp_path / "log.jsonl"))
    assert code == 0
    assert kb < LIMIT_KB, f"{kb} KB"


@pytest.mark.slow
def test_notes_of_a_million_fields_are_refused_unread(world: Path) -> None:
    db = collection_db(CLOZE, world)
    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) "
        "SELECT (SELECT max(id) FROM notes) + ?, guid || ?, mid, mod, usn, tags, ?, '', 0, 0, '' "
        "FROM notes LIMIT 1",
        ((n, str(n), "\x1f" * 1_000_000) for n in range(1, 201)),
    )
    conn.commit()
    conn.close()
    package = world / "fields.apkg"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(db, "collection.anki21")
        archive.writestr("media", "{}")
    assert package.stat().st_size < 2_000_000  # 200 MB of fields in a small package
    code, kb = peak("import", str(package))
    assert code == 0
    assert kb < LIMIT_KB, f"{kb} KB"


def test_temp_files_of_a_killed_writer_are_removed_by_the_next_sync(world: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    decks = world / "decks"
    litter = decks / f".git.md.abcd1234.{dead}.tmp"
    litter.write_text("half a deck")
    alive = decks / f".git.md.efgh5678.{os.getpid()}.tmp"
    alive.write_text("being written")
    assert invoke("check").exit_code == 0  # reading commands leave it
    assert litter.exists()
    assert invoke("sync").exit_code == 0
    assert not litter.exists()
    assert alive.exists()


def test_a_sync_of_the_wrong_folder_asks_before_retiring_every_card(world: Path) -> None:
    empty = world / "wrong-folder"
    empty.mkdir()
    before = dump(world / "tandem.db")
    result = invoke("sync", "--decks", str(empty))
    assert result.exit_code == 65, result.output
    assert "would retire 3 of the 3 notes" in result.output
    assert "--retire" in result.output
    assert dump(world / "tandem.db") == before
    retired = invoke("sync", "--decks", str(empty), "--retire")
    assert retired.exit_code == 0, retired.output
    assert "3 retired" in retired.output


def test_a_small_clean_up_needs_no_flag(world: Path) -> None:
    deck = world / "decks" / "git.md"
    text = deck.read_text()
    deck.write_text(text[: text.index("C: ")])  # one note of three goes
    result = invoke("sync")
    assert result.exit_code == 0, result.output
    assert "1 retired" in result.output


async def test_the_tui_asks_before_a_sync_retires_most_cards(tmp_path: Path) -> None:
    from tandem.config import resolve_paths
    from tandem.services import build_services
    from tandem.tui import TandemApp
    from tandem.tui.screens.retire_confirm import RetireConfirmScreen

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.md").write_text("Q: a\nA: b\n<!-- id: aaaa0001 -->\n")
    svc = build_services(resolve_paths(tmp_path / "t.db", decks))
    try:
        svc.sync.run()
        (decks / "a.md").unlink()
        app = TandemApp(svc)
        async with app.run_test() as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, RetireConfirmScreen)
            await pilot.press("n")
            await pilot.pause()
            assert svc.ctx.cards.active_note_count() == 1
            app.start_sync()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert svc.ctx.cards.active_note_count() == 0
    finally:
        svc.close()
    assert folder(decks) == {}


@pytest.mark.slow
def test_the_hostile_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "hostile.json"
    script = Path(__file__).parents[2] / "benchmarks" / "hostile.py"
    done = subprocess.run([sys.executable, str(script), "--quick", "--json", str(out)],
                          capture_output=True, text=True, env=child_env(), timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr
    figures = json.loads(out.read_text())
    assert {"cloze", "patterns", "front_matter", "check_10mb", "log_import"} <= figures.keys()
    runs = figures["log_import"]  # into an empty log, then into one with a review
    assert {name.rsplit(", ", 1)[1]: run["exit"] for name, run in runs.items()} == {
        "direct": 0, "staging": 0,
    }  # fmt: skip
