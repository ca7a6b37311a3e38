"""Provides tandem's command palette entries: sessions, decks, people, "New session".

Prompts hold user data (titles, names), so they are built as ``Content`` (never markup);
help lines are fixed text, since the palette parses those as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from tandem.models.card_query import quoted_value
from tandem.render.terminal import shown
from tandem.services import Services
from tandem.services.sync.deck_list import DeckInfo

if TYPE_CHECKING:
    from tandem.tui.app import TandemApp


@dataclass(frozen=True)
class Entry:
    """One palette entry: what is shown and searched, a fixed help line, what it does."""

    text: str
    help: str
    run: Callable[[], None]


class TandemCommands(Provider):
    """Jump to a session (its editor), a deck (its due counts, or its review for one person),
    a person (their review, or cramming chosen cards)."""

    entries: list[Entry]

    async def startup(self) -> None:
        app = cast("TandemApp", self.app)
        self.entries = entries(app, app.services)

    async def discover(self) -> Hits:
        for entry in self.entries:
            yield DiscoveryHit(Content(entry.text), entry.run, text=entry.text, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries:
            score, offsets = matcher.fuzzy_search.match(query, entry.text)
            if score > 0:
                shown = _highlight(entry.text, offsets, matcher.match_style)
                yield Hit(score, shown, entry.run, text=entry.text, help=entry.help)


def entries(app: TandemApp, services: Services) -> list[Entry]:
    """Every entry, read from the services once per palette opening."""
    found = [
        Entry("New session", "Start a session log and write cards in it", _new(app)),
        Entry("Find cards", "Browse and search every card", _browse(app, None)),
    ]
    people = services.people.names()
    for deck in services.decks.list():
        if deck.is_session:
            named = deck.title.casefold().startswith("session")  # "Session: SQL windows"
            text = shown(f"{'' if named else 'Session: '}{deck.title} ({deck.date})")
            found.append(Entry(text, "Continue writing this session", _open(app, deck.path)))
        else:
            text = shown(f"Deck: {deck.title} ({deck.path})")
            found.append(Entry(text, "Show what is due in this deck", _due(app, deck)))
            search = f"deck:{quoted_value(deck.path)}"  # this file alone
            for name in people:
                text = shown(f"Study {deck.title} ({deck.path}) as {name}")
                help_text = "Review only this deck's due cards"
                found.append(Entry(text, help_text, _review(app, name, search)))
    for name in people:
        found.append(Entry(f"Review: {name}", "Start this person's review", _review(app, name)))
        found.append(Entry(f"Find cards: {name}", "Browse this person's cards", _browse(app, name)))
        help_text = "Study chosen cards, due or not, without changing the schedule"
        found.append(Entry(f"Cram… {name}", help_text, _cram(app, name)))
    return found


def _browse(app: TandemApp, person: str | None) -> Callable[[], None]:
    def run() -> None:
        from tandem.tui.screens.browse import BrowseScreen

        app.push_screen(BrowseScreen(app.services, person))

    return run


def _new(app: TandemApp) -> Callable[[], None]:
    from tandem.tui.screens.start_session import start_new_session

    return partial(start_new_session, app, app.services)


def _open(app: TandemApp, path: str) -> Callable[[], None]:
    def run() -> None:
        from tandem.tui.screens.session import SessionScreen

        app.push_screen(SessionScreen(app.services, path))

    return run


def _review(app: TandemApp, person: str, search: str | None = None) -> Callable[[], None]:
    def run() -> None:
        from tandem.tui.screens.review import ReviewScreen

        app.push_screen(ReviewScreen(app.services, person, search))

    return run


def _cram(app: TandemApp, person: str) -> Callable[[], None]:
    def run() -> None:
        from tandem.tui.screens.cram_search import CramSearchScreen
        from tandem.tui.screens.review import ReviewScreen

        def chosen(search: str | None) -> None:
            if search is not None:
                app.push_screen(ReviewScreen(app.services, person, search or None, cram=True))

        app.push_screen(CramSearchScreen(app.services, person), chosen)

    return run


def _due(app: TandemApp, deck: DeckInfo) -> Callable[[], None]:
    def show() -> None:
        app.notify(deck_due_text(app.services, deck), title=deck.title, markup=False)

    return show


def deck_due_text(services: Services, deck: DeckInfo) -> str:
    """A deck's size and, per person, what is left in it today."""
    lines = [f"{deck.path}: {deck.cards} card{'s' if deck.cards != 1 else ''}"]
    for name in services.people.names():
        due = next((d for d in services.due.for_person(name).decks if d.path == deck.path), None)
        if due is None or not (due.new or due.learning or due.review):
            lines.append(f"{name}: nothing due")
        else:
            lines.append(f"{name}: {due.new} new, {due.learning} learning, {due.review} review")
    return "\n".join(lines)


def _highlight(text: str, offsets: Sequence[int], style: Style) -> Content:
    content = Content(text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
