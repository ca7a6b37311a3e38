"""Provides reading an Anki collection database (anki21b tables or legacy JSON in ``col``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tandem.interop import protobuf
from tandem.interop.anki_model import AnkiCard, AnkiNote, Collection, Notetype, RevlogRow
from tandem.models import BadInputError

_CLOZE_KIND = 1


def read_collection(path: Path, label: str) -> Collection:
    """Reads the collection at ``path`` (opened read-only); ``label`` names it in errors.

    Raises:
        BadInputError: if it is not an Anki collection tandem can read.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise BadInputError(f"{label}: cannot open the collection ({error})") from None
    try:
        conn.create_collation("unicase", _unicase)
        conn.execute("PRAGMA query_only = ON")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if not {"col", "notes", "cards", "revlog"} <= tables:
            raise BadInputError(f"{label}: not an Anki collection (tables missing)")
        if "notetypes" in tables:
            decks, notetypes = _modern_decks(conn), _modern_notetypes(conn)
        else:
            decks, notetypes = _legacy(conn, label)
        return Collection(decks, notetypes, _notes(conn), _cards(conn), _revlog(conn))
    except sqlite3.Error as error:
        raise BadInputError(f"{label}: the collection is corrupt ({error})") from None
    finally:
        conn.close()


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
    fronts: dict[int, list[str]] = {}
    for ntid, config in conn.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        fronts.setdefault(int(ntid), []).append(protobuf.text_field(bytes(config), 1))
    found = {}
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        kind = protobuf.first(bytes(config), 1)
        front = tuple(fronts.get(int(ntid), []))
        cloze = kind == _CLOZE_KIND or any("{{cloze:" in f for f in front)
        found[int(ntid)] = Notetype(
            int(ntid), str(name), cloze, tuple(fields.get(int(ntid), [])), front
        )
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
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise BadInputError(f"{label}: unreadable note types or decks ({error})") from None


def _legacy_notetype(ntid: int, model: dict[str, Any]) -> Notetype:
    fields = sorted(model["flds"], key=lambda f: int(f["ord"]))
    templates = sorted(model["tmpls"], key=lambda t: int(t["ord"]))
    fronts = tuple(str(t.get("qfmt", "")) for t in templates)
    cloze = int(model.get("type", 0)) == _CLOZE_KIND or any("{{cloze:" in f for f in fronts)
    return Notetype(ntid, str(model["name"]), cloze, tuple(str(f["name"]) for f in fields), fronts)


# Each column is cast in SQL, so a hostile package with text in a number column (SQLite does
# not enforce types) reads as numbers, and rows become tuples without a conversion per value.
_INT = "ifnull(CAST({} AS INTEGER), 0)"
_TEXT = "ifnull(CAST({} AS TEXT), '')"


def _notes(conn: sqlite3.Connection) -> list[AnkiNote]:
    columns = ", ".join(
        (_INT.format("id"), _TEXT.format("guid"), _INT.format("mid"), _TEXT.format("tags"),
         _TEXT.format("flds"))
    )  # fmt: skip
    rows = conn.execute(f"SELECT {columns} FROM notes ORDER BY id")
    return [
        AnkiNote(i, guid, mid, tuple(tags.split()), tuple(flds.split("\x1f")))
        for i, guid, mid, tags, flds in rows
    ]


def _cards(conn: sqlite3.Connection) -> list[AnkiCard]:
    # A card in a filtered deck keeps its home deck in odid.
    deck = _INT.format("CASE WHEN odid THEN odid ELSE did END")
    columns = ", ".join((_INT.format("id"), _INT.format("nid"), deck, _INT.format("ord")))
    rows = conn.execute(f"SELECT {columns} FROM cards ORDER BY nid, ord")
    return list(map(AnkiCard._make, rows))


def _revlog(conn: sqlite3.Connection) -> list[RevlogRow]:
    names = ("id", "cid", "ease", "type", "time", "factor")
    columns = ", ".join(_INT.format(c) for c in names)
    rows = conn.execute(f"SELECT {columns} FROM revlog ORDER BY id")
    return list(map(RevlogRow._make, rows))
