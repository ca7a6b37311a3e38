"""Fixtures for the TUI tests: services on a temp database with a frozen clock, and an app."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot

from tandem.services import Services
from tandem.storage.note_rows import DeckRow, NoteRow
from tandem.tui import TandemApp
from tandem.tui.widgets.card import CardView

from ..conftest import add_notes

SIZE = (120, 40)


@pytest.fixture
def alice(svc: Services) -> Services:
    """Services with one person, alice, and five new basic cards in ``deck.md``."""
    svc.people.add("alice")
    add_notes(svc, 5)
    return svc


class Toasts:
    """The notifications an app posts, in order, read from Textual's public ``Notify`` message:
    pass it as ``run_test(message_hook=toasts)``. It holds what the app told (its ``notify``
    made the text safe first), whether or not the toast is still on screen."""

    def __init__(self) -> None:
        self.told: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.told.append(message.notification)

    @property
    def messages(self) -> list[str]:
        """The messages told so far."""
        return [notification.message for notification in self.told]

    def clear(self) -> None:
        """Forgets what was told so far."""
        self.told.clear()


@pytest.fixture
def toasts() -> Toasts:
    """Records the app's notifications: ``app.run_test(message_hook=toasts)``."""
    return Toasts()


def make_app(svc: Services, review_as: str | None = None) -> TandemApp:
    """The app as the CLI builds it, without the start-up sync (tests set the state up)."""
    return TandemApp(svc, review_as=review_as, sync_on_start=False)


def shown_question(app: TandemApp) -> str:
    """The Markdown source of the question on screen."""
    return app.screen.query_one(CardView).question.strip()


_SVG_TEXT = re.compile(r'<text [^>]*?\bx="([^"]+)"[^>]*?-line-(\d+)\)">([^<]*)</text>')
"""A run of text in Rich's SVG export: its x, its line and its (escaped) characters."""
_CELL_WIDTH = 20 * 0.61
"""Rich's SVG cell width: its font size (20) times its font's aspect ratio (0.61)."""


def screen_text(app: App[Any]) -> str:
    """The characters on screen, line by line (what a user would read), read from Textual's
    public screenshot (``App.export_screenshot``): Rich's SVG of the screen places each run
    of text at its cell; the cells between runs are blank."""
    height = app.size.height
    runs: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        runs[int(line)].append((round(float(x) / _CELL_WIDTH), html.unescape(text)))
    lines = []
    for line_runs in runs:
        text, cells = "", 0
        for column, run in sorted(line_runs):
            text += " " * (column - cells) + run.replace("\N{NO-BREAK SPACE}", " ")
            cells = column + cell_len(run)
        lines.append(text.rstrip())
    return "\n".join(lines)


def add_card(svc: Services, note_id: str, question: str, answer: str, *, title: str) -> None:
    """Adds one basic card with the given text to a deck titled ``title``."""
    ctx = svc.ctx
    with ctx.store.write():
        deck_id = ctx.cards.save_deck(DeckRow(id=0, path=f"{note_id}.md", title=title))
        note = NoteRow(
            id=note_id,
            deck_id=deck_id,
            kind="basic",
            question=question,
            answer=answer,
            author="[red]mallory[/]",
            content_hash=note_id,
            position=0,
        )
        svc.catalog.save_note(note, [""])


async def finish_sync(pilot: Pilot[None]) -> None:
    """Waits for the sync the app started (on start it begins after the first frame)."""
    app = pilot.app
    assert isinstance(app, TandemApp)
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.sync_status
        if not status.running and (status.report, status.error) != (None, None):
            break
    await pilot.pause()
