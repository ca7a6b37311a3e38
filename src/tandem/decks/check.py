"""Provides ``tandem check``: every problem of deck files, as ``path:line: message``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tandem.decks.files import RefusedFile, read_regular
from tandem.decks.foreign import foreign_file_hint, foreign_hint, may_be_foreign, sniff_size
from tandem.decks.model import Deck, DeckCard, FrontMatter
from tandem.decks.parser import (
    Scan,
    Span,
    deck_of,
    duplicate_problems,
    scan,
    stream_cards,
    stream_placed_cards,
)
from tandem.decks.problems import Problem

MAX_BYTES = 10_000_000
PARSE_SECONDS = 30.0
"""How long reading one deck file may take: past it the file is skipped with a problem and
the others are synced (linear parsing reads 10 MB in ~20 s on a slow machine)."""
_MAX_UTF8_REPORTS = 10


def check_text(data: bytes, path: str) -> list[Problem]:
    """Returns the problems of one deck file's bytes, ordered by line (empty when valid)."""
    problems, result = _check(data, path, build=False)
    if result is not None:
        problems += duplicate_problems(result)
    return sorted(problems, key=lambda p: p.line)


def read_deck(data: bytes, path: str) -> tuple[Deck | None, list[Problem]]:
    """Checks one deck file's bytes and, when they are valid, gives the deck (one scan).

    Returns:
        The deck (``None`` when there are problems) and the problems, ordered by line.
    """
    deck, _, problems = read_deck_spans(data, path)
    return deck, problems


def read_deck_spans(data: bytes, path: str) -> tuple[Deck | None, list[Span], list[Problem]]:
    """``read_deck``, with where each card of the deck sits (``parser.parse_with_spans``).

    Returns:
        The deck and its spans (``None`` and none when there are problems) and the
        problems, ordered by line.
    """
    problems, result = _check(data, path)
    if result is not None:
        problems += duplicate_problems(result)
    if problems or result is None:
        return None, [], sorted(problems, key=lambda p: p.line)
    return deck_of(result), result.spans, []


def read_cards(data: bytes, path: str) -> tuple[FrontMatter | None, Iterator[DeckCard]]:
    """The front matter and cards of a deck file's bytes checked valid before (``check_text``),
    the cards read one at a time (``parser.stream_cards``)."""
    return stream_cards(data.decode("utf-8", errors="replace"), path)


def read_placed_cards(
    data: bytes, path: str
) -> tuple[FrontMatter | None, Iterator[tuple[DeckCard, Span]]]:
    """``read_cards``, each card with where it sits (``parser.stream_placed_cards``)."""
    return stream_placed_cards(data.decode("utf-8", errors="replace"), path)


def check_files(paths: list[Path], *, require_ids: bool = False) -> list[Problem]:
    """Reads and checks deck files; ids used twice are reported at every place they are used
    (with ``require_ids``, a card without an id is a problem too).

    Problems come file by file, in the order of ``paths``, each file's ordered by line.
    """
    order = {str(path): index for index, path in enumerate(dict.fromkeys(paths))}
    problems: list[Problem] = []
    scans: list[Scan] = []
    for name in order:
        file_problems, result = _check_file(Path(name), require_ids)
        problems += file_problems
        if result is not None:
            scans.append(result)
    problems += duplicate_problems(*scans)
    return sorted(problems, key=lambda p: (order[p.path], p.line))


def _check_file(path: Path, require_ids: bool) -> tuple[list[Problem], Scan | None]:
    name = str(path)
    if may_be_foreign(path.name):  # another tool's export named on the command line
        hint = _foreign(path, name)
        if hint is not None:
            return [Problem(path=name, line=1, message=hint)], None
    try:  # a link named on the command line is followed; what it leads to must be a file
        data = read_regular(path.resolve() if path.is_symlink() else path, MAX_BYTES, name)
    except RefusedFile as refused:
        return [Problem(path=name, line=1, message=refused.reason)], None
    return _check(data, name, build=False, require_ids=require_ids)


def _foreign(path: Path, name: str) -> str | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(sniff_size(path.name))
    except OSError:
        return None
    return foreign_file_hint(path.name, head)


def _check(
    data: bytes, path: str, *, build: bool = True, require_ids: bool = False
) -> tuple[list[Problem], Scan | None]:
    if len(data) > MAX_BYTES:
        return [_too_large(path, len(data))], None
    problems = _utf8_problems(data, path)
    text = data.decode("utf-8", errors="replace")
    result = scan(text, path, build=build, require_ids=require_ids, seconds=PARSE_SECONDS)
    problems += result.problems
    hint = foreign_hint(text, bool(problems))
    if hint is not None:
        problems.append(Problem(path=path, line=1, message=hint))
    return problems, result


def _too_large(path: str, size: int) -> Problem:
    message = f"file is too large ({size} bytes; the limit is {MAX_BYTES}); not checked"
    return Problem(path=path, line=1, message=message)


def _utf8_problems(data: bytes, path: str) -> list[Problem]:
    """Reports the first invalid UTF-8 byte of each line (at most a few lines)."""
    problems: list[Problem] = []
    start = 0
    while len(problems) < _MAX_UTF8_REPORTS:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            bad = start + error.start
            line = data.count(b"\n", 0, bad) + 1
            message = f"invalid UTF-8 (byte 0x{data[bad]:02x})"
            problems.append(Problem(path=path, line=line, message=message))
            start = data.find(b"\n", bad)
            if start < 0:
                break
    return problems
