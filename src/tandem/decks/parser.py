"""Provides the deck-file parser: text in, a ``Deck`` or every problem found out."""

from __future__ import annotations

from pydantic import ValidationError

from tandem.decks.chars import check_chars
from tandem.decks.frontmatter import is_delimiter, parse_front
from tandem.decks.model import Deck
from tandem.decks.problems import DeckError, Problem
from tandem.decks.scanner import Scan, Scanner, Span

__all__ = [
    "Scan",
    "Span",
    "deck_of",
    "duplicate_problems",
    "parse_deck",
    "parse_with_spans",
    "scan",
]


def parse_deck(text: str, path: str = "<deck>") -> Deck:
    """Parses a deck file's text (a leading BOM is ignored).

    Raises:
        DeckError: the text is not a valid deck; it lists every problem found.
    """
    return parse_with_spans(text, path)[0]


def parse_with_spans(text: str, path: str = "<deck>") -> tuple[Deck, list[Span]]:
    """Parses like ``parse_deck`` and also returns where each card sits in the file."""
    result = scan(text, path)
    problems = sorted(result.problems + duplicate_problems(result), key=lambda p: p.line)
    if problems:
        raise DeckError(problems)
    return deck_of(result), result.spans


def deck_of(result: Scan) -> Deck:
    """The deck a scan without problems read."""
    try:
        return Deck(front=result.front, blocks=result.blocks)
    except ValidationError as error:  # pragma: no cover - the scanner builds valid decks
        problem = Problem(path=result.path, line=1, message=f"invalid deck: {error}")
        raise DeckError([problem]) from None


def duplicate_problems(*scans: Scan) -> list[Problem]:
    """Reports every id used by more than one card, at each place it is used."""
    places: dict[str, list[tuple[str, int]]] = {}
    for result in scans:
        for span in result.spans:
            if span.id is not None and span.meta is not None:
                places.setdefault(span.id, []).append((result.path, span.meta + 1))
    problems = []
    for card_id, where in places.items():
        for path, line in where if len(where) > 1 else []:
            others = ", ".join(f"{p}:{n}" for p, n in where if (p, n) != (path, line))
            message = f"duplicate id {card_id!r} (also at {others})"
            problems.append(Problem(path=path, line=line, message=message))
    return problems


def scan(text: str, path: str) -> Scan:
    """Reads ``text`` into blocks and card spans, collecting problems instead of raising."""
    result = Scan(path=path, lines=[])
    text, problems = check_chars(text.removeprefix("\ufeff"))
    for index, message in problems:
        result.problem(index, message)
    result.lines = text.split("\n")
    if result.lines[-1] == "":
        result.lines.pop()
    Scanner(result).run(_read_front(result))
    result.finish()
    return result


def _read_front(result: Scan) -> int:
    lines = result.lines
    if not lines or not is_delimiter(lines[0]):
        return 0
    close = next((k for k in range(1, len(lines)) if is_delimiter(lines[k])), None)
    if close is None:
        result.problem(0, "front matter is not closed: add a +++ line after it")
        return 1
    result.front, problems = parse_front(lines[1:close], first=2)
    for line, message in problems:
        result.problem(line - 1, message)
    return close + 1
