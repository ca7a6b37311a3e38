"""Provides the modal that picks a session log to continue (the latest first)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tandem.render.terminal import shown
from tandem.services import Services
from tandem.services.sync.deck_list import DeckInfo
from tandem.tui.screens.session import SessionScreen
from tandem.tui.screens.start_session import start_new_session

NO_SESSIONS = "No sessions yet. Press n to start a session."


def sessions(services: Services) -> list[DeckInfo]:
    """The session logs of the decks folder, the latest first."""
    found = [d for d in services.decks.list() if d.is_session]
    return sorted(found, key=lambda d: (d.date or "", d.path), reverse=True)


def session_label(deck: DeckInfo) -> Content:
    cards = f"{deck.cards} card{'s' if deck.cards != 1 else ''}"
    return Content.assemble(
        (deck.date or "", "dim"),
        "  ",
        (shown(deck.title), "bold"),
        "  ",
        shown(", ".join(deck.partners)),
        "  ",
        (cards, "dim"),
    )


class SessionPickerScreen(ModalScreen[None]):
    """Lists the session logs; enter opens one in the session screen."""

    CSS_PATH = "../sessions.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_session", "New session", id="session_picker.new"),
        Binding("escape", "cancel", "Cancel", id="session_picker.cancel"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.sessions = sessions(services)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static("Continue a session", id="dialog-title", markup=False)
            yield OptionList(
                *(Option(session_label(d), id=d.path) for d in self.sessions), id="picker-list"
            )
            yield Static(NO_SESSIONS, id="picker-empty", classes="empty", markup=False)
            yield Static("enter opens · n starts a new one · escape closes", id="picker-hint")

    def on_mount(self) -> None:
        self.set_class(not self.sessions, "-no-sessions")

    @on(OptionList.OptionSelected, "#picker-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None)
        if event.option.id is not None:
            self.app.push_screen(SessionScreen(self.services, event.option.id))

    def action_new_session(self) -> None:
        self.dismiss(None)
        start_new_session(self.app, self.services)

    def action_cancel(self) -> None:
        self.dismiss(None)
