"""Provides the scope of a focused sitting (``tandem review --search/--deck/--tag``) as SQL.

A sitting reads its queues (``queue.QueueRepo.first``) and counts them
(``states.count_in_queue``) from the index of the person's ``card_state`` rows in due order,
each statement with the scope's condition on the row ``s``. How the condition is best
checked depends on how many cards the search picks, so it is chosen once, when the sitting
starts:

- a deck filter that holds at most ``FEW_NOTES`` notes, or words that as few notes hold:
  the matching cards are found first, walking from those decks or notes (a few thousand
  rows), and each queue row is looked up among them;
- otherwise each queue row is checked on its own (its card, note and deck by their keys),
  and the walk stops as soon as the statement has its cards: a search that picks many cards
  finds them at once, where finding every match first would read all 100,000;
- a search of the person's states alone (``is:due``) is a condition on the row itself.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from tandem.models import format_utc
from tandem.models.card_query import All, Field, Filter, Term
from tandem.storage.card_query import FEW_NOTES, READS_CARDS, CardQuery, term_condition
from tandem.storage.note_rows import SOURCE_JOINS

_BY_DECKS = "decks d CROSS JOIN notes n ON n.deck_id = d.id CROSS JOIN cards c ON c.note_id = n.id"
"""From the decks a filter picks to their notes (``notes_deck``) and cards (``cards_note``)."""
_BY_WORDS = "notes n CROSS JOIN cards c ON c.note_id = n.id JOIN decks d ON d.id = n.deck_id"
"""From the notes that hold the words (their rowids, from ``notes_fts``) to their cards."""


@dataclass(frozen=True)
class SearchScope:
    """A sitting that studies only the cards a search matches (``tandem review --search``)."""

    term: Term
    person: str
    due_before: datetime
    walk: str | None = None
    """Where finding the matching cards first starts (``None``: each row is checked)."""

    def condition(self) -> tuple[str, tuple[object, ...]]:
        """An ``AND …`` condition on the person's ``card_state`` row ``s`` and its values."""
        due = format_utc(self.due_before)
        values: list[object] = []
        condition = term_condition(self.term, values, due)
        if self.walk is not None:
            return (
                f" AND s.card IN (SELECT c.key FROM {self.walk} "
                "LEFT JOIN card_state s ON s.card = c.key AND s.person = ? "
                f"WHERE c.retired = 0 AND ({condition}))",
                (self.person, *values),
            )
        if not READS_CARDS.search(condition):  # the person's states alone
            return f" AND ({condition})", tuple(values)
        # The row's own ``s`` is the person's state: the sitting reads only its rows.
        return (
            f" AND EXISTS (SELECT 1 FROM cards c {SOURCE_JOINS} "
            f"WHERE c.key = s.card AND c.retired = 0 AND ({condition}))",
            tuple(values),
        )


class SearchScopes:
    """Chooses how a focused sitting's scope is checked (the repository of ``SearchScope``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def scope(self, term: Term, person: str, due_before: datetime) -> SearchScope:
        """The scope of ``person``'s sitting over ``term``, its way of checking chosen by
        how many notes its deck filters or words hold."""
        conjuncts = term.terms if isinstance(term, All) else (term,)
        decks = [t for t in conjuncts if isinstance(t, Filter) and t.field is Field.DECK]
        if decks and self._few_in_decks(decks):
            return SearchScope(term, person, due_before, _BY_DECKS)
        if CardQuery(self.conn).few_hold_words(term):
            return SearchScope(term, person, due_before, _BY_WORDS)
        return SearchScope(term, person, due_before)

    def _few_in_decks(self, decks: list[Filter]) -> bool:
        """Whether the decks every one of ``decks`` picks hold at most ``FEW_NOTES`` notes."""
        values: list[object] = []
        condition = " AND ".join(term_condition(deck, values, "") for deck in decks)
        rows = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM decks d CROSS JOIN notes n "
            f"ON n.deck_id = d.id WHERE {condition} LIMIT ?)",
            (*values, FEW_NOTES + 1),
        )
        return int(rows.fetchone()[0]) <= FEW_NOTES
