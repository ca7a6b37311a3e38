"""Provides the modal that asks which cards to cram (a search), refusing one it cannot read."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tandem.models import TandemError
from tandem.services import Services

PLACEHOLDER = "deck:spanish, tag:git, words… (empty: every card)"


class CramSearchScreen(ModalScreen[str | None]):
    """Asks ``person`` which cards to cram; dismisses with the search ("" for every card),
    or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cram_search.cancel"),
    ]

    def __init__(self, services: Services, person: str) -> None:
        super().__init__()
        self.services = services
        self.person = person

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-cram"):
            yield Static(
                Content.assemble("Cram for ", (self.person, "bold"), ": which cards?"),
                id="dialog-title",
            )
            yield Static(
                "Due or not; answers are logged as cramming and change no due date.",
                id="cram-hint",
                markup=False,
            )
            yield Input(placeholder=PLACEHOLDER, id="cram-search")
            yield Static(id="cram-error", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Cram", variant="primary", id="cram")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#cram")
    def _cram(self) -> None:
        search = self.query_one(Input).value.strip()
        try:
            self.services.cards.scope(self.person, search)  # refused here, not on the screen
        except TandemError as problem:
            self.query_one("#cram-error", Static).update(Content(problem.message))
            self.add_class("-invalid")
            self.query_one(Input).focus()
            return
        self.dismiss(search)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
