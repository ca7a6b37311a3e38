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
    """The decks folder as of the last sync: decks, then session logs (latest first)."""

    LABELS = ("Title", "Cards", "Date", "Partners", "File")

    def on_mount(self) -> None:
        self.cursor_type = "none"

    def fill(self, decks: Iterable[DeckInfo], title_width: int = 40) -> None:
        listed = list(decks)
        plain = sorted((d for d in listed if not d.is_session), key=lambda d: d.path)
        sessions = sorted((d for d in listed if d.is_session), key=lambda d: (d.date or "", d.path))
        ordered = plain + sessions[::-1]  # the latest session first
        self._load({deck.path: _folder_row(deck, title_width) for deck in ordered})


def _folder_row(deck: DeckInfo, title_width: int) -> tuple[Text, ...]:
    return (
        _clip(deck.title, title_width),
        _num(deck.cards),
        Text(deck.date or ""),
        Text(", ".join(deck.partners)),
        Text(shown(deck.path), style="dim"),
    )
