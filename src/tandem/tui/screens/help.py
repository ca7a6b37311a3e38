"""Provides the help screen: every binding active where it was opened, with its id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

HelpRow = tuple[str, str, str]
"""Key, what it does, binding id (what ``[keymap]`` in config.toml remaps)."""


class HelpScreen(ModalScreen[None]):
    """Lists keys. Themes are in the command palette (ctrl+p, "Change theme")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, rows: Iterable[HelpRow]) -> None:
        super().__init__()
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static("Keys", id="help-title", markup=False)
            table: DataTable[Text] = DataTable(id="help-table", cursor_type="none")
            yield table
            yield Static(
                "Remap keys by id: [keymap] in config.toml (tandem locate). Esc closes.",
                id="help-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Binding id")
        for key, description, binding_id in self.rows:
            table.add_row(Text(key, style="bold"), Text(description), Text(binding_id, style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
