"""Provides the modal that adds a person, showing why a name is refused inside the modal."""

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


class AddPersonScreen(ModalScreen[str | None]):
    """Asks for a name; dismisses with the name once the person was added, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="add_person.cancel"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Add a person", id="dialog-title", markup=False)
            yield Input(placeholder="name, e.g. alice", id="name")
            yield Static(id="name-error", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        name = self.query_one(Input).value.strip()
        error = self.query_one("#name-error", Static)
        try:
            self.services.people.add(name)
        except TandemError as problem:
            error.update(Content(problem.message))
            self.add_class("-invalid")
            self.query_one(Input).focus()
            return
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
