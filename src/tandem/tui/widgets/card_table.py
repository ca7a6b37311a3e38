"""Provides the browser's table: one row per card found, marks for acting on several."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tandem.models import FsrsState
from tandem.render.card_line import card_line
from tandem.services.cards.finder import FoundCard

_QUESTION_WIDTH = 32
_COLUMNS = ("", "Question", "Deck", "State", "Due", "Lapses")
"""The first, unnamed column shows a mark (space marks a row)."""


def _cell(text: str, width: int | None = None, style: str = "") -> Text:
    """A cell of user text: ``Text`` is never read as markup (a ``str`` cell would be)."""
    cell = Text(" ".join(text.split()), style=style)
    if width is not None:
        cell.truncate(width, overflow="ellipsis")
    return cell


class CardTable(DataTable[Text]):
    """Cards in the order found; space marks a row. The row key is the card key."""

    class Highlighted(Message):
        """The cursor moved onto the card ``key`` (``None``: the table is empty)."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.found: dict[str, FoundCard] = {}
        self.marked: set[str] = set()

    def on_mount(self) -> None:
        for label in _COLUMNS:
            # The mark column is one cell wide from the start: a column sized to its cells
            # when the rows are added keeps that width, and no row is marked then.
            self.add_column(label, key=label.lower() or "mark", width=None if label else 1)

    def fill(self, found: Sequence[FoundCard]) -> None:
        """Shows ``found``; marks on cards still listed are kept."""
        self.clear()
        self.found = {item.card.key: item for item in found}
        self.marked &= set(self.found)
        for item in found:
            self.add_row(*self._cells(item), key=item.card.key)
        self.post_message(self.Highlighted(self.current))

    def refresh_rows(self, found: Sequence[FoundCard]) -> None:
        """Updates the rows of ``found`` in place (after an action changed their state)."""
        for item in found:
            if item.card.key in self.found:
                self.found[item.card.key] = item
                for column, value in zip(_COLUMNS, self._cells(item), strict=True):
                    self.update_cell(item.card.key, column.lower() or "mark", value)

    @property
    def current(self) -> str | None:
        """The key of the card under the cursor."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def chosen(self) -> list[str]:
        """The marked cards, in table order; else the card under the cursor."""
        if self.marked:
            return [key for key in self.found if key in self.marked]
        return [self.current] if self.current else []

    def toggle_mark(self) -> None:
        key = self.current
        if key is None:
            return
        self.marked ^= {key}
        self.update_cell(key, "mark", Text("●" if key in self.marked else ""))
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(event.row_key.value))

    def _cells(self, item: FoundCard) -> tuple[Text, ...]:
        card, state = item.card, ""
        if item.queue is not None:  # a leech is (nearly always) suspended: say why
            state = "leech" if item.leech else item.queue.name.lower()
        due = ""  # a new card's ``due`` is its place among new ones; one set due has a date
        if card.state.state is not FsrsState.NEW and card.state.due is not None:
            due = card.state.due.strftime("%Y-%m-%d")
        lapses = str(card.state.lapses) if card.state.reps else ""
        return (
            Text("●" if card.key in self.marked else ""),
            _cell(card_line(card.question, _QUESTION_WIDTH), _QUESTION_WIDTH),
            _cell(card.deck_path, 16, "dim"),
            _cell(state),
            _cell(due),
            Text(lapses, justify="right"),
        )
