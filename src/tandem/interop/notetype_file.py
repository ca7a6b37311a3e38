"""Provides ``decks/.anki/notetypes.json``: the Anki note types that imported notes go back on.

An import records each note type whose every field tandem carries (id, name, fields,
templates, CSS) and which note (by GUID) came on which; an export writes those notes back on
their own note type, so importing the package into the collection they came from updates
them in place. The file is JSON, sorted, so that git merges it line by line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tandem.interop.anki_model import Notetype
from tandem.models import BadInputError

FILE = Path(".anki") / "notetypes.json"


@dataclass
class NotetypeFile:
    """The note types (by id) and the note type of each note (by GUID)."""

    notetypes: dict[int, Notetype] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)

    def add(self, notetypes: dict[int, Notetype], notes: dict[str, int]) -> None:
        """Records ``notetypes`` and ``notes`` (newer entries replace older ones)."""
        self.notetypes |= notetypes
        self.notes |= notes

    def of(self, guid: str | None) -> Notetype | None:
        """The note type the note with ``guid`` came on, if it is recorded."""
        ntid = self.notes.get(guid or "")
        return self.notetypes.get(ntid) if ntid is not None else None

    def dumps(self) -> str:
        """The file's text."""
        data = {
            "notetypes": {str(k): v.to_dict() for k, v in sorted(self.notetypes.items())},
            "notes": dict(sorted(self.notes.items())),
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_notetypes(decks: Path) -> NotetypeFile:
    """Reads the file of the decks folder ``decks`` (an empty one when there is none).

    Raises:
        BadInputError: the file is there but is not such a file.
    """
    path = decks / FILE
    if not path.is_file():
        return NotetypeFile()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        notetypes = {int(k): Notetype.from_dict(v) for k, v in data["notetypes"].items()}
        notes = {str(guid): int(ntid) for guid, ntid in data["notes"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise BadInputError(f"{path}: not a tandem note type file ({error})") from None
    return NotetypeFile(notetypes, notes)
