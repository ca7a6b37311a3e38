"""Provides the modal that asks before a sync retires more than half the notes."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class RetireConfirmScreen(ModalScreen[bool]):
    """Says how many notes the sync would retire; dismisses with True to retire them.

    A decks folder that lost most of its cards is more often the wrong folder (``--decks``,
    a half-finished checkout) than a real clean-up, so the default answer is no.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Retire them", id="retire_confirm.yes"),
        Binding("n,escape", "answer(False)", "Keep them", id="retire_confirm.no"),
    ]

    def __init__(self, retiring: int, active: int, folder: str) -> None:
        super().__init__()
        self.retiring, self.active, self.folder = retiring, active, folder

    def compose(self) -> ComposeResult:
        question = (
            f"The deck files in {self.folder} no longer hold {self.retiring} of the "
            f"{self.active} notes. Retire them (their history is kept)?"
        )
        with Vertical(id="dialog"):
            yield Static(question, id="dialog-title", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Retire (y)", variant="error", id="retire-yes")
                yield Button("Keep them (n)", id="retire-no")

    def on_mount(self) -> None:
        self.query_one("#retire-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "retire-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
