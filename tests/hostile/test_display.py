"""Item 3: control bytes in file names and log fields never reach a terminal or a report.

The database is given the strings an older tandem let in (a deck file's name and title, a
review's id and grader, card text, all with escapes); then every command runs and no output
may hold an ESC, BEL, C1 or bidi override character.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tandem.services import Services
from tests.hostile.conftest import dump, invoke, no_escape, run
from tests.tui.conftest import SIZE, Toasts, add_card, make_app, screen_text

EVIL = "\x1b]0;PWNED\x07\x1b[31m\x9b2J\u202e"
NAME = f"osc{EVIL}x.md"


@pytest.fixture
def poisoned(world: Path) -> Path:
    """The world with escapes in a deck's path and title, card text, a review's id and grader,
    and a deck file whose name holds them too."""
    conn = sqlite3.connect(world / "tandem.db")
    conn.execute("UPDATE decks SET path = ?, title = ?", (NAME, f"Git{EVIL}"))
    conn.execute("UPDATE notes SET question = question || ?", (EVIL,))
    at = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    conn.execute(
        "INSERT INTO reviews (id, card, person, rating, at, grader, duration_ms, prev_state) "
        "VALUES (?, 'git00001', 'alice', 1, ?, ?, 1000, 0)",
        (f"r{EVIL}", at, f"mallory{EVIL}"),
    )
    conn.commit()
    conn.close()
    (world / "decks" / NAME).write_text("Q: a\nA: b\n")
    return world


COMMANDS = [
    ["people", "list"], ["due"], ["due", "--json"], ["due", "--as", "alice"],
    ["stats", "--as", "alice"], ["stats", "--as", "alice", "--with", "bob"],
    ["stats", "--as", "alice", "--json"], ["report"], ["report", "--level", "cards"],
    ["report", "--format", "html"], ["report", "--format", "csv", "--level", "cards"],
    ["cards", "list", "git"], ["cards", "list", "git", "--as", "alice", "--json"],
    ["log", "export", "--as", "alice"], ["logs", "status"], ["browse", "--help"],
    ["doctor"], ["doctor", "--json"], ["backup", "--list"], ["locate"], ["check"],
    ["fmt", "--check"], ["sync"], ["export", "--format", "anki-txt"],
    ["cards", "unsuspend", "--as", "alice", "git"], ["optimize", "--as", "alice", "--dry-run"],
    ["import", "nope.apkg"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args))
def test_no_command_prints_a_control_character_from_files_or_logs(
    poisoned: Path, args: list[str]
) -> None:
    result = invoke(*args)
    assert "Traceback" not in result.output
    no_escape(result.stdout, result.stderr)


def test_the_poisoned_strings_are_shown_escaped_not_dropped(poisoned: Path) -> None:
    assert "Git\\x1b]0;PWNED\\x07" in invoke("due").output
    checked = invoke("check")
    assert checked.exit_code == 65
    assert f"{poisoned / 'decks'}/osc\\x1b]0;PWNED\\x07\\x1b[31m\\x9b2J\\u202ex.md:1: file: name " \
           "contains control characters" in checked.output  # fmt: skip
    exported = invoke("log", "export", "--as", "alice").stdout
    grader = [json.loads(line)["grader"] for line in exported.splitlines()]
    assert f"mallory{EVIL}" in grader  # the data is kept, only its bytes are escaped


def test_a_log_line_whose_grader_is_nobody_is_refused(world: Path) -> None:
    line = {"id": "r1", "card": "git00001", "person": "alice", "rating": 3,
            "at": "2026-03-04T09:00:00Z", "grader": "mallory"}  # fmt: skip
    (world / "log.jsonl").write_text(json.dumps(line) + "\n")
    before = dump(world / "tandem.db")
    result = invoke("log", "import", str(world / "log.jsonl"))
    assert result.exit_code == 65
    assert f"{world / 'log.jsonl'}:1: grader: unknown person 'mallory'" in result.output
    assert dump(world / "tandem.db") == before
    assert "mallory" not in invoke("report").output


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(world: Path) -> None:
    title = '=HYPERLINK("http://evil.example.com","open")'
    session = (
        f"+++\ntitle = {json.dumps(title)}\ndate = 2026-03-01\n"
        'partners = ["alice", "bob"]\ntags = ["@cmd"]\n+++\n'
    )
    (world / "decks" / "session.md").write_text(session + "\nQ: x\nA: y\n<!-- id: sess0001 -->\n")
    assert invoke("sync").exit_code == 0
    out = invoke("report", "--format", "csv", "--since", "2026-02-01", "--until", "2026-03-04")
    cells = [cell for row in csv.reader(io.StringIO(out.stdout)) for cell in row]
    assert "'" + title in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@") or cell.startswith("-")]


async def test_the_tui_shows_titles_and_notifications_escaped(svc: Services) -> None:
    svc.people.add("alice")
    add_card(svc, "evil0001", "a question", "an answer", title=f"Git{EVIL}")
    app = make_app(svc)
    toasts = Toasts()
    async with app.run_test(size=SIZE, notifications=True, message_hook=toasts) as pilot:
        app.notify(f"sync of {NAME} failed", title=f"t{EVIL}")
        await pilot.pause()
        text = screen_text(app)
        assert "Git\\x1b]0;PWNED" in text
        no_escape(text)
        assert toasts.told  # what the app posted to its toasts, made safe by its notify
        no_escape(*(n.message + n.title for n in toasts.told))


async def test_the_sync_errors_panel_shows_file_names_escaped(svc: Services) -> None:
    from tandem.tui.syncing import SyncFinished, SyncStatus
    from tandem.tui.widgets.sync_errors import SyncErrors

    svc.people.add("alice")
    app = make_app(svc)
    async with app.run_test(size=SIZE) as pilot:
        status = SyncStatus(error="1 problem", details=(f"{NAME}:1: file: bad",))
        app.post_message(SyncFinished(status))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(SyncErrors).display
        text = screen_text(app)
        assert "osc\\x1b]0;PWNED" in text
        no_escape(text)


RECENT = [
    ["cards", "list"], ["cards", "list", "--json"], ["cards", "bury", "--as", "alice", "git"],
    ["cards", "unbury", "--as", "alice", "git"], ["cards", "suspend", "--as", "alice", "git"],
    ["cards", "forget", "--as", "alice", "git"], ["cards", "due", "--as", "alice", "--days",
    "1", "git"], ["cards", "tag", "--add", "x", "git"], ["cards", "retire", "nothing-matches"],
    ["cards", "merge", "git00001", "perro001"],
    ["logs", "trust", f"alice/{EVIL}.jsonl"], ["stats", "--as", f"x{EVIL}"],
    ["check", f"missing{EVIL}.md"], ["log", "import", f"missing{EVIL}.jsonl"],
]  # fmt: skip
"""Commands added since the first list, and names given on the command line."""


@pytest.mark.parametrize("args", RECENT, ids=lambda args: " ".join(args).replace(EVIL, "EVIL"))
def test_no_recent_command_prints_a_control_character(poisoned: Path, args: list[str]) -> None:
    result = invoke(*args)
    assert "Traceback" not in result.output
    no_escape(result.stdout, result.stderr)


@pytest.mark.parametrize(
    "args",
    [["review", "--as", f"x{EVIL}"], ["review", "--as", f"x{EVIL}", "--cram"]],
    ids=["review as a poisoned name", "cram as a poisoned name"],
)  # fmt: skip
def test_review_prints_no_control_character_before_its_screen(
    poisoned: Path, args: list[str]
) -> None:
    result = run(*args, timeout=60, stdin="")  # in a process of its own: no terminal
    assert b"Traceback" not in result.stderr
    no_escape(result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("name", "text"),
    [("hashcards", "Q: what{EVIL}\nA: this{EVIL}\n\nC: a [gap{EVIL}] here\n"),
     ("obsidian", "#flashcards/x{EVIL}\n\nwhat{EVIL}::this{EVIL}\n\n![x{EVIL}](pic{EVIL}.png)\n")],
)  # fmt: skip
def test_imports_of_markdown_folders_print_no_control_character(
    world: Path, name: str, text: str
) -> None:
    folder = world / name
    folder.mkdir()
    (folder / f"deck{EVIL}.md").write_text(text.replace("{EVIL}", EVIL))
    (folder / f"broken{EVIL}.md").write_text("C: no deletion here\n")
    for path in (folder, folder / f"deck{EVIL}.md"):
        result = invoke("import", str(path), "--as", "alice")
        assert "Traceback" not in result.output
        no_escape(result.stdout, result.stderr)
