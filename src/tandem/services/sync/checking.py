"""Provides ``check`` and ``fmt`` over files and folders (no database needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.config.files import write_atomically
from tandem.decks.check import MAX_BYTES, check_files
from tandem.decks.files import list_deck_folder, read_regular
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError, Problem
from tandem.decks.writer import format_text
from tandem.models import BadInputError, MissingInputError

if TYPE_CHECKING:
    from tandem.services.sync.new_ids import IdWriter

# Problems that fmt repairs by itself, so they do not stop it.
_FIXABLE = ("CRLF", "byte order mark")


@dataclass
class FormatResult:
    """Files fmt changed (or would change), and files it could not format."""

    changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    """With ``--ids``: the files that got (or would get) ids, and how many."""


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
                for entry in [*listing.refused, *listing.foreign]
            ]
        elif path.exists() or path.is_symlink():
            if rel is None or not rules.ignores(rel):
                found.append(path)
        else:
            raise MissingInputError(f"{path}: no such file or folder")
    return found, refused


def check_problems(paths: list[Path], default: Path, *, require_ids: bool = False) -> list[Problem]:
    """Every problem of the deck files, in file order (refused entries first); with
    ``require_ids`` a card without an id is one too."""
    files, refused = deck_paths(paths, default)
    problems = check_files(files, require_ids=require_ids)
    return refused + problems


def check_paths(paths: list[Path], default: Path, *, require_ids: bool = False) -> list[str]:
    """Every problem of the deck files, as ``file:line: message``."""
    return [str(problem) for problem in check_problems(paths, default, require_ids=require_ids)]


def format_paths(
    paths: list[Path], default: Path, *, write: bool, ids: bool = False
) -> FormatResult:
    """Formats deck files canonically; with ``write`` false only reports what would change.

    With ``ids`` the cards without an id get their derived ids too (``default`` is the
    decks folder the ids are derived in; a file outside it is a problem).
    """
    files, refused = deck_paths(paths, default)
    result = FormatResult(problems=[str(problem) for problem in refused])
    writer = None
    if ids:
        from tandem.services.sync.new_ids import IdWriter

        writer = IdWriter(default, files)
    for path in files:
        problems = [p for p in check_files([path]) if not any(f in p.message for f in _FIXABLE)]
        if problems:
            result.problems += [str(p) for p in problems]
            continue
        data = read_regular(path.resolve(), MAX_BYTES, str(path))
        try:
            text = format_text(data.decode("utf-8"), str(path))
            new = _with_ids(writer, path, text, result) if writer else text
        except DeckError as error:
            result.problems += error.details
            continue
        if new is None:
            continue
        formatted = new.encode("utf-8")
        if len(formatted) > MAX_BYTES:
            result.problems.append(f"{path}:1: formatted, it would be over {MAX_BYTES} bytes")
            continue
        if text.encode("utf-8") != data:
            result.changed.append(str(path))
        if write and formatted != data:
            _write(path, formatted)
    return result


def _with_ids(writer: IdWriter, path: Path, text: str, result: FormatResult) -> str | None:
    """``text`` with the ids of its new cards (counted in ``result``), or ``None`` when the
    file is outside the decks folder (a problem then)."""
    from tandem.services.sync.new_ids import outside_problem

    deck = writer.deck_of(path)
    if deck is None:
        if any(card.id is None for card in parse_deck(text, str(path)).cards):
            result.problems.append(outside_problem(path, writer.root))
            return None
        return text
    text, new = writer.add_ids(deck, text)
    if new:
        result.ids[str(path)] = len(new)
    return text


def _write(path: Path, data: bytes) -> None:
    if path.is_symlink():  # replacing the link would change the repository's layout
        raise BadInputError(f"{path}: a symbolic link; tandem does not write through links")
    write_atomically(path, data)
