"""Provides the browser's list of actions: every key of the card browser with what it does,
chosen by arrow keys and Enter (the footer has room for the common ones only)."""

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

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("space", "mark", "Mark or unmark the card"),
    ("s", "suspend", "Suspend or unsuspend"),
    ("b", "bury", "Bury or unbury"),
    ("f", "forget", "Forget (new again, history kept)"),
    ("d", "set_due", "Set the due date"),
    ("t", "tag", "Add or take off tags"),
    ("c", "cram", "Study these (cram, schedule unchanged)"),
    ("e", "edit", "Edit in tandem's editor"),
    ("E", "external_edit", "Open in $EDITOR at the card's line"),
    ("r", "retire", "Retire (out of the deck files)"),
    ("o", "next_sort", "Sort by the next value"),
    ("O", "reverse_sort", "Reverse the sort"),
    ("p", "next_person", "Whose cards: the next person"),
    ("/", "focus_search", "Search"),
)
"""(key, action of ``BrowseScreen``, what it does), in the order the list shows them."""


class CardActionsScreen(ModalScreen[str | None]):
    """Lists the browser's actions; dismisses with the chosen action's name, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,a", "cancel", "Cancel", id="card_actions.cancel"),
    ]

    def __init__(self, marked: int) -> None:
        super().__init__()
        self.marked = marked

    def compose(self) -> ComposeResult:
        on_what = f"the {self.marked} marked cards" if self.marked > 1 else (
            "the marked card" if self.marked else "the card under the cursor")  # fmt: skip
        with Vertical(id="dialog", classes="-actions"):
            yield Static(f"Actions on {on_what}", id="dialog-title", markup=False)
            rows = (Option(Content.assemble((f"{key:>5}", "bold"), "  ", label), id=action)
                    for key, action, label in ACTIONS)  # fmt: skip
            yield OptionList(*rows, id="card-actions")
            yield Static("enter runs it · escape closes (each key also works alone)",
                         classes="dialog-hint", markup=False)  # fmt: skip

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
