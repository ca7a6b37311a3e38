"""Provides writing a legacy Anki package (``collection.anki2`` in a zip) with sqlite3."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tandem.interop.anki_model import Notetype
from tandem.interop.legacy_schema import (
    CONF,
    DCONF,
    NOTETYPES,
    SCHEMA,
    deck_id,
    decks_json,
    model_json,
    models_json,
)


@dataclass(frozen=True)
class PackageCard:
    """One Anki card: its template ``ord`` and scheduling columns (new by default)."""

    id: int
    ord: int
    type: int = 0
    queue: int = 0
    due: int = 0
    ivl: int = 0
    factor: int = 0
    reps: int = 0
    lapses: int = 0
    left: int = 0
    data: str = ""


@dataclass(frozen=True)
class PackageNote:
    """One Anki note: kind ('basic', 'reversed', 'cloze'), deck, HTML fields (two on
    tandem's note types, as many as its own note type has on that), tags."""

    id: int
    guid: str
    kind: str
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    cards: tuple[PackageCard, ...]
    notetype: Notetype | None = None  # the Anki note type it came on; None: tandem's own


@dataclass(frozen=True)
class PackageReview:
    """One revlog row (``id``: answer time in ms, unique; ``ivl``: the interval it left, in
    days; ``factor``: the ease factor, 0 for a reset or cramming)."""

    id: int
    card: int
    ease: int
    type: int
    time_ms: int
    ivl: int = 0
    factor: int = 0


@dataclass
class Package:
    """What goes into the package."""

    notes: list[PackageNote] = field(default_factory=list)
    reviews: list[PackageReview] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    created: int = 0  # collection creation (``crt``), seconds
    now_ms: int = 0


def write_apkg(package: Package, target: Path) -> None:
    """Writes ``package`` to ``target`` (a zip holding ``collection.anki2`` and ``media``)."""
    with tempfile.TemporaryDirectory(prefix="tandem-apkg-") as folder:
        db = Path(folder) / "collection.anki2"
        _write_collection(package, db)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db, "collection.anki2")
            names = sorted(package.media)
            archive.writestr("media", json.dumps({str(i): n for i, n in enumerate(names)}))
            for index, name in enumerate(names):
                archive.writestr(str(index), package.media[name])


def _write_collection(package: Package, path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(SCHEMA)
        stamp = package.now_ms
        decks = decks_json({note.deck for note in package.notes})
        conn.execute(
            "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
            (
                package.created,
                stamp,
                stamp,
                json.dumps(CONF),
                json.dumps(models_json() | _kept_models(package)),
                json.dumps(decks),
                json.dumps(DCONF),
            ),
        )
        for note in package.notes:
            _insert_note(conn, note, stamp // 1000)
        conn.executemany(
            "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, 0, ?, ?, ?)",
            [(r.id, r.card, r.ease, r.ivl, r.factor, r.time_ms, r.type) for r in package.reviews],
        )
        conn.commit()
    finally:
        conn.close()


def _kept_models(package: Package) -> dict[str, Any]:
    kept = {note.notetype.id: note.notetype for note in package.notes if note.notetype}
    return {str(ntid): model_json(notetype) for ntid, notetype in sorted(kept.items())}


def _insert_note(conn: sqlite3.Connection, note: PackageNote, mod: int) -> None:
    mid = note.notetype.id if note.notetype is not None else NOTETYPES[note.kind][0]
    tags = f" {' '.join(note.tags)} " if note.tags else ""
    checksum = int(hashlib.sha1(note.fields[0].encode()).hexdigest()[:8], 16)
    conn.execute(
        "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')",
        (note.id, note.guid, mid, mod, tags, "\x1f".join(note.fields), note.fields[0], checksum),
    )
    did = deck_id(note.deck) if note.deck != "Default" else 1
    conn.executemany(
        "INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)",
        [
            (
                c.id,
                note.id,
                did,
                c.ord,
                mod,
                c.type,
                c.queue,
                c.due,
                c.ivl,
                c.factor,
                c.reps,
                c.lapses,
                c.left,
                c.data,
            )
            for c in note.cards
        ],
    )
