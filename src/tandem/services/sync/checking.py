"""Provides ``check`` and ``fmt`` over files and folders (no database needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tandem.config.files import write_atomically
from tandem.decks.check import MAX_BYTES, check_files
from tandem.decks.files import list_deck_folder, read_regular
from tandem.decks.problems import DeckError, Problem
from tandem.decks.writer import format_text
from tandem.models import BadInputError, MissingInputError

# Problems that fmt repairs by itself, so they do not stop it.
_FIXABLE = ("CRLF", "byte order mark")


@dataclass
class FormatResult:
    """Files fmt changed (or would change), and files it could not format."""

    changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def expand_paths(paths: list[Path], default: Path) -> tuple[list[Path], list[str]]:
    """``deck_paths`` with the refused entries as ``file:1: message``."""
    files, refused = deck_paths(paths, default)
    return files, [str(problem) for problem in refused]


def deck_paths(paths: list[Path], default: Path) -> tuple[list[Path], list[Problem]]:
    """Files as given, folders as the ``*.md`` files below them; none given: ``default``.

    Below the decks folder ``default`` its ignore rules hold for every path, named or found
    (a pre-commit hook names each staged file); a folder outside it has its own, and a file
    outside it is taken as named.

    Returns:
        The files, and the entries of the folders that cannot be deck files (links out of
        the folder, FIFOs, devices, names with control characters).
    """
    from tandem.decks.ignore import IgnoreRules

    rules = IgnoreRules(default)
    found: list[Path] = []
    refused: list[Problem] = []
    for path in paths or [default]:
        rel = rules.relative(path)
        if path.is_dir():
            listing = list_deck_folder(path, rules if rel is not None else None)
            found += [deck.path for deck in listing.files]
            refused += [
                Problem(path=str(path / entry.rel), line=1, message=entry.reason)
                for entry in listing.refused
            ]
        elif path.exists() or path.is_symlink():
            if rel is None or not rules.ignores(rel):
                found.append(path)
        else:
            raise MissingInputError(f"{path}: no such file or folder")
    return found, refused


def check_problems(paths: list[Path], default: Path) -> list[Problem]:
    """Every problem of the deck files, in file order (refused entries first)."""
    files, refused = deck_paths(paths, default)
    return refused + check_files(files)


def check_paths(paths: list[Path], default: Path) -> list[str]:
    """Every problem of the deck files, as ``file:line: message``."""
    return [str(problem) for problem in check_problems(paths, default)]


def format_paths(paths: list[Path], default: Path, *, write: bool) -> FormatResult:
    """Formats deck files canonically; with ``write`` false only reports what would change."""
    files, refused = expand_paths(paths, default)
    result = FormatResult(problems=refused)
    for path in files:
        problems = [p for p in check_files([path]) if not any(f in p.message for f in _FIXABLE)]
        if problems:
            result.problems += [str(p) for p in problems]
            continue
        data = read_regular(path.resolve(), MAX_BYTES, str(path))
        try:
            formatted = format_text(data.decode("utf-8"), str(path)).encode("utf-8")
        except DeckError as error:
            result.problems += error.details
            continue
        if len(formatted) > MAX_BYTES:
            result.problems.append(f"{path}:1: formatted, it would be over {MAX_BYTES} bytes")
        elif formatted != data:
            result.changed.append(str(path))
            if write:
                _write(path, formatted)
    return result


def _write(path: Path, data: bytes) -> None:
    if path.is_symlink():  # replacing the link would change the repository's layout
        raise BadInputError(f"{path}: a symbolic link; tandem does not write through links")
    write_atomically(path, data)
