"""Provides the deck-file parser: text in, a ``Deck`` or every problem found out."""

from __future__ import annotations

import time
from collections.abc import Iterator

from tandem.decks.chars import check_chars
from tandem.decks.frontmatter import is_delimiter, parse_front
from tandem.decks.lines import TextLines
from tandem.decks.model import Deck, DeckCard, FrontMatter, layout_problem
from tandem.decks.problems import DeckError, Problem
from tandem.decks.scanner import MAX_PROBLEMS, OverBudget, Scan, Scanner, Span

_OTHERS = 3
"""Other places a duplicate id's message names (each place gets its own message)."""

__all__ = [
    "Scan",
    "Span",
    "deck_of",
    "duplicate_problems",
    "parse_deck",
    "parse_with_spans",
    "scan",
    "stream_cards",
    "stream_placed_cards",
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
    """The deck a scan without problems read.

    Its blocks were validated as the scanner made them: only the deck's own rules (its
    layout) are checked here, not every card again.
    """
    deck = Deck.model_construct(front=result.front, blocks=result.blocks)
    problem = layout_problem(deck)
    if problem:  # pragma: no cover - the scanner builds valid decks
        raise DeckError([Problem(path=result.path, line=1, message=f"invalid deck: {problem}")])
    return deck


def duplicate_problems(*scans: Scan) -> list[Problem]:
    """Reports every id used by more than one card, at each place it is used (the first
    ``MAX_PROBLEMS`` places, each naming a few of the others)."""
    # A place is (scan, line) packed in one int, and only ids seen twice get a list: a
    # file of 300,000 ids stays a dict of ints.
    first: dict[str, int] = {}
    repeated: dict[str, list[int]] = {}
    for number, result in enumerate(scans):
        for span in result.spans:
            if span.id is not None and span.meta is not None:
                place = number << 40 | (span.meta + 1)
                seen = first.setdefault(span.id, place)
                if seen != place:
                    repeated.setdefault(span.id, [seen]).append(place)
    problems: list[Problem] = []
    total = sum(len(where) for where in repeated.values())
    for card_id in (card_id for card_id in first if card_id in repeated):
        where = repeated[card_id]
        named = [_place(scans, place) for place in where[: _OTHERS + 1]]
        for place in where:
            path, line = _place(scans, place)
            if len(problems) == MAX_PROBLEMS:  # one id in 300,000 cards: not 300,000 lines
                message = f"{total - MAX_PROBLEMS} more cards with a duplicate id (not listed)"
                return [*problems, Problem(path=path, line=line, message=message)]
            others = [f"{p}:{n}" for p, n in named if (p, n) != (path, line)]
            extra = len(where) - 1 - len(others[:_OTHERS])
            listed = ", ".join(others[:_OTHERS]) + (f" and {extra} more" if extra else "")
            message = f"duplicate id {card_id!r} (also at {listed})"
            problems.append(Problem(path=path, line=line, message=message))
    return problems


def _place(scans: tuple[Scan, ...], place: int) -> tuple[str, int]:
    return scans[place >> 40].path, place & (1 << 40) - 1


def scan(
    text: str,
    path: str,
    *,
    build: bool = True,
    require_ids: bool = False,
    seconds: float | None = None,
) -> Scan:
    """Reads ``text`` into blocks and card spans, collecting problems instead of raising.

    With ``build`` off only the problems are wanted (``tandem check``): no block is made,
    and only the spans of cards with an id are kept (for duplicate ids). With
    ``require_ids`` a card without an id is a problem. A scan that takes more than
    ``seconds`` stops with a problem at the line it reached (the file is not valid).
    """
    start = time.monotonic()
    text, problems = check_chars(text.removeprefix("\ufeff"))
    result = Scan(path=path, lines=TextLines(text))
    for index, message in problems:
        result.problem(index, message)
    deadline = None if seconds is None else start + seconds
    scanner = Scanner(result, build=build, require_ids=require_ids, deadline=deadline)
    try:
        scanner.run(_read_front(result, scanner))
    except OverBudget as over:
        message = f"reading the file took over {seconds:g} s (the budget of a deck file); skipped"
        result.problem(over.index, message)
    result.finish()
    return result


def stream_cards(text: str, path: str) -> tuple[FrontMatter | None, Iterator[DeckCard]]:
    """The front matter and the cards of a deck checked valid before, the cards made one at
    a time as they are read: a deck of 900,000 cards is never all in memory (a whole
    ``Deck`` takes ~1.5 KB a card)."""
    front, placed = stream_placed_cards(text, path)
    return front, (card for card, _ in placed)


def stream_placed_cards(
    text: str, path: str
) -> tuple[FrontMatter | None, Iterator[tuple[DeckCard, Span]]]:
    """``stream_cards``, each card with where it sits (as ``parse_with_spans`` gives it)."""
    text, _ = check_chars(text.removeprefix("\ufeff"))
    result = Scan(path=path, lines=TextLines(text))
    scanner = Scanner(result)
    start = _read_front(result, scanner)

    def cards() -> Iterator[tuple[DeckCard, Span]]:
        for _ in scanner.walk(start):
            built = [block for block in result.blocks if isinstance(block, DeckCard)]
            yield from zip(built, result.spans, strict=True)
            result.blocks.clear()
            result.spans.clear()

    return result.front, cards()


def _read_front(result: Scan, scanner: Scanner) -> int:
    lines = result.lines
    if not lines or not is_delimiter(lines[0]):
        return 0
    close = next((k for k in range(1, len(lines)) if is_delimiter(lines[k])), None)
    if close is None:
        result.problem(0, "front matter is not closed: add a +++ line after it")
        return 1
    for index in range(1, close):  # a conflict there is also invalid TOML: say which
        scanner.conflict(index, lines[index])
    result.front, problems = parse_front(lines[1:close], first=2)
    for line, message in problems:
        result.problem(line - 1, message)
    return close + 1
