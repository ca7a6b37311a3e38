"""The deck sync the app runs in a thread on start: fresh counts, or a readable errors panel."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tandem.tui import TandemApp
from tandem.tui.screens.home import HomeScreen
from tandem.tui.screens.review import ReviewScreen
from tandem.tui.widgets.sync_errors import SyncErrors
from tandem.tui.widgets.tables import FolderTable, PeopleTable

from .conftest import SIZE, Toasts, finish_sync, screen_text, shown_question

DECK = """+++
title = "Pairing: git"
+++

Q: What does `git reflog` show?
A: Where HEAD has been.

Q: el perro
A: the dog
"""

SESSION = """+++
title = "Session: SQL"
date = 2026-03-04
partners = ["alice", "bob"]
+++

Q: What does `ROW_NUMBER()` do?
A: Numbers the rows of a window.
"""

BROKEN = "Q: a question [bold]without[/] an answer\n\nA: an answer [@click=app.quit]alone[/]\n"


def write_decks(svc: Services, files: dict[str, str]) -> Path:
    folder = svc.paths.decks
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


async def test_sync_on_start_fills_the_home_screen(svc: Services) -> None:
    svc.people.add("alice")
    write_decks(svc, {"git.md": DECK, "2026-03-04-sql.md": SESSION})
    app = TandemApp(svc)
    async with app.run_test(size=SIZE) as pilot:
        await finish_sync(pilot)
        assert app.sync_status.report is not None
        assert app.sync_status.report.added == 3
        row = app.screen.query_one(PeopleTable).get_row("alice")
        assert [cell.plain for cell in row] == ["alice", "3", "0", "0"]
        folder = app.screen.query_one(FolderTable)
        assert [key.value for key in folder.rows] == ["git.md", "2026-03-04-sql.md"]
        assert "alice, bob" in screen_text(app)
    assert "<!-- id:" in (svc.paths.decks / "git.md").read_text(encoding="utf-8")


async def test_review_waits_for_the_sync_then_shows_a_synced_card(svc: Services) -> None:
    svc.people.add("alice")
    write_decks(svc, {"git.md": DECK})
    app = TandemApp(svc, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await finish_sync(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert shown_question(app) == "What does `git reflog` show?"


async def test_broken_deck_is_a_calm_notice_and_the_others_sync(
    svc: Services, toasts: Toasts
) -> None:
    svc.people.add("alice")
    write_decks(svc, {"bad.md": BROKEN, "git.md": DECK})
    app = TandemApp(svc)
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await finish_sync(pilot)
        assert app.is_running
        assert isinstance(app.screen, HomeScreen)
        assert not app.sync_status.failed
        assert not app.screen.query_one(SyncErrors).display
        assert [d.path for d in svc.ctx.cards.decks()] == ["git.md"]
        notices = [(n.title, n.severity, n.message) for n in toasts.told]
        assert notices[-1] == (
            "Decks",
            "information",
            "1 deck file has problems; the others are synced.\n"
            "bad.md:1: Q: without A: (a basic card needs an answer)\n"
            "bad.md:3: A: without a Q: before it",
        )
        assert app.is_running  # the [@click=app.quit] in the file was shown, not run
        (svc.paths.decks / "bad.md").write_text(DECK.replace("Pairing: git", "Fixed"))
        app.clear_notifications()
        toasts.clear()
        await pilot.press("s")
        await finish_sync(pilot)
        assert all("problems" not in message for message in toasts.messages)
        assert app.sync_status.report is not None
        assert app.sync_status.report.refused == []


async def test_missing_decks_folder_is_an_empty_state(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The message names the folder: a relative one, so the line does not wrap in other places
    # however long the temp folder's path is.
    monkeypatch.chdir(tmp_path)
    svc = build_services(resolve_paths(decks="decks"), db=Store(tmp_path / "t.db"), clock=clock)
    app = TandemApp(svc)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await finish_sync(pilot)
            assert app.sync_status.missing_folder
            assert not app.screen.query_one(SyncErrors).display
            assert "no decks folder" in screen_text(app)
    finally:
        svc.close()


async def test_review_goes_on_when_a_deck_file_is_refused(svc: Services, toasts: Toasts) -> None:
    svc.people.add("alice")
    write_decks(svc, {"bad.md": BROKEN, "git.md": DECK})
    app = TandemApp(svc, review_as="alice")
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await finish_sync(pilot)
        assert not app.sync_status.failed
        assert [n.title for n in toasts.told] == ["Decks", "Decks"]
        assert shown_question(app) == "What does `git reflog` show?"
        await pilot.press("space", "3")
        assert svc.ctx.reviews.count("alice") == 1
