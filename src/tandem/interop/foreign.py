"""Provides reading Markdown decks of other programs: which one a file or folder is, and its
notes (hashcards, Obsidian's Spaced Repetition plugin)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from tandem.interop.anki_model import Mapped, MediaFile
from tandem.interop.foreign_media import MediaReader
from tandem.interop.hashcards import DATABASE, read_hashcards
from tandem.interop.obsidian_sr import looks_like_obsidian, read_obsidian
from tandem.models import BadInputError

MARKDOWN_SUFFIXES = (".md", ".markdown")
_HASHCARDS_LINE = re.compile(r"^[QC]:", re.MULTILINE)
_TANDEM_MARKS = re.compile(r"^(\+\+\+\s*$|<!-- id: )", re.MULTILINE)
_SAMPLE_BYTES = 1 << 20


def read_markdown_decks(path: Path, now: datetime) -> tuple[Mapped, list[MediaFile], str]:
    """Reads a Markdown deck file (or a folder of them) made by another program (``now``:
    when schedules kept without history are set, as due dates).

    Returns:
        The notes (and reviews), the images they refer to, and the format's name.

    Raises:
        BadInputError: it is a tandem deck, or no format tandem reads; or the reader's errors.
    """
    kind = _kind(path)
    media = MediaReader(path if path.is_dir() else path.parent)
    if kind == "hashcards":
        mapped = read_hashcards(path, media)
    else:
        mapped = read_obsidian(path, media, now=now)
    return mapped, list(media.files.values()), kind


def _kind(path: Path) -> str:
    files = sorted(p for p in path.rglob("*.md") if p.is_file()) if path.is_dir() else [path]
    if path.is_dir() and (path / DATABASE).is_file():
        return "hashcards"
    texts = [_sample(file) for file in files[:50]]
    if any(_TANDEM_MARKS.search(text) for text in texts):
        raise BadInputError(
            f"{path}: this is a tandem deck already; copy it into the decks folder instead"
        )
    if any(_HASHCARDS_LINE.search(text) for text in texts):
        return "hashcards"
    if any(looks_like_obsidian(text) for text in texts):
        return "obsidian-sr"
    raise BadInputError(
        f"{path}: no flashcards found in a format tandem imports (hashcards' Q:/A:/C: cards, "
        "Obsidian Spaced Repetition's q::a, ? and ==cloze== cards)"
    )


def _sample(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.read(_SAMPLE_BYTES).decode("utf-8", errors="replace")
