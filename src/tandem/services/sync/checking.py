"""Provides ``check`` and ``fmt`` over files and folders (no database needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tandem.config.files import write_atomically
from tandem.decks.check import check_files
from tandem.decks.files import list_deck_files
from tandem.decks.problems import DeckError
from tandem.decks.writer import format_text
from tandem.models import MissingInputError

# Problems that fmt repairs by itself, so they do not stop it.
_FIXABLE = ("CRLF", "byte order mark")


@dataclass
class FormatResult:
    """Files fmt changed (or would change), and files it could not format."""

    changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def expand_paths(paths: list[Path], default: Path) -> list[Path]:
    """Files as given, folders as the ``*.md`` files below them; none given: ``default``."""
    found: list[Path] = []
    for path in paths or [default]:
        if path.is_dir():
            found += [deck.path for deck in list_deck_files(path)]
        elif path.exists():
            found.append(path)
        else:
            raise MissingInputError(f"{path}: no such file or folder")
    return found


def check_paths(paths: list[Path], default: Path) -> list[str]:
    """Every problem of the deck files, as ``file:line: message``."""
    return [str(problem) for problem in check_files(expand_paths(paths, default))]


def format_paths(paths: list[Path], default: Path, *, write: bool) -> FormatResult:
    """Formats deck files canonically; with ``write`` false only reports what would change."""
    result = FormatResult()
    for path in expand_paths(paths, default):
        problems = [p for p in check_files([path]) if not any(f in p.message for f in _FIXABLE)]
        if problems:
            result.problems += [str(p) for p in problems]
            continue
        data = path.read_bytes()
        try:
            formatted = format_text(data.decode("utf-8"), str(path)).encode("utf-8")
        except DeckError as error:
            result.problems += error.details
            continue
        if formatted != data:
            result.changed.append(str(path))
            if write:
                write_atomically(path, formatted)
    return result
