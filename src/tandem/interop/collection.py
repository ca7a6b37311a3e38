"""Provides reading an Anki collection database (anki21b tables or legacy JSON in ``col``)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from tandem.interop import protobuf
from tandem.interop.anki_model import AnkiCard, AnkiNote, Collection, Notetype, RevlogRow
from tandem.models import BadInputError

_CLOZE_KIND = 1


READ_SECONDS = 120.0
"""How long reading a collection may take (a real one of 100,000 notes takes seconds)."""


def read_collection(path: Path, label: str, seconds: float = READ_SECONDS) -> Collection:
    """Reads the collection at ``path`` (opened read-only); ``label`` names it in errors.

    The file comes from someone else: views, triggers and virtual tables (which Anki never
    makes, and which run queries of the file's own choosing) are refused, and every query
    is stopped once reading has taken ``seconds``.

    Raises:
        BadInputError: if it is not an Anki collection tandem can read.
    """
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise BadInputError(f"{label}: cannot open the collection ({error})") from None
    deadline = time.monotonic() + seconds
    try:
        conn.create_collation("unicase", _unicase)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        tables = _tables(conn, label)
        if "notetypes" in tables:
            decks, notetypes = _modern_decks(conn), _modern_notetypes(conn)
        else:
            decks, notetypes = _legacy(conn, label)
        return Collection(
            decks, notetypes, _notes(conn), _cards(conn), _revlog(conn), created=_created(conn)
        )
    except sqlite3.Error as error:
        if time.monotonic() > deadline:
            raise BadInputError(
                f"{label}: reading the collection took over {seconds:.0f} s; refused"
            ) from None
        raise BadInputError(f"{label}: the collection is corrupt ({error})") from None
    finally:
        conn.close()


def _tables(conn: sqlite3.Connection, label: str) -> set[str]:
    """The collection's tables, once it is known to hold nothing that runs code of its own."""
    rows = conn.execute("SELECT type, name, ifnull(sql, '') FROM sqlite_master").fetchall()
    odd = [
        str(name)
        for kind, name, sql in rows
        if kind in ("view", "trigger") or str(sql).lstrip()[:14].upper() == "CREATE VIRTUAL"
    ]
    if odd:
        names = ", ".join(repr(name[:40]) for name in odd[:5])
        raise BadInputError(
            f"{label}: the collection holds views, triggers or virtual tables ({names}), "
            "which Anki never makes; refused"
        )
    tables = {str(name) for kind, name, _ in rows if kind == "table"}
    if not {"col", "notes", "cards", "revlog"} <= tables:
        raise BadInputError(f"{label}: not an Anki collection (tables missing)")
    return tables


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def _modern_decks(conn: sqlite3.Connection) -> dict[int, str]:
    rows = conn.execute("SELECT id, name FROM decks").fetchall()
    return {int(i): str(name).replace("\x1f", "::") for i, name in rows}


def _modern_notetypes(conn: sqlite3.Connection) -> dict[int, Notetype]:
    fields: dict[int, list[str]] = {}
    for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(int(ntid), []).append(str(name))
    templates: dict[int, list[tuple[str, str, str]]] = {}
    query = "SELECT ntid, name, config FROM templates ORDER BY ntid, ord"
    for ntid, name, config in conn.execute(query):
        formats = [protobuf.text_field(bytes(config), number) for number in (1, 2)]
        templates.setdefault(int(ntid), []).append((str(name), *formats))  # type: ignore[arg-type]
    found = {}
    query = "SELECT id, name, ifnull(CAST(mtime_secs AS INTEGER), 0), config FROM notetypes"
    for ntid, name, mod, config in conn.execute(query):
        kind = protobuf.first(bytes(config), 1)
        own = tuple(templates.get(int(ntid), []))
        front = tuple(q for _, q, _ in own)
        cloze = kind == _CLOZE_KIND or any("{{cloze:" in f for f in front)
        sort_field = protobuf.first(bytes(config), 2)
        found[int(ntid)] = Notetype(
            int(ntid), str(name), cloze, tuple(fields.get(int(ntid), [])), front, own,
            protobuf.text_field(bytes(config), 3),
            sort_field if isinstance(sort_field, int) else 0, int(mod),
        )  # fmt: skip
    return found


def _legacy(conn: sqlite3.Connection, label: str) -> tuple[dict[int, str], dict[int, Notetype]]:
    row = conn.execute("SELECT models, decks FROM col").fetchone()
    if row is None:
        raise BadInputError(f"{label}: the collection has no col row")
    try:
        models: dict[str, Any] = json.loads(row[0])
        decks: dict[str, Any] = json.loads(row[1])
        notetypes = {int(k): _legacy_notetype(int(k), m) for k, m in models.items()}
        return {int(k): str(d["name"]) for k, d in decks.items()}, notetypes
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        raise BadInputError(f"{label}: unreadable note types or decks ({error})") from None


def _legacy_notetype(ntid: int, model: dict[str, Any]) -> Notetype:
    fields = sorted(model["flds"], key=lambda f: int(f["ord"]))
    templates = sorted(model["tmpls"], key=lambda t: int(t["ord"]))
    own = tuple(
        (str(t.get("name", "")), str(t.get("qfmt", "")), str(t.get("afmt", ""))) for t in templates
    )
    fronts = tuple(q for _, q, _ in own)
    cloze = int(model.get("type", 0)) == _CLOZE_KIND or any("{{cloze:" in f for f in fronts)
    names = tuple(str(f["name"]) for f in fields)
    return Notetype(
        ntid, str(model["name"]), cloze, names, fronts, own, str(model.get("css", "")),
        int(model.get("sortf", 0)), int(model.get("mod", 0)),
    )  # fmt: skip


# Each column is cast in SQL, so a hostile package with text in a number column (SQLite does
# not enforce types) reads as numbers, and rows become tuples without a conversion per value.
_INT = "ifnull(CAST({} AS INTEGER), 0)"
_TEXT = "ifnull(CAST({} AS TEXT), '')"


MAX_FIELDS = 1000
"""Notes with more fields are refused unread (a package can pack millions in a few KB)."""
MAX_NOTE_BYTES = 10_000_000
"""Nor is a note read whose fields hold more than a deck file may (tandem's limit)."""
# A note is measured in SQL, so an oversized one never becomes Python strings.
_OVERSIZED = (
    "length(CAST(flds AS BLOB)) + length(CAST(tags AS BLOB)) + length(CAST(guid AS BLOB)) > "
    f"{MAX_NOTE_BYTES} OR length(CAST(flds AS TEXT)) - "
    f"length(replace(CAST(flds AS TEXT), char(31), '')) >= {MAX_FIELDS}"
)


def _notes(conn: sqlite3.Connection) -> list[AnkiNote]:
    texts = ", ".join(
        f"CASE WHEN tandem_big THEN '' ELSE {_TEXT.format(column)} END"
        for column in ("guid", "tags", "flds")
    )
    rows = conn.execute(
        f"SELECT {_INT.format('id')}, {_INT.format('mid')}, tandem_big, {texts} FROM "
        f"(SELECT *, ifnull({_OVERSIZED}, 0) AS tandem_big FROM notes) ORDER BY id"
    )
    return [
        AnkiNote(i, guid, mid, tuple(tags.split()), None if big else tuple(flds.split("\x1f")))
        for i, mid, big, guid, tags, flds in rows
    ]


def _cards(conn: sqlite3.Connection) -> list[AnkiCard]:
    # A card in a filtered deck keeps its home deck in odid and its own due day in odue. A
    # review card (type 2) is due on a day number whatever its queue (review, suspended,
    # buried); learning cards are due at a time, new cards at a position.
    deck = _INT.format("CASE WHEN odid THEN odid ELSE did END")
    due = f"CASE WHEN type = 2 THEN {_INT.format('CASE WHEN odid THEN odue ELSE due END')} END"
    columns = ", ".join((_INT.format("id"), _INT.format("nid"), deck, _INT.format("ord"), due))
    rows = conn.execute(f"SELECT {columns} FROM cards ORDER BY nid, ord")
    return list(map(AnkiCard._make, rows))


def _created(conn: sqlite3.Connection) -> int:
    row = conn.execute(f"SELECT {_INT.format('crt')} FROM col").fetchone()
    return int(row[0]) if row else 0


def _revlog(conn: sqlite3.Connection) -> list[RevlogRow]:
    names = ("id", "cid", "ease", "type", "time", "factor", "ivl")
    columns = ", ".join(_INT.format(c) for c in names)
    rows = conn.execute(f"SELECT {columns} FROM revlog ORDER BY id")
    return list(map(RevlogRow._make, rows))
