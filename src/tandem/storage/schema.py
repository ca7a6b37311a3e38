"""Provides the schema as numbered migrations (``PRAGMA user_version``).

A migration is a list of steps: SQL statements, or functions given the connection (for a
step that sqlite-utils makes, such as the full-text index).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = str | Callable[[sqlite3.Connection], None]

_V1 = [
    """CREATE TABLE people (
        name TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE decks (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        date TEXT,
        partners TEXT NOT NULL DEFAULT '[]',
        tags TEXT NOT NULL DEFAULT '[]',
        size INTEGER,
        mtime_ns INTEGER,
        sha256 TEXT,
        present INTEGER NOT NULL DEFAULT 1
    )""",
    """CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        deck_id INTEGER NOT NULL REFERENCES decks(id),
        kind TEXT NOT NULL CHECK (kind IN ('basic', 'cloze')),
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        author TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        reverse INTEGER NOT NULL DEFAULT 0,
        guid TEXT,
        content_hash TEXT NOT NULL,
        position INTEGER NOT NULL,
        retired INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX notes_deck ON notes(deck_id, position)",
    """CREATE TABLE cards (
        key TEXT PRIMARY KEY,
        note_id TEXT NOT NULL REFERENCES notes(id),
        variant TEXT NOT NULL,
        pos INTEGER NOT NULL,
        retired INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX cards_note ON cards(note_id)",
    "CREATE UNIQUE INDEX cards_pos ON cards(pos)",
    """CREATE TABLE card_state (
        person TEXT NOT NULL REFERENCES people(name),
        card TEXT NOT NULL REFERENCES cards(key),
        deck_id INTEGER NOT NULL,
        pos INTEGER NOT NULL,
        queue INTEGER NOT NULL,
        state INTEGER NOT NULL DEFAULT 0,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT NOT NULL,
        last_review TEXT,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        buried_until TEXT,
        leech INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (person, card)
    ) WITHOUT ROWID""",
    "CREATE INDEX card_state_queue ON card_state(person, queue, due, pos)",
    "CREATE INDEX card_state_deck ON card_state(person, deck_id, queue, due)",
    """CREATE TABLE reviews (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        card TEXT NOT NULL REFERENCES cards(key),
        person TEXT NOT NULL REFERENCES people(name),
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        at TEXT NOT NULL,
        grader TEXT NOT NULL,
        duration_ms INTEGER,
        prev_state INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX reviews_person_at ON reviews(person, at)",
    "CREATE INDEX reviews_card ON reviews(person, card, at)",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
]

_V2 = [
    """CREATE TABLE quizzes (
        id INTEGER PRIMARY KEY,
        asker TEXT NOT NULL REFERENCES people(name),
        answerer TEXT NOT NULL REFERENCES people(name),
        scope TEXT NOT NULL,
        swap_every INTEGER NOT NULL,
        since_swap INTEGER NOT NULL DEFAULT 0,
        card TEXT,
        revealed INTEGER NOT NULL DEFAULT 0,
        tries INTEGER NOT NULL DEFAULT 1,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended')),
        version INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        ended_at TEXT
    )""",
    "CREATE INDEX quizzes_open ON quizzes(status, id)",
    """CREATE TABLE quiz_presence (
        quiz_id INTEGER NOT NULL REFERENCES quizzes(id),
        person TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (quiz_id, person)
    ) WITHOUT ROWID""",
    """CREATE TABLE quiz_grades (
        quiz_id INTEGER NOT NULL REFERENCES quizzes(id),
        review_id TEXT NOT NULL,
        answerer TEXT NOT NULL,
        asker TEXT NOT NULL,
        card TEXT NOT NULL,
        rating INTEGER NOT NULL,
        tries INTEGER NOT NULL,
        PRIMARY KEY (quiz_id, review_id)
    ) WITHOUT ROWID""",
]

_QUEUE_RULE = (
    "CASE WHEN retired THEN -3 WHEN suspended THEN -1 WHEN buried_until IS NOT NULL THEN -2 "
    "WHEN state = 0 THEN 0 WHEN state = 2 THEN 2 ELSE 1 END"
)
"""The queue a card is in: hidden by its flags, else its FSRS state's (``states.queue_of``)."""

_V3 = [
    # The queue becomes a generated column: written nowhere, derived by SQLite from the
    # flags and the state. Retirement moves into the row as a flag like the others.
    "DROP INDEX card_state_queue",
    "DROP INDEX card_state_deck",
    "ALTER TABLE card_state ADD COLUMN retired INTEGER NOT NULL DEFAULT 0",
    "UPDATE card_state SET retired = 1 WHERE card IN (SELECT key FROM cards WHERE retired = 1)",
    "UPDATE card_state SET buried_until = NULL WHERE queue >= 0",
    "ALTER TABLE card_state DROP COLUMN queue",
    f"ALTER TABLE card_state ADD COLUMN queue INTEGER GENERATED ALWAYS AS ({_QUEUE_RULE}) VIRTUAL",
    "CREATE INDEX card_state_queue ON card_state(person, queue, due, pos)",
    "CREATE INDEX card_state_deck ON card_state(person, deck_id, queue, due)",
]


def _notes_search(conn: sqlite3.Connection) -> None:
    """Full-text search over the notes (FTS5, kept in step by triggers; ``search``)."""
    from tandem.storage.search import enable_notes_search

    enable_notes_search(conn)


_V4: list[Migration] = [_notes_search]

_V5_KINDS = ("review", "restart", "cram", "reset")
REVIEW_KINDS = (*_V5_KINDS, "manual")
"""``ReviewKind``'s values: which entries Anki's history rules take (docs/scheduling.md)."""

_V5 = [
    # The log says what each entry is (``ReviewKind``): a reset has no rating, so the table is
    # made again (SQLite cannot change a column's constraints in place).
    f"""CREATE TABLE reviews_v5 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        card TEXT NOT NULL REFERENCES cards(key),
        person TEXT NOT NULL REFERENCES people(name),
        rating INTEGER CHECK (CASE WHEN kind = 'reset' THEN rating IS NULL
                                   ELSE coalesce(rating BETWEEN 1 AND 4, 0) END),
        at TEXT NOT NULL,
        grader TEXT NOT NULL,
        duration_ms INTEGER,
        prev_state INTEGER NOT NULL DEFAULT 0,
        kind TEXT NOT NULL DEFAULT 'review' CHECK (kind IN {_V5_KINDS!r})
    )""",
    "INSERT INTO reviews_v5 (seq, id, card, person, rating, at, grader, duration_ms, prev_state) "
    "SELECT seq, id, card, person, rating, at, grader, duration_ms, prev_state FROM reviews",
    "DROP TABLE reviews",
    "ALTER TABLE reviews_v5 RENAME TO reviews",
    "CREATE INDEX reviews_person_at ON reviews(person, at)",
    # A card's log in order, with what replays and the optimizer read (no table lookups).
    "CREATE INDEX reviews_card ON reviews(person, card, at, kind, rating)",
]


def _states_rebuild_due(conn: sqlite3.Connection) -> None:
    """States follow new rules from v5 on (study days, Anki's history rules, leeches from
    the log): the services rebuild them from the log when they next open the database."""
    from tandem.storage.app_settings import note_rebuild_due

    note_rebuild_due(conn, "schema v5 (Anki's study days, history rules and leeches)")


_V6 = [
    # A card whose history moved onto another (two ids given to one card, a clash resolved
    # by hand; ``tandem cards merge``): reviews of ``old`` that arrive later, from a log
    # file or another device, land on ``new``. ``new`` is never itself an ``old``.
    """CREATE TABLE card_aliases (
        old TEXT PRIMARY KEY REFERENCES cards(key),
        new TEXT NOT NULL REFERENCES cards(key),
        merged_at TEXT NOT NULL,
        CHECK (old <> new)
    ) WITHOUT ROWID""",
    "CREATE INDEX card_aliases_new ON card_aliases(new)",
]

_V7 = [
    # A due date set by hand is an entry of the log (``manual``, as Anki's set due date
    # writes one): no rating, and the due date it sets, so a replay gives it back.
    f"""CREATE TABLE reviews_v7 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        card TEXT NOT NULL REFERENCES cards(key),
        person TEXT NOT NULL REFERENCES people(name),
        rating INTEGER CHECK (CASE WHEN kind IN ('reset', 'manual') THEN rating IS NULL
                                   ELSE coalesce(rating BETWEEN 1 AND 4, 0) END),
        at TEXT NOT NULL,
        grader TEXT NOT NULL,
        duration_ms INTEGER,
        prev_state INTEGER NOT NULL DEFAULT 0,
        kind TEXT NOT NULL DEFAULT 'review' CHECK (kind IN {REVIEW_KINDS!r}),
        due TEXT CHECK ((kind = 'manual') = (due IS NOT NULL))
    )""",
    "INSERT INTO reviews_v7 (seq, id, card, person, rating, at, grader, duration_ms, "
    "prev_state, kind) SELECT seq, id, card, person, rating, at, grader, duration_ms, "
    "prev_state, kind FROM reviews",
    "DROP TABLE reviews",
    "ALTER TABLE reviews_v7 RENAME TO reviews",
    "CREATE INDEX reviews_person_at ON reviews(person, at)",
    "CREATE INDEX reviews_card ON reviews(person, card, at, kind, rating)",
    # The browser's sorts (``storage.card_query``): a person's cards in the order of each
    # value, so the first rows of a sort are read from the index, not sorted from all of
    # them. Partial: a new card has none of these values, and costs no index entry.
    "CREATE INDEX card_state_by_due ON card_state(person, due) WHERE state > 0",
    "CREATE INDEX card_state_by_interval "
    "ON card_state(person, julianday(due) - julianday(last_review)) WHERE state > 0",
    "CREATE INDEX card_state_by_stability ON card_state(person, stability) "
    "WHERE stability IS NOT NULL",
    "CREATE INDEX card_state_by_difficulty ON card_state(person, difficulty) "
    "WHERE difficulty IS NOT NULL",
    "CREATE INDEX card_state_by_lapses ON card_state(person, lapses) WHERE reps > 0",
    "CREATE INDEX card_state_by_last_review ON card_state(person, last_review) "
    "WHERE last_review IS NOT NULL",
]

STATS_INDEX = (
    # Per person and study day, with what the figures count (activity, retention, streak,
    # graders, calibration).
    "CREATE INDEX reviews_person_day ON reviews(person, day, kind, prev_state, gap, rating, "
    "duration_ms, grader, paired)"
)
STATS_COLUMNS = [
    # What statistics read per review, stored so that they aggregate in SQL (``study_days``):
    # its study day (``date.toordinal`` by the person's day boundary; NULL: not worked out
    # yet) and the study days since the card's previous memory answer (NULL: none).
    "ALTER TABLE reviews ADD COLUMN day INTEGER",
    "ALTER TABLE reviews ADD COLUMN gap INTEGER",
    # On an answer graded by a partner: the nearest self-grade of the card within 30 days
    # minus this grade (calibration; NULL: none, or not a partner's grade).
    "ALTER TABLE reviews ADD COLUMN paired INTEGER",
    # The day boundary (``DayBoundary.key``) each person's stored days were worked out by.
    """CREATE TABLE review_days (
        person TEXT PRIMARY KEY REFERENCES people(name),
        boundary TEXT NOT NULL
    ) WITHOUT ROWID""",
    STATS_INDEX,
    # A card's answers per grader in time order: the self-graded answer nearest a partner's
    # grade (calibration) is one step along it.
    "CREATE INDEX reviews_card_grader ON reviews(person, card, grader, at, kind, prev_state, "
    "rating)",
]
"""Schema v8: the review log's study days (filled by ``StudyDays.refresh`` on first use)."""

_V9 = [
    # A note's extra fields (``F: Name: text`` lines; an Anki note type's fields past the
    # second), as a JSON array of [name, text] pairs in file order.
    "ALTER TABLE notes ADD COLUMN fields TEXT NOT NULL DEFAULT '[]'",
    # Files read before were read without fields: the next sync reads every file again.
    "UPDATE decks SET size = NULL, mtime_ns = NULL, sha256 = NULL",
]


def _v10(conn: sqlite3.Connection) -> None:
    """Search reads the extra fields too: their text in a column of its own (``notes``'
    ``fields`` is JSON, whose escapes would split words), and the index made anew over it."""
    from tandem.storage.search import notes_search_statements

    conn.execute("ALTER TABLE notes ADD COLUMN fields_text TEXT NOT NULL DEFAULT ''")
    conn.execute(
        "UPDATE notes SET fields_text = coalesce((SELECT group_concat("
        "json_extract(f.value, '$[1]'), char(10)) FROM json_each(notes.fields) AS f), '') "
        "WHERE fields <> '[]'"
    )
    for statement in notes_search_statements():
        conn.execute(statement)


MATURE_GAP = 21
"""A review tests a mature card when at least this many study days passed since the card's
previous memory answer (``reviews.gap``; Anki's 21 days)."""

DAY_SUMS = [
    # What the per-day figures add up, per person, study day, kind and state before, so a
    # year of figures reads a few hundred rows instead of every review (``study_days``).
    f"""CREATE TABLE review_day_sums (
        person TEXT NOT NULL,
        day INTEGER NOT NULL,
        kind TEXT NOT NULL,
        prev_state INTEGER NOT NULL,
        reviews INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        passed INTEGER NOT NULL,    -- rating above Again
        mature INTEGER NOT NULL,    -- gap >= {MATURE_GAP}
        mature_passed INTEGER NOT NULL,
        pairs INTEGER NOT NULL,     -- partner grades paired with a self-grade (reviews.paired)
        generous INTEGER NOT NULL,
        same INTEGER NOT NULL,
        stricter INTEGER NOT NULL,
        paired_total INTEGER NOT NULL,
        PRIMARY KEY (person, day, kind, prev_state)
    ) WITHOUT ROWID""",
    # The (person, day) pairs whose sums are out of date: every change to a review that has
    # a study day marks its day, whoever makes it; the next figures sum those days again.
    """CREATE TABLE review_days_changed (
        person TEXT NOT NULL,
        day INTEGER NOT NULL,
        PRIMARY KEY (person, day)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER reviews_insert_day AFTER INSERT ON reviews WHEN new.day IS NOT NULL
    BEGIN INSERT OR IGNORE INTO review_days_changed VALUES (new.person, new.day); END""",
    """CREATE TRIGGER reviews_delete_day AFTER DELETE ON reviews WHEN old.day IS NOT NULL
    BEGIN INSERT OR IGNORE INTO review_days_changed VALUES (old.person, old.day); END""",
    """CREATE TRIGGER reviews_update_day AFTER UPDATE ON reviews
    WHEN old.day IS NOT NULL OR new.day IS NOT NULL BEGIN
        INSERT OR IGNORE INTO review_days_changed
            SELECT old.person, old.day WHERE old.day IS NOT NULL;
        INSERT OR IGNORE INTO review_days_changed
            SELECT new.person, new.day WHERE new.day IS NOT NULL;
    END""",
    "INSERT INTO review_days_changed SELECT DISTINCT person, day FROM reviews "
    "WHERE day IS NOT NULL",
]
"""Schema v11: the per-day sums of the review log."""

_V12 = [
    # The queue indexes hold the columns the generated ``queue`` is derived from instead of
    # it: SQLite reads an index alone only when a statement names no generated column, so
    # every due count read each counted card's row from the table (``states.in_queue``).
    "DROP INDEX card_state_queue",
    "DROP INDEX card_state_deck",
    "CREATE INDEX card_state_queue "
    "ON card_state(person, retired, suspended, buried_until, state, due, pos)",
    "CREATE INDEX card_state_deck "
    "ON card_state(person, deck_id, retired, suspended, buried_until, state, due)",
    # No statement could read it (the browser's sort by interval takes the cards with a
    # last review, this index those past new), and every answer moved two of its entries.
    "DROP INDEX card_state_by_interval",
]
"""Schema v12: the queue indexes over the queue's own columns; an index nothing read, gone."""

MIGRATIONS: dict[int, list[Migration]] = {
    1: [*_V1],
    2: [*_V2],
    3: [*_V3],
    4: _V4,
    5: [*_V5, _states_rebuild_due],
    6: [*_V6],
    7: [*_V7],
    8: [*STATS_COLUMNS],
    9: [*_V9],
    10: [_v10],
    11: [*DAY_SUMS],
    12: [*_V12],
}
LATEST_VERSION = max(MIGRATIONS)
"""Versions may have gaps (a number kept for another change): the missing ones are empty."""
