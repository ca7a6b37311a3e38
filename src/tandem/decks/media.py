"""Provides reading a card's media file (``![alt](media/x.png)``) from inside the decks folder.

A card names its media relative to its deck file, as imports write them (``media/`` beside
the deck file); a name not found there is looked up from the decks folder itself (so cards
of every deck can share the folder's ``media/``). The path is resolved inside the decks
folder only: a name with a scheme, an absolute path, a ``..`` that climbs out of the
folder, or a symbolic link (on the way or at the end) that leads out of it is refused; so
are files that are not regular files or are larger than ``MAX_MEDIA_BYTES``. Nothing is
ever opened outside the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from tandem.decks.files import RefusedFile, read_regular
from tandem.decks.lines import bad_char

MAX_MEDIA_BYTES = 4 * 1024 * 1024
"""The largest media file read for a card (4 MiB)."""


@dataclass(frozen=True)
class MediaRead:
    """A card's media file: its bytes, or why it is not shown (``problem``)."""

    target: str
    """The name as the card wrote it."""
    data: bytes | None = None
    problem: str | None = None


def media_rel(deck_path: str, target: str) -> str | None:
    """The path inside the decks folder that ``target`` (as written in the deck file
    ``deck_path``) names, or None when it names nothing inside the folder."""
    name = unquote(target.strip())
    if not name or "\\" in name or ":" in name or name.startswith("/") or bad_char(name):
        return None  # a URL (http:, data:, file:), an absolute or Windows path
    parts: list[str] = list(PurePosixPath(deck_path).parent.parts)
    if any(part in ("..", ".") for part in parts):
        return None
    for part in PurePosixPath(name).parts:
        if part == "..":
            if not parts:
                return None  # climbs out of the decks folder
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts) or None


def read_media(root: Path, deck_path: str, target: str, limit: int = MAX_MEDIA_BYTES) -> MediaRead:
    """Reads the media file ``target`` of a card of ``deck_path`` from the decks folder."""
    rel = media_rel(deck_path, target)
    if rel is None:
        return MediaRead(target, problem="outside the decks folder")
    found = _read(root.resolve(), rel, target, limit)
    shared = media_rel("", target)
    if found.problem == "missing" and shared is not None and shared != rel:
        found = _read(root.resolve(), shared, target, limit)
    return found


def _read(base: Path, rel: str, target: str, limit: int) -> MediaRead:
    try:
        real = (base / rel).resolve(strict=True)
    except FileNotFoundError:
        return MediaRead(target, problem="missing")
    except (OSError, RuntimeError):  # RuntimeError: a loop of links
        return MediaRead(target, problem="cannot be read")
    if not real.is_relative_to(base):
        return MediaRead(target, problem="a link out of the decks folder")
    try:
        return MediaRead(target, data=read_regular(real, limit, rel))
    except RefusedFile as refused:
        too_large = "too large" in refused.reason
        return MediaRead(target, problem="too large" if too_large else "not a regular file")
