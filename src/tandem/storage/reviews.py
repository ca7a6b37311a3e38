"""Provides queries on ``reviews``, the append-only review log.

An entry has a kind (``ReviewKind``, schema v5): answers (``review``, ``restart``, ``cram``),
resets and due dates set by hand (``manual``, schema v7, with the ``due`` it set), which
have no rating. Queries that count answers leave resets out; the memory
model's own reads take every kind and apply Anki's rules (``scheduling.history``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import islice, repeat
from operator import eq, ge, gt, itemgetter
from typing import Any

from tandem.models import FsrsState, Rating, Review, ReviewKind, format_utc, parse_utc
from tandem.storage.card_range import card_bounds
from tandem.storage.chunks import in_chunks

_COLUMNS = "id, card, person, rating, at, grader, duration_ms, kind, due"
_INSERT = f"INSERT INTO reviews ({_COLUMNS}, prev_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_WITH_DAYS = (
    f"INSERT INTO reviews ({_COLUMNS}, prev_state, day, gap) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
ANSWERS = "kind NOT IN ('reset', 'manual')"
"""The condition that keeps answers (every kind but resets and due dates set by hand)."""
MEMORY_ANSWERS = "kind IN ('review', 'restart')"
"""The condition that keeps the answers the memory model takes (no cramming, no resets)."""

Logged = tuple[str, int, ReviewKind, Rating | None, datetime, FsrsState, datetime | None]
"""One entry as a replay reads it: card, its row (``seq``), kind, rating, time, the card's
stored state before it, and the due date a ``manual`` entry set."""

EntryValues = tuple[ReviewKind, Rating | None, datetime, datetime | None]
"""An entry as a replay folds it: kind, rating, time, and the due date a ``manual`` entry
set (``scheduling.history.EntryValues``)."""

_EXPORT_LINE = (
    """'{"id": ' || json_quote(id) || ', "card": ' || json_quote(card)"""
    """ || ', "person": ' || json_quote(person)"""
    """ || CASE WHEN rating IS NULL THEN '' ELSE ', "rating": ' || rating END"""
    """ || ', "at": "' || CASE WHEN substr(at, 21, 6) = '000000' THEN substr(at, 1, 19)"""
    """ ELSE rtrim(substr(at, 1, 26), '0') END || 'Z", "grader": ' || json_quote(grader)"""
    """ || CASE WHEN duration_ms IS NULL THEN '' ELSE ', "duration_ms": ' || duration_ms END"""
    """ || CASE WHEN kind = 'review' THEN '' ELSE ', "kind": ' || json_quote(kind) END"""
    """ || CASE WHEN due IS NULL THEN '' ELSE ', "due": "' || CASE WHEN substr(due, 21, 6)"""
    """ = '000000' THEN substr(due, 1, 19) ELSE rtrim(substr(due, 1, 26), '0') END || 'Z"'"""
    """ END || '}'"""
)
"""A review's line of ``tandem log export``, written by SQLite: the text Python's
``json.dumps(..., ensure_ascii=False)`` gives for it (``services.reviewlog.review_line``;
a test holds the two to the same bytes), and the time as RFC 3339 with its fraction only
when it has one."""

CardLog = tuple[str, int, list[int], list[int], list[str] | None]
"""One card's log as the optimizer reads it (``scheduling.optimize_items.CardLog``)."""

_MANUAL_DUE = (
    "CASE WHEN kind = 'manual' THEN (SELECT m.due FROM reviews AS m WHERE m.seq = reviews.seq) END"
)
"""An entry's ``due``, read from the table only for a ``manual`` entry (the rest of a replay's
columns are in the index ``reviews_card``)."""

_SECONDARY_INDEXES = (
    "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'reviews' "
    "AND sql IS NOT NULL"
)
"""The log's own indexes (not the one behind ``UNIQUE``), with the statements making them."""

_RATINGS: dict[int | None, Rating | None] = {int(rating): rating for rating in Rating}
_RATINGS[None] = None
_ENTRIES_A_BATCH = 50_000
"""Log entries a replay of some cards reads at once: whole cards, up to this many entries (a
card holding more is read alone)."""
_CARDS_A_BATCH = 500
"""At most this many cards a batch (cards of a few entries each)."""
_STATES = {int(state): state for state in FsrsState}
_card_time_seq = itemgetter(0, 4, 1)
"""A log row's place in a replay: card, time, then the order the entries were made."""
_KINDS = {str(kind): kind for kind in ReviewKind}
NO_STATE = 255
"""A byte of ``set_prev_states_by_seq``'s states that sets nothing."""
_STATE_BYTE = re.compile(b"[^\\xff]")


def _review(values: tuple[Any, ...]) -> Review:
    rid, card, person, rating, at, grader, duration, kind, due = values
    return Review(
        id=str(rid),
        card=str(card),
        person=str(person),
        rating=_RATINGS[rating],
        at=parse_utc(str(at)),
        grader=str(grader),
        duration_ms=duration if duration is None else int(duration),
        kind=_KINDS[kind],
        due=None if due is None else parse_utc(str(due)),
    )


def review_values(review: Review, prev_state: FsrsState) -> tuple[object, ...]:
    """The row of ``review`` (with its card's state before it) that ``add_rows`` takes."""
    rating = None if review.rating is None else int(review.rating)
    return (review.id, review.card, review.person, rating, format_utc(review.at),
            review.grader, review.duration_ms, str(review.kind),
            None if review.due is None else format_utc(review.due), int(prev_state))  # fmt: skip


class ReviewsRepo:
    """Appends to and reads the review log (undo is the only deletion)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, review: Review, prev_state: FsrsState) -> None:
        self.conn.execute(_INSERT, review_values(review, prev_state))

    @contextmanager
    def indexes_after(self, entries: int) -> Iterator[LaterIndexes]:
        """Drops the log's secondary indexes while ``entries`` more than it holds are added,
        and makes them again after (in the caller's transaction: a failure brings them
        back): one sort each instead of a random insert per review. With fewer entries
        than the log holds, nothing changes.

        A replay of what was added reads the log by card and writes each entry's state
        before: ``LaterIndexes.for_replay`` makes the indexes it reads at once and leaves
        those holding ``prev_state`` for the end, so that its writes touch the rows only.
        """
        rebuilt = []
        if entries > int(self.conn.execute("SELECT count(*) FROM main.reviews").fetchone()[0]):
            rebuilt = self.conn.execute(_SECONDARY_INDEXES).fetchall()
        for name, _ in rebuilt:
            self.conn.execute(f'DROP INDEX main."{name}"')  # a name from our own schema
        later = LaterIndexes(self.conn, [str(sql) for _, sql in rebuilt])
        yield later
        later.make(lambda _: True)

    def add_many(self, reviews: Iterable[tuple[Review, FsrsState]]) -> None:
        """Appends reviews, each with the state its card was in before it, in one statement."""
        self.conn.executemany(_INSERT, [review_values(review, prev) for review, prev in reviews])

    def add_rows(self, rows: Iterable[tuple[object, ...]]) -> int:
        """Appends reviews given as ``review_values`` rows (made elsewhere, such as in a
        worker process, or as a file is read: an iterator is taken as it goes), in one
        statement. Returns how many were added."""
        return int(self.conn.executemany(_INSERT, rows).rowcount)

    def add_rows_with_days(self, rows: Iterable[tuple[object, ...]]) -> int:
        """``add_rows`` of rows that carry the review's study day and gap after its
        ``review_values`` (worked out as its history was replayed: ``StudyDays.paired``
        does the rest). Returns how many were added."""
        return int(self.conn.executemany(_INSERT_WITH_DAYS, rows).rowcount)

    def add_rows_of_new_ids(self, rows: Iterable[tuple[object, ...]]) -> int | None:
        """``add_rows``, or ``None`` at the first row whose id the log has already (a row
        before it among them too): then the rows before it are in; roll the write back."""
        try:
            return self.add_rows(rows)
        except sqlite3.IntegrityError as error:
            if str(error) != "UNIQUE constraint failed: reviews.id":
                raise
            return None

    def remove(self, review_id: str) -> bool:
        """Deletes one review (used by undo only). Returns whether it existed.

        The card's other reviews get their study days and gaps worked out again
        (``study_days``): the gap of the one after it changes."""
        row = self.conn.execute(
            "DELETE FROM reviews WHERE id = ? RETURNING person, card", (review_id,)
        ).fetchone()
        if row is None:
            return False
        self._days_changed(str(row[0]), str(row[1]))
        return True

    def _days_changed(self, person: str, card: str) -> None:
        """Marks ``person``'s reviews of ``card`` for ``StudyDays.refresh``."""
        self.conn.execute(
            "UPDATE reviews SET day = NULL WHERE person = ? AND card = ?", (person, card)
        )

    def empty(self) -> bool:
        """Whether the log holds no entry at all (of anyone)."""
        return self.conn.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        known: set[str] = set()
        for chunk, marks in in_chunks(ids):
            rows = self.conn.execute(f"SELECT id FROM reviews WHERE id IN ({marks})", chunk)
            known.update(row[0] for row in rows)
        return known

    def moments(self, person: str, cards: Iterable[str]) -> list[tuple[str, str, str]]:
        """``(card, time to the millisecond, id)`` of every entry of ``person`` on ``cards``
        (one per entry: two entries of one millisecond give two): what makes a review the
        same review whatever id another program gave it."""
        found: list[tuple[str, str, str]] = []
        for chunk, marks in in_chunks(sorted(set(cards))):
            rows = self.conn.execute(
                f"SELECT card, substr(at, 1, 23), id FROM reviews "
                f"WHERE person = ? AND card IN ({marks})",
                [person, *chunk],
            )
            found.extend(rows)
        return found

    def manual_dues(self, person: str, cards: Iterable[str]) -> set[tuple[str, datetime]]:
        """``(card, due)`` of every due date set by hand in ``person``'s log on ``cards``."""
        found: set[tuple[str, datetime]] = set()
        for chunk, marks in in_chunks(sorted(set(cards))):
            rows = self.conn.execute(
                f"SELECT card, due FROM reviews WHERE person = ? AND kind = 'manual' "
                f"AND due IS NOT NULL AND card IN ({marks})",
                [person, *chunk],
            )
            found.update((str(card), parse_utc(str(due))) for card, due in rows)
        return found

    def by_ids(self, ids: Iterable[str]) -> dict[str, Review]:
        """The reviews of these ids that are here, by id."""
        found: dict[str, Review] = {}
        for chunk, marks in in_chunks(ids):
            rows = self.conn.execute(f"SELECT {_COLUMNS} FROM reviews WHERE id IN ({marks})", chunk)
            found.update((review.id, review) for review in map(_review, rows))
        return found

    def for_card(self, person: str, card: str) -> list[Review]:
        """``person``'s reviews of ``card``, oldest first (by ``reviews_card``: without
        statistics SQLite would walk all the person's reviews in time order instead)."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews INDEXED BY reviews_card "
            "WHERE person = ? AND card = ? ORDER BY at, seq",
            (person, card),
        ).fetchall()
        return [_review(row) for row in rows]

    def of_card(self, card: str) -> list[Review]:
        """Everyone's reviews of ``card``, oldest first (one ``reviews_card`` lookup per
        person: every review's person is one, and no index starts with the card)."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews INDEXED BY reviews_card "
            "WHERE person IN (SELECT name FROM people) AND card = ? ORDER BY at, seq",
            (card,),
        ).fetchall()
        return [_review(row) for row in rows]

    def move_card(self, old: str, new: str) -> dict[str, int]:
        """Puts the reviews of card ``old`` on card ``new`` (a merge: ``AliasesRepo``).

        Returns:
            How many reviews each person had on ``old``.
        """
        rows = self.conn.execute(
            "SELECT person, count(*) FROM reviews WHERE card = ? GROUP BY person", (old,)
        ).fetchall()
        self.conn.execute("UPDATE reviews SET card = ?, day = NULL WHERE card = ?", (new, old))
        for person, _count in rows:
            self._days_changed(str(person), new)
        return {str(person): int(count) for person, count in rows}

    def for_person(self, person: str) -> Iterator[Review]:
        """Every entry of ``person``'s log (resets included), oldest first."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE person = ? ORDER BY at, seq", (person,)
        ).fetchall()
        return (_review(row) for row in rows)

    def moments_in_order(self, person: str) -> Iterator[tuple[str, str, int, str]]:
        """``(id, card, time in whole milliseconds since the epoch, kind)`` of every entry of
        ``person``'s log, oldest first (then in log order, as ``for_person``): what an
        entry's revlog id in an export depends on. The milliseconds are worked out in SQL
        from the stored text, exactly (whole seconds, then the text's milliseconds). Read
        from one cursor as it is consumed: do not write to the database while iterating."""
        return self.conn.execute(
            "SELECT id, card, CAST(strftime('%s', substr(at, 1, 19)) AS INTEGER) * 1000 "
            "+ CAST(substr(at, 21, 3) AS INTEGER), kind FROM reviews WHERE person = ? "
            "ORDER BY at, seq",
            (person,),
        )

    def export_batches(self, person: str, size: int = 20_000) -> Iterator[list[str]]:
        """``person``'s log as ``tandem log export`` lines, oldest first, ``size`` at a time.

        Read from one cursor as it is consumed (no review is made into an object): memory
        stays flat however long the log. Do not write to the database while iterating.
        """
        cursor = self.conn.execute(
            f"SELECT {_EXPORT_LINE} FROM reviews WHERE person = ? ORDER BY at, seq", (person,)
        )
        while rows := cursor.fetchmany(size):
            yield [line for (line,) in rows]

    def card_at(self, person: str, entry: int) -> str | None:
        """The card of ``person``'s ``entry``-th entry (from 0) in card order (a point to
        split their log at), or ``None`` past the end."""
        found = self.conn.execute(
            "SELECT card FROM reviews INDEXED BY reviews_card WHERE person = ? "
            "ORDER BY card LIMIT 1 OFFSET ?",
            (person, entry),
        ).fetchone()
        return None if found is None else str(found[0])

    def cuts(self, person: str, entries: int) -> list[str]:
        """Cards that cut ``person``'s log, in card order, into pieces of about ``entries``
        entries each (a piece starts at a cut, and a card is never cut; a card with more
        entries makes a longer piece): one pass over the index ``reviews_card``."""
        found: list[str] = []
        start = ""
        while True:
            row = self.conn.execute(
                "SELECT card FROM reviews INDEXED BY reviews_card WHERE person = ? "
                "AND card >= ? ORDER BY card LIMIT 1 OFFSET ?",
                (person, start, entries),
            ).fetchone()
            if row is not None and row[0] == start:  # one card of more entries: after it
                row = self.conn.execute(
                    "SELECT min(card) FROM reviews WHERE person = ? AND card > ?",
                    (person, start),
                ).fetchone()
            if row is None or row[0] is None:
                return found
            start = str(row[0])
            found.append(start)

    def history_batches(
        self,
        person: str,
        size: int = 50_000,
        *,
        stored: bool = True,
        first: str = "",
        before: str | None = None,
    ) -> Iterator[list[Logged]]:
        """``person``'s log as (card, seq, kind, rating, time, stored state before, due date
        a ``manual`` entry set),
        card by card, each card's entries in the order they were made (for a replay).

        The rows come in batches of ``size``, each read whole before it is given (no cursor
        stays open while the caller writes): memory stays bounded however long the log.
        Without ``stored`` the state before each entry is given as NEW, not read: then only
        the index ``reviews_card`` is read, not the table (a check that writes nothing).
        Only the cards from ``first`` on, and before ``before`` when it is given.
        """
        prev_state = "prev_state" if stored else "0"
        # (a due date set by hand is rare: read from the table for those entries only)
        due = "due" if stored else _MANUAL_DUE
        columns = f"card, seq, kind, rating, at, {prev_state}, {due}"
        for rows in self._in_card_order(person, columns, size, first, before):
            yield _logged(rows)

    def card_logs(
        self, person: str, *, first: str = "", before: str | None = None
    ) -> Iterator[list[tuple[str, list[EntryValues]]]]:
        """``person``'s log card by card, each card's as the values
        ``scheduling.history.fold`` takes (kind, rating, time, due date a ``manual`` entry
        set) in the order they were made: a check's read. The cards from ``first`` to
        before ``before``, in batches of about ``CARD_LOGS_ENTRIES`` entries.

        SQLite gives one row per card, its columns joined (read from the index
        ``reviews_card`` alone), split and decoded without a Python statement per entry; a
        card with entries at one time or a due date set by hand (rare) is read again.
        """
        after: str | None = None
        cards = max(CARD_LOGS_ENTRIES // 50, 1)  # first as if ~50 entries a card
        while True:
            rows = self.conn.execute(
                _CARD_LOGS.format(bounds=card_bounds(after, before)),
                {"person": person, "first": first, "after": after, "before": before, "size": cards},
            ).fetchall()
            if not rows:
                return
            after = str(rows[-1][0])
            logs = [(str(card), _entries(kinds, ratings, times) or self._card_log(person, card))
                    for card, kinds, ratings, times in rows]  # fmt: skip
            yield logs
            entries = sum(len(log) for _, log in logs)  # next: about as many entries
            cards = min(max(cards * CARD_LOGS_ENTRIES // max(entries, 1), 1), 50_000)

    def _card_log(self, person: str, card: str) -> list[EntryValues]:
        """One card's log as ``card_logs`` gives it, read in the order it was made."""
        rows = self.conn.execute(_CARD_LOG_IN_ORDER, (person, card)).fetchall()
        parse = datetime.fromisoformat
        return [(_KINDS[kind], _RATINGS[rating], parse(at), None if due is None else parse(due))
                for kind, rating, at, due in rows]  # fmt: skip

    def _in_card_order(
        self, person: str, columns: str, size: int, first: str, before: str | None
    ) -> Iterator[list[Any]]:
        """``person``'s log rows of ``columns`` (card, seq, kind, rating and time first, in
        that order) card by card, in the order each card's entries were made, ``size``
        at a time, each batch read whole; the cards from ``first`` to before ``before``."""
        select = f"SELECT {columns} FROM reviews"
        # In the index's own order (card, time, then kind and rating): no sort; entries of
        # one card at one time (rare) are put in the order they were made (``seq``) here.
        after: tuple[str, str] = (first, "")
        upper = "" if before is None else "AND card < :before "  # (a bound, not a filter)
        while True:
            rows = self.conn.execute(
                f"{select} INDEXED BY reviews_card WHERE person = :person "
                f"AND (card, at) > (:card, :at) {upper}ORDER BY card, at LIMIT :size",
                {
                    "person": person,
                    "card": after[0],
                    "at": after[1],
                    "before": before,
                    "size": size,
                },
            ).fetchall()
            if not rows:
                return
            last = rows[-1]
            after = (str(last[0]), str(last[4]))
            if len(rows) == size:  # entries at the batch's last time may go on: read them all
                while rows and (rows[-1][0], rows[-1][4]) == after:
                    rows.pop()
                rows += self.conn.execute(
                    f"{select} WHERE person = ? AND card = ? AND at = ? ORDER BY seq",
                    (person, *after),
                ).fetchall()
            times = [row[4] for row in rows]
            if any(map(eq, times, islice(times, 1, None))):
                rows.sort(key=_card_time_seq)
            yield rows

    def history_of(self, person: str, cards: Iterable[str]) -> list[Logged]:
        """``person``'s log of ``cards`` only, as ``history_batches`` gives it (one list)."""
        return [entry for batch in self.history_batches_of(person, cards) for entry in batch]

    def history_batches_of(
        self, person: str, cards: Iterable[str], size: int = _ENTRIES_A_BATCH
    ) -> Iterator[list[Logged]]:
        """``person``'s log of ``cards`` only, in card order, a batch of whole cards of up
        to ``size`` entries at a time (a card holding more is a batch of its own): an import
        of ten million reviews of 1,000 cards never holds them all (451 MB held a million;
        batches of 50 cards, 500,000 entries of ten million, 531 MB)."""
        for group in self._cards_in_groups(person, sorted(set(cards)), size):
            marks = ", ".join("?" * len(group))
            rows = self.conn.execute(
                "SELECT card, seq, kind, rating, at, prev_state, due FROM reviews "
                f"WHERE person = ? AND card IN ({marks}) ORDER BY card, at, seq",
                (person, *group),
            ).fetchall()
            yield _logged(rows)

    def _cards_in_groups(self, person: str, cards: list[str], size: int) -> Iterator[list[str]]:
        """``cards`` in order, cut into groups of up to ``size`` log entries of ``person``
        (counted off the index ``reviews_card``) and ``_CARDS_A_BATCH`` cards."""
        group: list[str] = []
        entries = 0
        for chunk, marks in in_chunks(cards, _CARDS_A_BATCH):
            counts = dict(
                self.conn.execute(
                    f"SELECT card, count(*) FROM reviews WHERE person = ? AND card IN ({marks})"
                    " GROUP BY card",
                    (person, *chunk),
                ).fetchall()
            )
            for card in chunk:
                count = counts.get(card, 0)
                if group and (entries + count > size or len(group) == _CARDS_A_BATCH):
                    yield group
                    group, entries = [], 0
                group.append(card)
                entries += count
        if group:
            yield group

    def memory_log(
        self, person: str
    ) -> list[tuple[str, int, list[int], list[int], list[str] | None]]:
        """``person``'s log card by card, cards in number (``pos``) order, each in time order:
        (card, number, ratings (0 for a reset), times in milliseconds since 1970, kinds or
        ``None`` when all are answers) — the optimizer's input.

        One row a card, its columns joined by SQLite and split here: a million entries make
        no Python object each, only their numbers. The groups are read straight off the index
        ``reviews_card`` (person, card, time): each card's entries come in time order, and
        SQLite sorts nothing but the cards.
        """
        rows = self.conn.execute(
            "SELECT g.card, c.pos, g.ratings, g.times, g.kinds FROM ("
            " SELECT card, group_concat(coalesce(rating, 0)) AS ratings,"
            "  group_concat(CAST(round((julianday(at) - 2440587.5) * 86400000) AS INTEGER))"
            "   AS times,"
            "  CASE WHEN sum(kind <> 'review') THEN group_concat(kind) END AS kinds"
            " FROM reviews INDEXED BY reviews_card WHERE person = ? GROUP BY card) g"
            " JOIN cards c ON c.key = g.card ORDER BY c.pos",
            (person,),
        )
        logs = []
        for card, pos, ratings, times, kinds in rows:
            entries = (
                list(map(int, ratings.split(","))),
                list(map(int, times.split(","))),
                None if kinds is None else kinds.split(","),
            )
            if any(map(gt, entries[1], entries[1][1:])):
                entries = _in_time_order(*entries)  # group_concat keeps the rows' order
            logs.append((card, pos, *entries))
        return logs

    def answer_facts(self, person: str) -> list[tuple[Rating, FsrsState, int | None]]:
        """Each of ``person``'s memory answers as (rating, state before it, duration in ms)."""
        rows = self.conn.execute(
            "SELECT rating, prev_state, duration_ms FROM reviews "
            f"WHERE person = ? AND {MEMORY_ANSWERS}",
            (person,),
        ).fetchall()
        return [(Rating(rating), _STATES[prev], duration) for rating, prev, duration in rows]

    def prev_states(self, person: str) -> dict[str, FsrsState]:
        """Review id -> the card's state before that entry, for each of ``person``'s."""
        rows = self.conn.execute("SELECT id, prev_state FROM reviews WHERE person = ?", (person,))
        return {str(rid): _STATES[prev] for rid, prev in rows}

    def set_prev_state(self, review_id: str, prev_state: FsrsState) -> None:
        """Corrects the state before an entry; its card's study figures are worked out
        again (``study_days``: which answers pair for calibration depends on it)."""
        self.conn.execute(
            "UPDATE reviews SET prev_state = ?, day = NULL WHERE id = ? AND prev_state != ?",
            (int(prev_state), review_id, int(prev_state)),
        )

    def set_prev_states_by_seq(self, states: bytes | bytearray) -> int:
        """Sets the state before each entry whose ``seq`` indexes a byte of ``states`` other
        than ``NO_STATE`` (a replay's: one byte a row, so a million entries take a megabyte),
        in one statement: one pass over the table in ``seq`` order, SQLite reading each
        row's byte from the blob, writing only the rows that change. Returns how many rows
        changed."""
        first = _STATE_BYTE.search(states)
        if first is None:
            return 0
        state = "instr(x'00010203', substr(?1, seq + 1, 1)) - 1"  # the byte as a number
        cursor = self.conn.execute(
            f"UPDATE reviews SET prev_state = {state} WHERE seq BETWEEN ?2 AND ?3 "
            f"AND substr(?1, seq + 1, 1) <> x'{NO_STATE:02x}' AND prev_state <> {state}",
            (bytes(states), first.start(), len(states) - 1),
        )
        return int(cursor.rowcount)

    def done_since(self, person: str, since: datetime) -> tuple[int, int]:
        """How many new cards and how many reviews ``person`` answered since ``since``."""
        new, review = self.conn.execute(
            "SELECT count(*) FILTER (WHERE prev_state = ?), count(*) FILTER (WHERE prev_state = ?) "
            f"FROM reviews WHERE person = ? AND at >= ? AND {MEMORY_ANSWERS}",
            (int(FsrsState.NEW), int(FsrsState.REVIEW), person, format_utc(since)),
        ).fetchone()
        return int(new), int(review)

    def count(self, person: str | None = None) -> int:
        if person is None:
            return int(self.conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
        return int(
            self.conn.execute(
                "SELECT count(*) FROM reviews WHERE person = ?", (person,)
            ).fetchone()[0]
        )


class LaterIndexes:
    """The log's indexes that ``ReviewsRepo.indexes_after`` dropped and makes again."""

    def __init__(self, conn: sqlite3.Connection, statements: list[str]) -> None:
        self.conn = conn
        self.statements = statements

    def for_replay(self) -> None:
        """Makes now the dropped indexes that do not hold ``prev_state``: a replay reads
        the log by card (``reviews_card``), and sets each entry's state before without
        updating an index entry for it."""
        self.make(lambda sql: "prev_state" not in sql)

    def make(self, wanted: Callable[[str], bool]) -> None:
        """Makes the dropped indexes whose ``CREATE INDEX`` statement ``wanted`` accepts."""
        for sql in [sql for sql in self.statements if wanted(sql)]:
            self.conn.execute(sql)
            self.statements.remove(sql)


def _in_time_order(
    ratings: list[int], times: list[int], kinds: list[str] | None
) -> tuple[list[int], list[int], list[str] | None]:
    """One card's columns sorted by time (ties keep their order)."""
    order = sorted(range(len(times)), key=times.__getitem__)
    return (
        [ratings[i] for i in order],
        [times[i] for i in order],
        None if kinds is None else [kinds[i] for i in order],
    )


_CARD_LOGS = (
    "SELECT card, group_concat(kind, ','), group_concat(coalesce(rating, 0), ','), "
    "group_concat(at, ',') FROM reviews INDEXED BY reviews_card WHERE person = :person "
    "AND {bounds} GROUP BY card ORDER BY card LIMIT :size"
)
"""Each card's kinds, ratings (0 for none: group_concat leaves NULLs out) and times, joined
in the index's order (time, then kind and rating); ``bounds`` from ``card_bounds``."""
_CARD_LOG_IN_ORDER = (
    "SELECT kind, rating, at, due FROM reviews WHERE person = ? AND card = ? ORDER BY at, seq"
)
CARD_LOGS_ENTRIES = 50_000
"""About how many entries ``card_logs`` reads at once (a batch is whole cards)."""
_RATING_TEXT: dict[str, Rating | None] = {str(int(rating)): rating for rating in Rating}
_RATING_TEXT["0"] = None


def _entries(kinds: str, ratings: str, times: str) -> list[EntryValues] | None:
    """One card's entries from its columns joined by commas; ``None`` when the card has
    entries at one time (the index orders them by kind, not as made) or a due date set by
    hand (not in the index), both rare: then its log is read again (``_CARD_LOG_IN_ORDER``)."""
    at = times.split(",")
    if "manual" in kinds or any(map(ge, at, islice(at, 1, None))):
        return None
    return list(zip(map(_KINDS.__getitem__, kinds.split(",")),
                    map(_RATING_TEXT.__getitem__, ratings.split(",")),
                    map(datetime.fromisoformat, at), repeat(None), strict=False))  # fmt: skip


def _logged(rows: list[Any]) -> list[Logged]:
    """Rows of (card, seq, kind, rating, at, prev_state, due) as a replay reads them."""
    ratings, states, kinds, parse = _RATINGS, _STATES, _KINDS, datetime.fromisoformat
    return [(card, seq, kinds[kind], ratings[rating], parse(at), states[prev],
             None if due is None else parse(due))
            for card, seq, kind, rating, at, prev, due in rows]  # fmt: skip
