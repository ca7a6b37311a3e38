"""The browser's actions that ask or leave the app: due date, tags, retire, $EDITOR, sorts."""

from __future__ import annotations

import contextlib
import stat
from pathlib import Path

import pytest

from tandem.models import FsrsState, Queue, Rating, ReviewKind
from tandem.models.card_query import Sort
from tandem.services import Services
from tandem.tui import TandemApp
from tandem.tui.screens.browse import BrowseScreen
from tandem.tui.widgets.card_table import CardTable

from ..conftest import add_notes
from .conftest import SIZE, Toasts, screen_text

DECK = """+++
title = "Filed"
+++

Q: first question
A: first answer
<!-- id: file0001 · tags: old -->

Q: second question
A: second answer
<!-- id: file0002 -->
"""


@pytest.fixture
def filed(alice: Services) -> Services:
    alice.paths.decks.mkdir(parents=True, exist_ok=True)
    (alice.paths.decks / "filed.md").write_text(DECK, encoding="utf-8")
    alice.sync.run(retire=True)  # the fixture's notes are in no file: retired
    return alice


def _app(svc: Services, query: str = "") -> TandemApp:
    return TandemApp(svc, browse=query, browse_as="alice", sync_on_start=False)


def _rows(app: TandemApp) -> list[str]:
    return list(app.screen.query_one(CardTable).found)


def _file(svc: Services) -> str:
    return (svc.paths.decks / "filed.md").read_text(encoding="utf-8")


async def test_d_sets_the_due_date_of_the_marked_cards(alice: Services) -> None:
    session = alice.study("alice")
    session.answer("n0000", Rating.GOOD)
    session.answer("n0001", Rating.EASY)
    app = _app(alice, query="-is:new")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "space", "space", "d")
        await pilot.pause()
        assert "Set the due date of 2 cards for alice" in screen_text(app)
        await pilot.press("1", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        day = alice.cards.due_on("alice", days=10).astimezone().strftime("%Y-%m-%d")
        history = " ".join(screen_text(app).replace("▏", " ").split())  # the side panel's
        assert f"Good alice 2026-03-04 10:00 Due set to {day} alice" in history
    due = alice.cards.due_on("alice", days=10)
    for key in ("n0000", "n0001"):
        row = alice.ctx.states.get("alice", key)
        assert row is not None
        assert (row.due, row.memory.state is not FsrsState.NEW) == (due, True)
        assert alice.cards.history(key)[-1].kind is ReviewKind.MANUAL
    assert alice.doctor.check().differences == []


async def test_d_refuses_what_is_not_a_day(alice: Services, toasts: Toasts) -> None:
    alice.study("alice").answer("n0000", Rating.GOOD)
    before = alice.ctx.states.get("alice", "n0000")
    app = _app(alice, query="-is:new")
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await pilot.pause()
        await pilot.press("enter", "d")
        await pilot.pause()
        await pilot.press(*"soon", "enter")
        await pilot.pause()
        assert toasts.messages == [
            "due: 'soon' is neither a number of days nor a date (YYYY-MM-DD)"
        ]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert alice.ctx.states.get("alice", "n0000") == before


async def test_t_writes_tags_into_the_deck_file(filed: Services, toasts: Toasts) -> None:
    app = _app(filed, query="question")
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await pilot.pause()
        await pilot.press("enter", "space", "space", "t")
        await pilot.pause()
        await pilot.press(*"exam", "space", "minus", *"old", "enter")
        await pilot.pause()
        assert toasts.messages == ["2 notes retagged in the deck files."]
    assert _file(filed) == DECK.replace("<!-- id: file0001 · tags: old -->",
                                        "<!-- id: file0001 · tags: exam -->").replace(
        "<!-- id: file0002 -->", "<!-- id: file0002 · tags: exam -->")  # fmt: skip
    assert [f.card.key for f in filed.cards.find("tag:exam")] == ["file0001", "file0002"]


async def test_r_asks_then_retires(filed: Services) -> None:
    filed.study("alice").answer("file0002", Rating.GOOD)
    app = _app(filed, query="deck:filed")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "down", "r")
        await pilot.pause()
        assert "Retire 1 card?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert _rows(app) == ["file0001"]
    assert "file0002" not in _file(filed)
    row = filed.ctx.states.get("alice", "file0002")
    assert row is not None
    assert row.queue is Queue.RETIRED
    assert len(filed.cards.history("file0002")) == 1


async def test_shift_e_opens_editor_at_the_line_and_syncs(
    filed: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "vi"  # named vi: it is given +LINE
    editor.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > {tmp_path}/args\n'
        'sed -i "s/second answer/second answer, edited/" "$2"\n'
        'printf "\\nQ: third question\\nA: third answer\\n" >> "$2"\n'
    )
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    app = _app(filed, query="deck:filed")
    # The test's headless driver cannot hand the terminal over: the editor runs beside it.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "down", "E")
        await pilot.pause()
        assert _rows(app)[:2] == ["file0001", "file0002"]
        assert len(_rows(app)) == 3  # the card the editor added, synced
    path = filed.paths.decks / "filed.md"
    assert (tmp_path / "args").read_text() == f"+9 {path}\n"  # the line of "Q: second question"
    note = filed.ctx.cards.note("file0002")
    assert note is not None
    assert note.answer == "second answer, edited"
    assert "third question" in _file(filed)
    assert _file(filed).count("<!-- id: ") == 3  # the new card got its id written


async def test_o_sorts_and_shift_o_reverses(alice: Services) -> None:
    add_notes(alice, 1, deck="more.md", prefix="m")
    session = alice.study("alice")
    session.answer("n0003", Rating.EASY)
    session.answer("n0001", Rating.AGAIN)
    app = _app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "o")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.order.sort is Sort.DUE
        assert "by due" in screen_text(app)
        assert _rows(app)[:2] == ["n0001", "n0003"]  # Again: due in minutes; Easy: days
        await pilot.press("O")
        await pilot.pause()
        assert _rows(app)[:2] == ["n0003", "n0001"]
        assert "by due (largest first)" in screen_text(app)


async def test_a_lists_every_action_and_runs_the_chosen_one(alice: Services) -> None:
    from tandem.tui.screens.card_actions import ACTIONS, CardActionsScreen

    app = _app(alice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # from the search box to the table
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "a Actions" in footer
        assert "? Help" in footer  # the footer fits 80 columns
        first = _rows(app)[0]
        await pilot.press("space", "a")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CardActionsScreen)
        shown = screen_text(app)
        assert "Actions on the marked card" in shown
        for key, _, label in ACTIONS[:8]:  # the first rows are on screen at 80x24
            assert label in shown, key
        await pilot.press("down", "enter")  # the second row: suspend
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
    row = alice.ctx.states.get("alice", first)
    assert row is not None
    assert row.queue is Queue.SUSPENDED
