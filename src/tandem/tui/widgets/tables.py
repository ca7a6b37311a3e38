"""Provides the home screen's tables: people with their due counts, a person's decks, deck files.

Cells that hold user data are ``rich.text.Text``: DataTable would parse a plain ``str`` as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.widgets import DataTable

from tandem.render.terminal import shown
from tandem.services.study.due import DeckDue, PersonDue
from tandem.services.sync.deck_list import DeckInfo


def _clip(text: str, width: int) -> Text:
    """A cell at most ``width`` cells wide, ending with an ellipsis when cut."""
    cell = Text(shown(text))
    cell.truncate(width, overflow="ellipsis")
    return cell


def _num(value: int) -> Text:
    return Text(str(value), justify="right", style="" if value else "dim")


class _Table(DataTable[Text]):
    """A table whose columns are re-made on every fill, so they shrink as well as grow."""

    LABELS: ClassVar[tuple[str, ...]] = ()

    def _load(self, rows: dict[str, tuple[Text, ...]]) -> None:
        """Replaces everything; columns get explicit widths, measured from these rows."""
        self.clear(columns=True)
        for index, label in enumerate(self.LABELS):
            width = max([len(label), *(row[index].cell_len for row in rows.values())])
            self.add_column(label, width=width, key=label.lower())
        for key, row in rows.items():
            self.add_row(*row, key=key)


class PeopleTable(_Table):
    """One row per person, keyed by name: today's new, learning and review counts."""

    LABELS = ("Person", "New", "Learn", "Review")

    def on_mount(self) -> None:
        self.cursor_type = "row"

    def fill(self, dues: Iterable[PersonDue], selected: str | None) -> None:
        """Replaces the rows and puts the cursor back on ``selected`` when present."""
        self._load(
            {
                d.person: (Text(d.person), _num(d.new), _num(d.learning), _num(d.review))
                for d in dues
            }
        )
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), animate=False)

    @property
    def selected(self) -> str | None:
        """The name under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return key.value


class DueTable(_Table):
    """A person's decks with cards left today."""

    LABELS = ("Deck", "New", "Learn", "Review")

    def on_mount(self) -> None:
        self.cursor_type = "none"

    def fill(self, decks: Iterable[DeckDue], title_width: int = 40) -> None:
        self._load(
            {
                deck.path: (
                    _clip(deck.title, title_width),
                    _num(deck.new),
                    _num(deck.learning),
                    _num(deck.review),
                )
                for deck in decks
            }
        )


class FolderTable(_Table):
    """The decks folder as of the last sync: decks, then session logs (latest first).

    A deck's title and its file share a cell on two lines, so the file's path is read whole
    at 120 columns and the partners' names at 80: the cell takes what the others leave.
    """

    LABELS = ("Deck / file", "Cards", "Date", "Partners")
    PARTNERS_WIDTH = 24
    """The partners column is at most this wide (a longer list ends in an ellipsis)."""

    def on_mount(self) -> None:
        self.cursor_type = "none"

    def fill(self, decks: Iterable[DeckInfo], width: int) -> None:
        """Replaces the rows, the deck cell as wide as ``width`` cells of table leave it."""
        listed = list(decks)
        plain = sorted((d for d in listed if not d.is_session), key=lambda d: d.path)
        sessions = sorted((d for d in listed if d.is_session), key=lambda d: (d.date or "", d.path))
        ordered = plain + sessions[::-1]  # the latest session first
        widths = self._widths(ordered, width)
        self.clear(columns=True)
        for label, column_width in zip(self.LABELS, widths, strict=True):
            self.add_column(label, width=column_width, key=label.split()[0].lower())
        for deck in ordered:
            self.add_row(*_folder_row(deck, widths[0], widths[3]), height=2, key=deck.path)

    def _widths(self, decks: list[DeckInfo], width: int) -> tuple[int, int, int, int]:
        """Every column's width (explicit: an auto-sized column of two-line rows is
        measured before its rows arrive); the deck cell takes what the others leave."""
        partners = min(self.PARTNERS_WIDTH, max([8, *(len(", ".join(d.partners)) for d in decks)]))
        dates = 10 if any(d.date for d in decks) else 4
        cards = max([5, *(len(str(d.cards)) for d in decks)])
        # every cell is padded by one space on each side; one cell more for a scrollbar
        others = cards + dates + partners + 2 * len(self.LABELS) + 2
        wanted = max([11, *(max(len(d.title), len(d.path)) for d in decks)])
        return max(12, min(wanted, width - others)), cards, dates, partners


def _folder_row(deck: DeckInfo, deck_width: int, partners_width: int) -> tuple[Text, ...]:
    title, path = _clip(deck.title, deck_width), _clip(deck.path, deck_width)
    path.stylize("dim")
    return (
        Text.assemble(title, "\n", path),
        _num(deck.cards),
        Text(deck.date or ""),
        _clip(", ".join(deck.partners), partners_width),
    )
