"""Provides the browser's actions that ask first or leave the app: set a due date, add or
take off tags, retire, and open a card in the user's own editor (``$EDITOR``)."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tandem.models import BadInputError, TandemError
from tandem.models.wording import counted
from tandem.tui.screens.ask import AskScreen
from tandem.tui.widgets.card_table import CardTable

if TYPE_CHECKING:
    from tandem.tui.screens.browse import BrowseScreen

_DAYS = re.compile(r"\d{1,5}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def set_due(screen: BrowseScreen) -> None:
    """Asks when, then makes the chosen cards due then for the person (a manual entry)."""
    person, keys = screen.person, screen.query_one(CardTable).chosen()
    if person is None:
        screen.notify("Whose cards? Press p to choose a person.", markup=False)
        return
    if not keys:
        return

    def answered(text: str | None) -> None:
        text = (text or "").strip()
        if not text:
            return
        try:
            due = _due(screen, person, text)
            changed = screen.services.cards.set_due(person, keys, due)
        except TandemError as error:
            screen.notify(error.message, severity="error", markup=False)
            return
        day = screen.services.cards.study_date(person, due).isoformat()
        skipped = len(keys) - len(changed)
        note = f" ({counted(skipped, 'card')} new or already then: left)" if skipped else ""
        screen.notify(f"{_cards(len(changed))} due on {day} for {person}.{note}", markup=False)
        screen.refresh_found(keys)

    screen.app.push_screen(
        AskScreen(
            f"Set the due date of {_cards(len(keys))} for {person}",
            "Days from today (0: today) or a date, then Enter. The memory stays; new cards "
            "stay new. Esc cancels.",
            placeholder="7 or 2026-06-01",
        ),
        answered,
    )


def _due(screen: BrowseScreen, person: str, text: str) -> datetime:
    finder = screen.services.cards
    if _DAYS.fullmatch(text):
        return finder.due_on(person, days=int(text))
    if _DATE.fullmatch(text):
        try:
            return finder.due_on(person, on=date.fromisoformat(text))
        except ValueError:
            pass
    raise BadInputError(f"due: {text!r} is neither a number of days nor a date (YYYY-MM-DD)")


def tag(screen: BrowseScreen) -> None:
    """Asks for tags (``word`` adds, ``-word`` takes off), then writes them into the files."""
    keys = screen.query_one(CardTable).chosen()
    if not keys:
        return

    def answered(text: str | None) -> None:
        words = (text or "").split()
        add = [w for w in words if not w.startswith("-")]
        remove = [w[1:] for w in words if w.startswith("-") and len(w) > 1]
        if not add and not remove:
            return
        try:
            changed = screen.services.cards.tag_cards(keys, add, remove)
        except TandemError as error:
            screen.notify(error.message, severity="error", markup=False)
            return
        screen.notify(f"{counted(len(changed), 'note')} retagged in the deck files.", markup=False)
        screen.refresh_found(keys)

    screen.app.push_screen(
        AskScreen(
            f"Tags of {_cards(len(keys))}",
            "A word adds a tag, -word takes it off (exam -later), then Enter. Written into "
            "the deck files. Esc cancels.",
            placeholder="exam -later",
        ),
        answered,
    )


def retire(screen: BrowseScreen) -> None:
    """Asks, then takes the chosen cards' notes out of their deck files (history kept)."""
    keys = screen.query_one(CardTable).chosen()
    if not keys:
        return
    from tandem.tui.screens.confirm import ConfirmScreen

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            retired = screen.services.cards.retire_cards(keys)
        except TandemError as error:
            screen.notify(error.message, severity="error", markup=False)
            return
        screen.notify(f"{counted(len(retired), 'note')} retired.", markup=False)
        screen.query_one(CardTable).marked.clear()
        screen.search()

    question = (
        f"Retire {_cards(len(keys))}? Their notes are taken out of the deck files (with "
        "reverse and cloze siblings); the history stays, and a card put back with its id "
        "comes back."
    )
    screen.app.push_screen(ConfirmScreen(question, "Retire", "Keep"), answered)


def open_in_editor(screen: BrowseScreen) -> None:
    """Opens the card under the cursor in ``$VISUAL``/``$EDITOR`` at its line (the app is
    suspended meanwhile), then syncs the file."""
    table = screen.query_one(CardTable)
    item = table.found.get(table.current or "")
    if item is None:
        return
    try:
        edit = screen.services.cards.external_edit(item.card.note_id, os.environ)
    except TandemError as error:
        screen.notify(error.message, severity="error", markup=False)
        return
    try:
        with screen.app.suspend():
            subprocess.run(edit.command, check=False)  # noqa: S603 - the user's own editor
    except SuspendNotSupported:
        screen.notify("This terminal cannot hand over to an editor (tandem serve).",
                      severity="warning", markup=False)  # fmt: skip
        return
    except OSError as error:
        screen.notify(f"{edit.command[0]}: {error.strerror}", severity="error", markup=False)
        return
    try:
        screen.services.cards.sync_after_edit(edit.deck)
    except TandemError as error:
        screen.notify(error.message, severity="error", markup=False)
    screen.search()


def _cards(count: int) -> str:
    return counted(count, "card")
