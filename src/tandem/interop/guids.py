"""Provides the GUIDs tandem gives Anki for cards that have none: derived from the note id.

A derived GUID (``tandem-k7q2m9x4``) is never written into a deck file: exporting leaves the
files alone, and importing it back finds the note by its id.
"""

from __future__ import annotations

import re

_DERIVED = re.compile(r"^tandem-([0-9a-z]{4,32})$")


def derived_guid(note_id: str) -> str:
    """The GUID exported for a note without one."""
    return f"tandem-{note_id}"


def derived_guid_id(guid: str) -> str | None:
    """The note id inside a derived GUID, or None for any other GUID."""
    match = _DERIVED.match(guid)
    return match.group(1) if match else None
