"""Provides the modal that starts a session: a title, the partners, tags; creates its log file."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from tandem.models import TandemError
from tandem.services import Services
from tandem.tui.widgets.editor import split_tags

NO_PEOPLE = "No one studies here yet: add people on the home screen (press a) first."


class StartSessionScreen(ModalScreen[str | None]):
    """Dismisses with the new session log's path (relative to the decks folder), or None."""

    CSS_PATH = "../sessions.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    """Under 30 rows the dialog drops its spacing, and scrolls when it still does not fit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="start_session.cancel"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.people = services.people.names()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="session-dialog"):
            yield Static("Start a session", id="dialog-title", markup=False)
            yield Input(placeholder="title, e.g. Pairing: git rebase", id="session-title")
            partners: SelectionList[str] = SelectionList(
                *(Selection(Content(name), name, len(self.people) <= 2) for name in self.people),
                id="session-partners",
            )
            partners.border_title = "Partners (space toggles)"
            yield partners
            yield Input(placeholder="tags, e.g. git sql (optional)", id="session-tags")
            yield Static(NO_PEOPLE if not self.people else "", id="name-error", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Start", variant="primary", id="start")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.set_class(not self.people, "-invalid")

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        title = self.query_one("#session-title", Input).value
        partners: list[str] = list(self.query_one(SelectionList).selected)
        tags = list(split_tags(self.query_one("#session-tags", Input).value))
        if not title.strip():
            self._refuse("Give the session a title.", "#session-title")
            return
        if not partners:
            self._refuse("Pick who takes part (space toggles a name).", "#session-partners")
            return
        try:
            path = self.services.authoring.start_session(title, partners, tags)
        except TandemError as problem:
            self._refuse(problem.message, "#session-title")
            return
        self.dismiss(path)

    def _refuse(self, message: str, focus: str) -> None:
        self.query_one("#name-error", Static).update(Content(message))
        self.add_class("-invalid")
        self.query_one(focus).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def start_new_session(app: App[Any], services: Services) -> None:
    """Asks for a session, then opens its editor (from home or the command palette)."""
    from tandem.tui.screens.session import SessionScreen

    def opened(path: str | None) -> None:
        if path is not None:
            app.push_screen(SessionScreen(services, path))

    app.push_screen(StartSessionScreen(services), opened)
