"""Provides the legacy Anki collection schema (``collection.anki2``, version 11) and its JSON."""

from __future__ import annotations

import hashlib
from typing import Any

from tandem.interop.anki_model import Notetype

SCHEMA = """
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
"""

CSS = ".card { font-family: arial; font-size: 20px; text-align: center; }"
_FRONT, _BACK = "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"
NOTETYPES: dict[str, tuple[int, bool, tuple[str, str], list[tuple[str, str, str]]]] = {
    "basic": (1_700_000_000_001, False, ("Front", "Back"), [("Card 1", _FRONT, _BACK)]),
    "reversed": (
        1_700_000_000_002,
        False,
        ("Front", "Back"),
        [
            ("Card 1", _FRONT, _BACK),
            ("Card 2", "{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}"),
        ],
    ),
    "cloze": (
        1_700_000_000_003,
        True,
        ("Text", "Back Extra"),
        [("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}")],
    ),
}
NOTETYPE_NAMES = {"basic": "Basic", "reversed": "Basic (and reversed card)", "cloze": "Cloze"}


_NOT_IN_FIELD_NAME = str.maketrans(dict.fromkeys(':{}"', "_"))
_FIELDS_TYPE_IDS = 1_700_001_000_000  # tandem's note types with extra fields: ids from here


def fields_notetype(kind: str, names: tuple[str, ...]) -> Notetype:
    """tandem's note type of ``kind`` with the extra fields ``names`` after its own two.

    Notes written in tandem with the same kind and the same field names share it: its id is
    derived from them, so every export (and every team member's) names it the same. Each
    extra field shows on the back, below the answer, when it holds text. A name Anki would
    not take as it is (``:``, braces, quotes, a leading ``#``, ``/`` or ``^``, or one already
    used, ignoring case) is changed into one it takes.
    """
    mid, cloze, base, templates = NOTETYPES[kind]
    fields = _anki_field_names(base, names)
    extra = _shown_below(fields[2:])
    shown = tuple((name, front, back + extra) for name, front, back in templates)
    digest = hashlib.sha256("\x1f".join([kind, *fields]).encode()).hexdigest()
    kind_name = NOTETYPE_NAMES[kind]
    return Notetype(
        id=_FIELDS_TYPE_IDS + int(digest[:12], 16) % 10**12,
        name=f"{kind_name} + {', '.join(fields[2:])} ({digest[:6]})",
        cloze=cloze,
        fields=tuple(fields),
        fronts=tuple(front for _, front, _ in shown),
        templates=shown,
        css=CSS,
    )


def with_more_fields(notetype: Notetype, names: tuple[str, ...]) -> Notetype:
    """An Anki note type kept from an import, with the fields ``names`` (added in tandem)
    after its own: its templates and CSS, each new field shown on the back below the rest
    when it holds text, named as ``fields_notetype`` names fields. Its id and name are
    derived from the type's id and all its fields, so every export names it the same."""
    fields = _anki_field_names(notetype.fields, names)
    extra = _shown_below(fields[len(notetype.fields) :])
    digest = hashlib.sha256("\x1f".join([str(notetype.id), *fields]).encode()).hexdigest()
    return Notetype(
        id=_FIELDS_TYPE_IDS + int(digest[:12], 16) % 10**12,
        name=f"{notetype.name} + {', '.join(fields[len(notetype.fields) :])} ({digest[:6]})",
        cloze=notetype.cloze,
        fields=fields,
        fronts=notetype.fronts,
        templates=tuple((name, front, back + extra) for name, front, back in notetype.templates),
        css=notetype.css,
        sort_field=notetype.sort_field,
    )


def _anki_field_names(base: tuple[str, ...], names: tuple[str, ...]) -> tuple[str, ...]:
    """``base`` and then ``names`` as Anki takes them (see ``fields_notetype``)."""
    fields = list(base)
    for name in names:
        safe = name.translate(_NOT_IN_FIELD_NAME)
        safe = f"_{safe}" if safe.startswith(("#", "/", "^")) else safe
        taken = {field.casefold() for field in fields}
        candidate, number = safe, 2
        while candidate.casefold() in taken:
            candidate, number = f"{safe} ({number})", number + 1
        fields.append(candidate)
    return tuple(fields)


def _shown_below(names: tuple[str, ...]) -> str:
    """Template text showing each field of ``names`` (when it holds text) below the back."""
    return "".join(f"{{{{#{n}}}}}<br><b>{n}</b>: {{{{{n}}}}}{{{{/{n}}}}}" for n in names)


def is_fields_notetype(notetype: Notetype) -> bool:
    """Whether ``notetype`` is one ``fields_notetype`` made (a tandem type with fields)."""
    extra = notetype.fields[2:]
    return bool(extra) and any(fields_notetype(kind, extra).id == notetype.id for kind in NOTETYPES)


def models_json() -> dict[str, Any]:
    """The ``col.models`` JSON of tandem's three note types."""
    return {
        str(mid): _model(mid, NOTETYPE_NAMES[kind], cloze, fields, templates)
        for kind, (mid, cloze, fields, templates) in NOTETYPES.items()
    }


def model_json(notetype: Notetype) -> dict[str, Any]:
    """The ``col.models`` JSON of an Anki note type kept from an import."""
    return _model(
        notetype.id, notetype.name, notetype.cloze, notetype.fields, list(notetype.templates),
        css=notetype.css, sort_field=notetype.sort_field, mod=notetype.mod,
    )  # fmt: skip


def _model(
    mid: int,
    name: str,
    cloze: bool,
    fields: tuple[str, ...],
    templates: list[tuple[str, str, str]],
    *,
    css: str = CSS,
    sort_field: int = 0,
    mod: int = 0,
) -> dict[str, Any]:
    return {
        "id": mid,
        "name": name,
        "type": int(cloze),
        "mod": mod,
        "usn": -1,
        "sortf": sort_field,
        "did": 1,
        "tags": [],
        "vers": [],
        "css": css,
        "latexsvg": False,
        "latexPre": "\\documentclass[12pt]{article}\n\\begin{document}\n",
        "latexPost": "\\end{document}",
        "flds": [
            {
                "name": name,
                "ord": i,
                "sticky": False,
                "rtl": False,
                "font": "Arial",
                "size": 20,
                "media": [],
            }
            for i, name in enumerate(fields)
        ],
        "tmpls": [
            {
                "name": name,
                "ord": i,
                "qfmt": q,
                "afmt": a,
                "did": None,
                "bqfmt": "",
                "bafmt": "",
            }
            for i, (name, q, a) in enumerate(templates)
        ],
        "req": [[i, "any", [i]] for i in range(len(templates))],
    }


def deck_id(name: str) -> int:
    """A stable Anki deck id for ``name`` (1 is Anki's Default deck)."""
    return 1_000_000_000 + int(hashlib.sha256(name.encode()).hexdigest()[:12], 16) % 10**12


def decks_json(names: set[str]) -> dict[str, Any]:
    """The ``col.decks`` JSON: Default, every deck, and every parent of a nested deck."""
    every = set()
    for name in names:
        parts = name.split("::")
        every |= {"::".join(parts[: i + 1]) for i in range(len(parts))}
    decks = {"1": _deck(1, "Default")}
    for name in sorted(every - {"Default"}):
        decks[str(deck_id(name))] = _deck(deck_id(name), name)
    return decks


def _deck(did: int, name: str) -> dict[str, Any]:
    return {
        "id": did,
        "name": name,
        "mod": 0,
        "usn": -1,
        "desc": "",
        "dyn": 0,
        "conf": 1,
        "collapsed": False,
        "browserCollapsed": False,
        "extendNew": 0,
        "extendRev": 0,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
    }


DCONF = {
    "1": {
        "id": 1,
        "name": "Default",
        "mod": 0,
        "usn": 0,
        "maxTaken": 60,
        "autoplay": True,
        "timer": 0,
        "replayq": True,
        "dyn": False,
        "new": {
            "bury": False,
            "delays": [1, 10],
            "initialFactor": 2500,
            "ints": [1, 4, 0],
            "order": 1,
            "perDay": 20,
        },
        "lapse": {"delays": [10], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0},
        "rev": {
            "bury": False,
            "ease4": 1.3,
            "ivlFct": 1,
            "maxIvl": 36500,
            "perDay": 200,
            "hardFactor": 1.2,
        },
    }
}
CONF = {
    # Without it Anki takes the collection for its v1 scheduler and "upgrades" the revlog on
    # import, turning Hard into Good and Good into Easy.
    "schedVer": 2,
    "activeDecks": [1],
    "curDeck": 1,
    "newSpread": 0,
    "collapseTime": 1200,
    "timeLim": 0,
    "estTimes": True,
    "dueCounts": True,
    "curModel": None,
    "nextPos": 1,
    "sortType": "noteFld",
    "sortBackwards": False,
    "addToCur": True,
}
