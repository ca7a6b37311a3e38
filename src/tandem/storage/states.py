"""Provides queries on ``card_state``: one row per (person, card), the scheduler's cache.

The study queue a row is in is derived from the row's flags and FSRS state by one rule,
kept by SQLite as the generated column ``card_state.queue`` (schema v3, indexed with the
due time) and mirrored for rows held in memory by :func:`queue_of`; a test checks the two
agree on every combination. Nothing writes a queue: writers set the flags and the state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tandem.models import CardState, FsrsState, Queue, format_utc, parse_utc
from tandem.storage.card_range import card_bounds
from tandem.storage.chunks import in_chunks
from tandem.storage.scope import Scope, scoped

STATE_COLUMNS = (
    "person, card, deck_id, pos, state, step, stability, difficulty, due, "
    "last_review, reps, lapses, suspended, buried_until, leech, retired"
)
DUE_COLUMN = STATE_COLUMNS.split(", ").index("due")
_INSERT = f"INSERT INTO card_state ({STATE_COLUMNS}) VALUES ({', '.join('?' * 16)})"
_PUT = (
    "UPDATE card_state SET deck_id = ?, pos = ?, state = ?, step = ?, stability = ?, "
    "difficulty = ?, due = ?, last_review = ?, reps = ?, lapses = ?, suspended = ?, "
    "buried_until = ?, leech = ?, retired = ? WHERE person = ? AND card = ?"
)
_NEW_COLUMNS = ", ".join(STATE_COLUMNS.split(", ")[:12])


def queue_of(state: FsrsState, suspended: bool, buried: bool, retired: bool) -> Queue:
    """The queue of a card: hidden by its flags (retired, suspended, buried, in that order),
    else the one its FSRS state belongs to. Mirrors the generated column ``queue``."""
    if retired:
        return Queue.RETIRED
    if suspended:
        return Queue.SUSPENDED
    if buried:
        return Queue.BURIED
    if state is FsrsState.NEW:
        return Queue.NEW
    return Queue.REVIEW if state is FsrsState.REVIEW else Queue.LEARN


_SHOWN = "{t}retired = 0 AND {t}suspended = 0 AND {t}buried_until IS NULL AND "
_IN_QUEUE = {
    Queue.NEW: _SHOWN + "{t}state = 0",
    Queue.LEARN: _SHOWN + "{t}state IN (1, 3)",
    Queue.REVIEW: _SHOWN + "{t}state = 2",
    Queue.BURIED: "{t}retired = 0 AND {t}suspended = 0 AND {t}buried_until IS NOT NULL",
    Queue.SUSPENDED: "{t}retired = 0 AND {t}suspended = 1",
    Queue.RETIRED: "{t}retired = 1",
}


def in_queue(queue: Queue, table: str = "") -> str:
    """The condition a row of ``queue`` meets, written over the columns the generated
    ``queue`` is derived from (``table``: the table's name or alias in the statement).

    The hot counts and reads use it with the indexes of schema v12, which hold those
    columns: SQLite (3.40) takes an index as covering only when a statement names no
    generated column, so ``queue = ?`` read every counted row from the table. The flags
    are stored as 0 or 1; a test holds each condition to the generated column.
    """
    return _IN_QUEUE[queue].format(t=f"{table}." if table else "")


@dataclass(frozen=True, slots=True)
class StateRow:
    """A ``card_state`` row: the FSRS state plus the person's own flags for the card."""

    person: str
    card: str
    deck_id: int
    pos: int
    memory: CardState
    due: datetime
    suspended: bool = False
    buried_until: datetime | None = None
    leech: bool = False
    retired: bool = False
    """The card left its deck file (the catalogue sets it for everyone at once)."""

    @property
    def queue(self) -> Queue:
        return queue_of(
            self.memory.state, self.suspended, self.buried_until is not None, self.retired
        )

    def with_memory(self, memory: CardState) -> StateRow:
        """The row after a review: the new memory state, the flags as they were."""
        assert memory.due is not None
        return StateRow(  # positional: dataclasses.replace costs more than the rest of this
            self.person, self.card, self.deck_id, self.pos, memory, memory.due,
            self.suspended, self.buried_until, self.leech, self.retired,
        )  # fmt: skip

    def values(self) -> tuple[object, ...]:
        m = self.memory
        return (
            self.person,
            self.card,
            self.deck_id,
            self.pos,
            int(m.state),
            m.step,
            m.stability,
            m.difficulty,
            format_utc(self.due),
            format_utc(m.last_review) if m.last_review else None,
            m.reps,
            m.lapses,
            int(self.suspended),
            format_utc(self.buried_until) if self.buried_until else None,
            int(self.leech),
            int(self.retired),
        )


def state_row(values: Sequence[Any]) -> StateRow:
    """Decodes a STATE_COLUMNS row (the hot path of every queue read: positional, no enum
    calls)."""
    (person, card, deck_id, pos, state, step, stab, diff, due, last, reps, lapses,
     suspended, buried, leech, retired) = values  # fmt: skip
    due_at = parse_utc(due)
    memory = CardState(
        _FSRS_STATES[state],
        step,
        stab,
        diff,
        due_at,
        parse_utc(last) if last else None,
        reps,
        lapses,
    )
    return StateRow(
        person,
        card,
        deck_id,
        pos,
        memory,
        due_at,
        bool(suspended),
        parse_utc(buried) if buried else None,
        bool(leech),
        bool(retired),
    )


_FSRS_STATES = {int(state): state for state in FsrsState}


_FAR = "9999-12-31T23:59:59.999999Z"


def _deck_count(queue: Queue) -> str:
    return (
        "(SELECT count(*) FROM (SELECT 1 FROM card_state INDEXED BY card_state_deck "
        f"WHERE person = ? AND deck_id = d.id AND {in_queue(queue)} AND due < ? LIMIT ?))"
    )


_DECK_COUNTS = (
    f"SELECT d.path, d.title, {_deck_count(Queue.NEW)}, {_deck_count(Queue.LEARN)}, "
    f"{_deck_count(Queue.REVIEW)} FROM decks d WHERE d.present = 1 ORDER BY d.path"
)


class StatesRepo:
    """Reads and writes ``card_state`` rows."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get(self, person: str, card: str) -> StateRow | None:
        found = self.conn.execute(
            f"SELECT {STATE_COLUMNS} FROM card_state WHERE person = ? AND card = ?", (person, card)
        ).fetchone()
        return state_row(found) if found else None

    def many(self, person: str, cards: Iterable[str]) -> list[StateRow]:
        """``person``'s rows of ``cards`` (any number: read in chunks), by card."""
        found = []
        for chunk, marks in in_chunks(cards):
            found += self.conn.execute(
                f"SELECT {STATE_COLUMNS} FROM card_state WHERE person = ? AND card IN ({marks})",
                (person, *chunk),
            ).fetchall()
        return sorted((state_row(values) for values in found), key=lambda row: row.card)

    def for_person(self, person: str) -> list[StateRow]:
        found = self.conn.execute(
            f"SELECT {STATE_COLUMNS} FROM card_state WHERE person = ? ORDER BY card", (person,)
        ).fetchall()
        return [state_row(values) for values in found]

    def batches_of_person(
        self, person: str, size: int = 20_000, *, first: str = "", before: str | None = None
    ) -> Iterator[list[StateRow]]:
        """``person``'s rows by card, ``size`` at a time, each batch read whole (no cursor
        stays open while the caller writes): memory stays flat however many cards. Only
        the cards from ``first`` on, and before ``before`` when it is given."""
        for found in self.values_of_person(person, size, first=first, before=before):
            yield [state_row(values) for values in found]

    def values_of_person(
        self, person: str, size: int = 20_000, *, first: str = "", before: str | None = None
    ) -> Iterator[list[tuple[Any, ...]]]:
        """``batches_of_person``'s rows as read (``STATE_COLUMNS``; ``state_row`` makes a
        ``StateRow`` of one): a check that compares, nearly always equal, makes none."""
        after = None
        while True:
            found = self.conn.execute(
                f"SELECT {STATE_COLUMNS} FROM card_state WHERE person = :person "
                f"AND {card_bounds(after, before)} ORDER BY card LIMIT :size",
                {"person": person, "first": first, "after": after, "before": before, "size": size},
            ).fetchall()
            if not found:
                return
            after = str(found[-1][1])
            yield found

    def insert_many(self, rows: Iterable[StateRow]) -> None:
        self.conn.executemany(_INSERT, (row.values() for row in rows))

    def insert_unflagged(self, rows: Iterable[tuple[object, ...]]) -> None:
        """Inserts rows given as plain tuples of the first 12 STATE_COLUMNS (person to
        lapses); the flags (suspended, buried, leech, retired) take their defaults.

        For bulk inserts (an import): building a ``StateRow`` a row costs more than SQLite.
        """
        self.conn.executemany(
            f"INSERT INTO card_state ({_NEW_COLUMNS}) VALUES ({', '.join('?' * 12)})", rows
        )

    def insert_new_of_cards(self, start: int, stop: int, due: str) -> None:
        """Inserts everyone's new state row (due ``due``) for each card whose ``pos`` is in
        ``[start, stop)``, in one statement, in the table's key order: after a bulk insert
        of cards, the rows are appended to the table's B-tree rather than put into it at
        random places one by one (which made a first sync's writes grow faster than its
        cards)."""
        self.conn.execute(
            f"INSERT INTO card_state ({_NEW_COLUMNS}) "
            "SELECT p.name, c.key, n.deck_id, c.pos, ?, NULL, NULL, NULL, ?, NULL, 0, 0 "
            "FROM people p CROSS JOIN cards c JOIN notes n ON n.id = c.note_id "
            "WHERE c.pos >= ? AND c.pos < ? ORDER BY p.name, c.key",
            (int(FsrsState.NEW), due, start, stop),
        )

    def insert_new_for_person(self, person: str) -> None:
        """Inserts ``person``'s new state row for every card that is not retired, due from
        when the card came into this database, in one statement and in the table's key
        order (a team's first report adds 50 people to 2,000 cards: a Python tuple a row
        cost more than SQLite's insert)."""
        self.conn.execute(
            f"INSERT INTO card_state ({_NEW_COLUMNS}) "
            "SELECT ?, c.key, n.deck_id, c.pos, ?, NULL, NULL, NULL, c.created_at, NULL, 0, 0 "
            "FROM cards c JOIN notes n ON n.id = c.note_id WHERE c.retired = 0 ORDER BY c.key",
            (person, int(FsrsState.NEW)),
        )

    def put(self, row: StateRow) -> None:
        """Overwrites the row for (person, card) with ``row`` (an answer's one write of its
        card: one ``execute`` of a tuple made in place, not ``put_many``'s generator)."""
        m, due, buried = row.memory, row.due, row.buried_until
        last = m.last_review
        self.conn.execute(
            _PUT,
            (row.deck_id, row.pos, int(m.state), m.step, m.stability, m.difficulty,
             format_utc(due), format_utc(last) if last else None, m.reps, m.lapses,
             int(row.suspended), format_utc(buried) if buried else None, int(row.leech),
             int(row.retired), row.person, row.card),
        )  # fmt: skip

    def drop_indexes(self) -> list[str]:
        """Drops the secondary indexes of ``card_state``, for a rewrite of many of its rows;
        returns the statements that make them again (``make_indexes``, in the same
        transaction: a failure brings them back). One sort each is far cheaper than
        eight index updates per row."""
        found = self.conn.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'card_state' AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in found:
            self.conn.execute(f'DROP INDEX main."{name}"')  # a name from our own schema
        return [str(sql) for _, sql in found]

    def make_indexes(self, statements: Iterable[str]) -> None:
        """Makes again the indexes ``drop_indexes`` dropped."""
        for sql in statements:
            self.conn.execute(sql)

    @contextmanager
    def indexes_after(self, bulk: bool) -> Iterator[None]:
        """With ``bulk``, the secondary indexes are dropped while the block writes and made
        after it (``drop_indexes``); without, nothing changes."""
        dropped = self.drop_indexes() if bulk else []
        yield
        self.make_indexes(dropped)

    def put_many(self, rows: Iterable[StateRow]) -> None:
        """Overwrites the row for (person, card) of each of ``rows``, in one statement."""
        self.conn.executemany(_PUT, ((*row.values()[2:], row.person, row.card) for row in rows))

    def count_active(self, person: str) -> int:
        """How many of ``person``'s cards are in a deck (suspended and buried included)."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM card_state WHERE person = ? AND retired = 0", (person,)
            ).fetchone()[0]
        )

    def count_in_queue(
        self,
        person: str,
        queue: Queue,
        due_before: datetime,
        limit: int = -1,
        scope: Scope | None = None,
    ) -> int:
        """How many cards of ``queue`` are due before ``due_before`` (counting stops at limit)."""
        condition, values = scoped(scope)
        return int(
            self.conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM card_state s INDEXED BY card_state_queue "
                f"WHERE s.person = ? AND {in_queue(queue, 's')} AND s.due < ?{condition} LIMIT ?)",
                (person, format_utc(due_before), *values, limit),
            ).fetchone()[0]
        )

    def deck_counts(
        self, person: str, ahead: datetime, cutoff: datetime, new_cap: int, review_cap: int
    ) -> list[tuple[str, str, int, int, int]]:
        """Per present deck, in one statement: (path, title, new, learning, review) due.

        New cards and reviews are counted only up to the caps (the daily limits left), so
        a deck of 100,000 new cards costs no more than one of 20. Each count reads
        ``card_state_deck`` alone (``in_queue``).
        """
        rows = self.conn.execute(
            _DECK_COUNTS,
            (
                person, _FAR, new_cap,
                person, format_utc(ahead), -1,
                person, format_utc(cutoff), review_cap,
            ),
        ).fetchall()  # fmt: skip
        return [(str(p), str(t), int(n), int(lr), int(r)) for p, t, n, lr, r in rows]

    def any_buried_until(self, person: str, at: datetime) -> bool:
        """Whether any card of ``person`` is buried until ``at`` or earlier."""
        return (
            self.conn.execute(
                "SELECT 1 FROM card_state INDEXED BY card_state_queue "
                f"WHERE person = ? AND {in_queue(Queue.BURIED)} AND buried_until <= ? LIMIT 1",
                (person, format_utc(at)),
            ).fetchone()
            is not None
        )

    def buried_until_before(self, person: str, at: datetime) -> list[StateRow]:
        found = self.conn.execute(
            f"SELECT {STATE_COLUMNS} FROM card_state INDEXED BY card_state_queue "
            f"WHERE person = ? AND {in_queue(Queue.BURIED)} AND buried_until <= ?",
            (person, format_utc(at)),
        ).fetchall()
        return [state_row(values) for values in found]

    def of_note(self, person: str, note_id: str) -> list[StateRow]:
        """The person's rows of every card of the note (a card and its siblings)."""
        found = self.conn.execute(
            f"SELECT {STATE_COLUMNS} FROM card_state WHERE person = ? AND card IN "
            "(SELECT key FROM cards WHERE note_id = ?)",
            (person, note_id),
        ).fetchall()
        return [state_row(values) for values in found]
