"""Provides the card search language, read into terms (Anki's search syntax where it applies).

``rebase "window function" deck:git* tag:sql -is:suspended (is:new or is:learn)``:
words and quoted phrases match the notes' text; ``field:value`` terms filter; terms side by
side must all hold; ``or`` joins alternatives; ``-`` negates; parentheses group. Nothing
here knows SQL: ``storage`` turns the terms into a query.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tandem.models.errors import BadInputError

MAX_QUERY = 2_000
"""Characters a query may have (a bound on the work a typed query can ask for)."""
MAX_DEPTH = 32
"""Parentheses and negations nested in one another, at most."""


class Field(StrEnum):
    """The ``field:`` filters."""

    DECK = "deck"
    TAG = "tag"
    KIND = "kind"
    BY = "by"
    IS = "is"
    CARD = "card"
    PROP = "prop"
    """``prop:due<N`` and kin: due N study days from today (Anki's), the person's."""


class State(StrEnum):
    """The values of ``is:`` (a person's view of a card)."""

    NEW = "new"
    LEARN = "learn"
    REVIEW = "review"
    DUE = "due"
    SUSPENDED = "suspended"
    BURIED = "buried"
    LEECH = "leech"


class Sort(StrEnum):
    """What a list of found cards can be sorted by (a person's state of each card)."""

    DUE = "due"
    INTERVAL = "interval"
    STABILITY = "stability"
    DIFFICULTY = "difficulty"
    LAPSES = "lapses"
    RETRIEVABILITY = "retrievability"
    """Lowest first: the card most likely forgotten now."""
    LAST_REVIEW = "last-review"


@dataclass(frozen=True)
class Order:
    """A sort of found cards: by ``sort`` (``None``: deck order), ``descending`` or not.
    Cards without the value (new cards have no interval) come last either way."""

    sort: Sort | None = None
    descending: bool = False


DECK_ORDER = Order()
"""Deck order: deck file path, then each card's place in its file."""


@dataclass(frozen=True)
class Text:
    """Words the notes' question, answer or tags must hold (``phrase``: in this order)."""

    words: str
    phrase: bool = False


@dataclass(frozen=True)
class Filter:
    """``field:value``; ``*`` in the value matches any run of characters."""

    field: Field
    value: str


@dataclass(frozen=True)
class DueRange:
    """Cards with a due date (learning or review) from ``start`` up to ``end`` (``None``: no
    bound): a ``prop:due`` filter once the person's study days are known (``with_due_days``)."""

    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class Not:
    term: Term


@dataclass(frozen=True)
class All:
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Any_:
    terms: tuple[Term, ...]


Term = Text | Filter | DueRange | Not | All | Any_


def parse_query(text: str) -> Term:
    """The terms of ``text`` (an empty query matches every card).

    Raises:
        BadInputError: the query cannot be read; the message says where.
    """
    if len(text) > MAX_QUERY:
        raise BadInputError(f"search: longer than {MAX_QUERY} characters")
    parser = _Parser(_tokens(text))
    term = parser.any_()
    if parser.peek() is not None:
        raise BadInputError(f"search: unexpected {parser.peek()!r}")
    return term


def uses_states(term: Term) -> bool:
    """Whether ``term`` asks about a person's view of cards (``is:``, ``prop:``)."""
    if isinstance(term, Filter):
        return term.field in (Field.IS, Field.PROP)
    if isinstance(term, Not):
        return uses_states(term.term)
    if isinstance(term, All | Any_):
        return any(uses_states(t) for t in term.terms)
    return False


def _tokens(text: str) -> list[str]:
    """Words, ``"quoted phrases"`` (kept with their quotes), ``(``, ``)`` and ``-``."""
    tokens, index = [], 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
        elif char in "()":
            tokens.append(char)
            index += 1
        elif char == "-":  # at the start of a term: its negation
            tokens.append("-")
            index += 1
        else:
            end = _token_end(text, index)
            tokens.append(text[index:end])
            index = end
    return tokens


def _token_end(text: str, index: int) -> int:
    quoted = False
    while index < len(text):
        char = text[index]
        if char == "\\" and text[index + 1 : index + 2] in _ESCAPED:
            index += 1  # an escaped quote or backslash: part of the word, ends nothing
        elif char == '"':
            quoted = not quoted
        elif not quoted and (char.isspace() or char in "()"):
            break
        index += 1
    return index


_ESCAPED = ('"', "\\")
_ESCAPE = re.compile(r'\\(["\\])')


def _unquoted(text: str) -> str:
    """``text`` without the quotes around it (or around its part after ``field:``), with
    ``\\"`` read as ``"`` and ``\\\\`` as ``\\`` (Anki's escapes; any other backslash is
    itself)."""
    if "\\" not in text:
        return text.replace('"', "")
    return "".join(
        part if index % 2 else part.replace('"', "")
        for index, part in enumerate(_ESCAPE.split(text))
    )


def quoted_value(value: str) -> str:
    """``value`` as a search reads it back as one word, exactly: as it is when it needs no
    quotes, else in quotes with ``"`` and ``\\`` escaped."""
    if value and all(c.isalnum() or c in "._-*/" for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Parser:
    """any := all ("or" all)* ; all := unary+ ; unary := "-" unary | "(" any ")" | atom."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def any_(self) -> Term:
        terms = [self.all_()]
        while (token := self.peek()) is not None and token.lower() == "or":
            self.take()
            terms.append(self.all_())
        return terms[0] if len(terms) == 1 else Any_(tuple(terms))

    def all_(self) -> Term:
        terms: list[Term] = []
        while (token := self.peek()) is not None and token != ")" and token.lower() != "or":
            terms.append(self.unary())
        if not terms and self.at:
            raise BadInputError("search: nothing on one side of 'or' or inside '( )'")
        return terms[0] if len(terms) == 1 else All(tuple(terms))

    def unary(self) -> Term:
        self.depth += 1
        try:
            return self._unary(self.take())
        finally:
            self.depth -= 1

    def _unary(self, token: str) -> Term:
        if self.depth > MAX_DEPTH:
            raise BadInputError(f"search: more than {MAX_DEPTH} levels of '(' or '-'")
        if token == "-":
            if self.peek() in (None, ")"):
                raise BadInputError("search: '-' needs a term after it")
            return Not(self.unary())
        if token == "(":
            if self.peek() is None:
                raise BadInputError("search: '(' without its ')'")
            term = self.any_()
            if self.peek() != ")":
                raise BadInputError("search: '(' without its ')'")
            self.take()
            return term
        if token == ")":
            raise BadInputError("search: ')' without its '('")
        return _atom(token)


_FIELDS = {field.value for field in Field}
_STATES = {state.value for state in State}


def _atom(token: str) -> Term:
    name, colon, value = token.partition(":")
    if colon and name.lower() in _FIELDS:
        field = Field(name.lower())
        value = _unquoted(value)
        if not value:
            raise BadInputError(f"search: {name}: needs a value")
        if field is Field.IS and value.lower() not in _STATES:
            known = ", ".join(f"is:{state}" for state in State)
            raise BadInputError(f"search: unknown {token!r} (one of {known})")
        if field is Field.PROP and not _PROP_DUE.fullmatch(value.lower()):
            raise BadInputError(
                f"search: unknown {token!r} (prop:due<N, <=, =, !=, >=, >: due N study days "
                "from today, -1 yesterday)"
            )
        lower = field in (Field.IS, Field.KIND, Field.PROP)
        return Filter(field, value.lower() if lower else value)
    if token.startswith('"'):
        return Text(_unquoted(token), phrase=True)
    return Text(_unquoted(token) if "\\" in token else token)


_PROP_DUE = re.compile(r"due(<=|>=|!=|<|>|=)(-?\d{1,5})")


def with_due_days(term: Term, day_start: Callable[[int], datetime]) -> Term:
    """``term`` with each ``prop:due`` filter read as a range of due dates; ``day_start(k)``
    is when the person's study day ``k`` days from today begins (0: today)."""
    if isinstance(term, Filter) and term.field is Field.PROP:
        match = _PROP_DUE.fullmatch(term.value)
        assert match is not None  # checked when read
        op, days = match[1], int(match[2])
        at, after = day_start(days), day_start(days + 1)
        ranges = {
            "<": DueRange(None, at), "<=": DueRange(None, after), "=": DueRange(at, after),
            ">=": DueRange(at, None), ">": DueRange(after, None),
        }  # fmt: skip
        return ranges.get(op) or Any_((DueRange(None, at), DueRange(after, None)))
    if isinstance(term, Not):
        return Not(with_due_days(term.term, day_start))
    if isinstance(term, All):
        return All(tuple(with_due_days(t, day_start) for t in term.terms))
    if isinstance(term, Any_):
        return Any_(tuple(with_due_days(t, day_start) for t in term.terms))
    return term
