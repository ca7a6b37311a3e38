"""Provides the deck models: front matter, cards, notes blocks, decks and problems."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tandem.decks.cloze import MAX_CLOZE, cloze_numbers, has_too_large_number
from tandem.decks.ids import is_valid_id
from tandem.decks.lines import (
    bad_char,
    card_text_problem,
    is_blank,
    is_indented,
    is_valid_field_name,
    is_valid_name,
    is_valid_tag,
    is_valid_title,
    notes_text_problem,
)
from tandem.decks.meta import is_valid_guid

_FROZEN = ConfigDict(frozen=True, extra="forbid")

SCANNED: dict[str, bool] = {"scanned": True}
"""The validation context of a card the deck scanner read without a problem: it checked
every rule of a card's content already (``tests/decks/test_scanned_cards.py``), so only
the types are validated again."""


class FrontMatter(BaseModel):
    """The TOML front matter of a deck file. ``source`` is its TOML as the file had it
    (``None`` when tandem made it), which writing keeps as far as the values allow
    (``frontmatter.render_front``); it takes no part in equality or dumps."""

    model_config = _FROZEN

    title: str | None = None
    date: dt.date | None = None
    partners: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    source: str | None = Field(default=None, exclude=True)

    @field_validator("date", mode="before")
    @classmethod
    def _date_only(cls, value: object) -> object:
        if isinstance(value, dt.datetime):
            raise ValueError("date must be a date without a time")
        return value

    @model_validator(mode="after")
    def _valid(self) -> Self:
        if self.title is not None and not is_valid_title(self.title):
            raise ValueError("title must be one line without control characters")
        if not all(is_valid_name(name) for name in self.partners):
            raise ValueError("partners must be names (no ·, -->, or surrounding spaces)")
        if not all(is_valid_tag(tag) for tag in self.tags):
            raise ValueError("tags must have no whitespace, comma or ·")
        return self

    def content(self) -> tuple[object, ...]:
        """The fields equality compares: title, date, partners and tags (tuples)."""
        return (self.title, self.date, tuple(self.partners), tuple(self.tags))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrontMatter):
            return NotImplemented
        return self.content() == other.content()

    def __hash__(self) -> int:
        return hash(self.content())


class DeckCard(BaseModel):
    """One note of a deck file: a ``Q:``/``A:`` basic card or a ``C:`` cloze.

    For a cloze, ``question`` holds the cloze text and ``answer`` the optional back extra
    (the ``A:`` after a ``C:``; empty when there is none). ``fields`` are the note's extra
    fields in file order, ``(name, text)`` pairs written ``F: Name: text`` after the answer
    (an Anki note type's fields past the second). ``line`` is where the card's marker is in
    the file (0 when unknown); it takes no part in equality or dumps.
    """

    model_config = _FROZEN

    kind: Literal["basic", "cloze"]
    question: str
    answer: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    id: str | None = None
    by: str | None = None
    tags: list[str] = Field(default_factory=list)
    reverse: bool = False
    guid: str | None = None
    line: int = Field(default=0, ge=0, exclude=True)
    _checked: tuple[object, ...] | None = PrivateAttr(default=None)
    """The content as it was when checked (a card put into a Deck is not checked again
    unless it changed since: ``model_copy(update=...)``, ``model_construct``, its tags)."""

    @model_validator(mode="wrap")
    @classmethod
    def _valid(
        cls, data: Any, handler: ModelWrapValidatorHandler[Self], info: ValidationInfo
    ) -> Self:
        # ``_checked`` is read and written in ``__pydantic_private__``, where pydantic keeps
        # it: reading it as an attribute goes through ``BaseModel.__getattr__``, 30 times
        # slower, and a deck of 10,000 cards checks every card again.
        if isinstance(data, cls) and _private(data).get("_checked") == data.content():
            return data
        card = handler(data)
        if info.context is not SCANNED:  # the scanner checked every rule below already
            problems = content_problems(card.kind, card.question, card.reverse)
            problems += _field_problems(card)
            if problems:
                raise ValueError("; ".join(problems))
        _private(card)["_checked"] = card.content()
        return card

    def placed(self, line: int, id_: str) -> DeckCard:
        """This card at ``line`` of its file with the id ``id_`` (its own, or a new one when
        it had none), without checking it again (a derived id is valid, the rest was)."""
        update: dict[str, object] = {"line": line, "id": id_}
        checked = _private(self).get("_checked") == self.content()
        card = self.model_copy(update=update)
        if checked:
            _private(card)["_checked"] = card.content()
        return card

    @property
    def has_meta(self) -> bool:
        """Tells whether the card is written with a meta line."""
        return bool(self.id or self.by or self.tags or self.reverse or self.guid)

    def content(self) -> tuple[object, ...]:
        """The fields equality compares: kind, question, answer, id, by, tags (a tuple),
        reverse, guid, and the extra fields."""
        tags = tuple(self.tags)
        return (
            self.kind,
            self.question,
            self.answer,
            self.fields,
            self.id,
            self.by,
            tags,
            self.reverse,
            self.guid,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DeckCard):
            return NotImplemented
        return self.content() == other.content()

    def __hash__(self) -> int:
        return hash(self.content())


def _private(card: DeckCard) -> dict[str, Any]:
    private = card.__pydantic_private__
    if private is None:  # pragma: no cover - pydantic sets it on every model with one
        private = {}
        object.__setattr__(card, "__pydantic_private__", private)
    return private


EMPTY_QUESTION = "question is empty"
NO_DELETION = "cloze has no deletion like {{c1::text}}"
REVERSE_CLOZE = "reverse is only for Q:/A: cards, not for a cloze"
CLOZE_TOO_LARGE = f"cloze number larger than {MAX_CLOZE}"


def content_problems(kind: str, question: str, reverse: bool) -> list[str]:
    """Returns what is wrong with a card's content (empty question, cloze rules)."""
    if kind == "basic":
        return [EMPTY_QUESTION] if is_blank(question) else []
    problems = [] if cloze_numbers(question) else [NO_DELETION]
    if has_too_large_number(question):
        problems.append(CLOZE_TOO_LARGE)
    if reverse:
        problems.append(REVERSE_CLOZE)
    return problems


def _field_problems(card: DeckCard) -> list[str]:
    question, answer = card.question, card.answer
    if (
        card_text_problem(question) is None
        and card_text_problem(answer) is None
        and bad_char(question) is None
        and bad_char(answer) is None
    ):
        problems = []  # nearly every card: the messages below need not be worked out
    else:
        problems = _text_problems("question", question) + _text_problems("answer", answer)
    problems.extend(field_problems(card.fields))
    if card.id is not None and not is_valid_id(card.id):
        problems.append(f"invalid id {card.id!r}")
    if card.by is not None and not is_valid_name(card.by):
        problems.append(f"invalid name {card.by!r}")
    if not all(is_valid_tag(tag) for tag in card.tags):
        problems.append("tags must have no whitespace, comma or ·")
    if card.guid is not None and not is_valid_guid(card.guid):
        problems.append(f"invalid guid {card.guid!r}")
    return problems


def field_problems(fields: tuple[tuple[str, str], ...]) -> list[str]:
    """Returns what is wrong with a card's extra fields: names, repeated names, texts."""
    problems: list[str] = []
    seen: set[str] = set()
    for name, text in fields:
        if not is_valid_field_name(name):
            problems.append(f"invalid field name {name!r} (one line, no colon)")
        elif name in seen:
            problems.append(f"field {name!r} appears twice")
        seen.add(name)
        if card_text_problem(text) is not None or bad_char(text) is not None:
            problems.extend(_text_problems(f"field {name!r}", text))
    return problems


def _text_problems(name: str, text: str) -> list[str]:
    problems = []
    problem = card_text_problem(text)
    if problem:
        problems.append(f"{name}: {problem}")
    char = bad_char(text)
    if char:
        problems.append(f"{name}: control or bidi override character U+{ord(char):04X}")
    return problems


class NotesBlock(BaseModel):
    """Free Markdown between cards, kept verbatim (without surrounding blank lines)."""

    model_config = _FROZEN

    text: str

    @model_validator(mode="after")
    def _valid(self) -> Self:
        problem = notes_text_problem(self.text) or (bad_char(self.text) and "control character")
        if problem:
            raise ValueError(problem)
        return self


class Deck(BaseModel):
    """A parsed deck file: optional front matter, then notes and cards in file order."""

    model_config = _FROZEN

    front: FrontMatter | None = None
    blocks: list[NotesBlock | DeckCard] = Field(default_factory=list)

    @model_validator(mode="after")
    def _valid(self) -> Self:
        problem = layout_problem(self)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def cards(self) -> list[DeckCard]:
        """The deck's cards, in file order."""
        return [block for block in self.blocks if isinstance(block, DeckCard)]

    @property
    def is_session_log(self) -> bool:
        """Tells whether the deck records a session: its front matter has a date and partners."""
        return self.front is not None and self.front.date is not None and bool(self.front.partners)


def _answer_reads_on(card: DeckCard) -> bool:
    """Whether text after this card would be read as its answer, which a parser refuses
    (an empty ``A:`` with nothing after it before a blank line: another tool's habit)."""
    empty = card.kind == "basic" and not card.answer.strip()
    return empty and not card.fields and not card.has_meta


def layout_problem(deck: Deck) -> str | None:
    """Why the deck's blocks cannot stand in this order (or ids repeat), or None."""
    ids = [card.id for card in deck.cards if card.id is not None]
    if len(ids) != len(set(ids)):
        return "card ids must be unique within a deck"
    previous: NotesBlock | DeckCard | None = None
    for block in deck.blocks:
        if isinstance(block, NotesBlock):
            if isinstance(previous, NotesBlock):
                return "two notes blocks cannot follow each other"
            if isinstance(previous, DeckCard) and not previous.has_meta and is_indented(block.text):
                return "notes after a card without meta line cannot start indented"
            if isinstance(previous, DeckCard) and _answer_reads_on(previous):
                return "notes after a card with an empty answer and no meta line read as its answer"
            if previous is None and deck.front is None:
                first = block.text.split("\n", 1)[0]
                if first.startswith("\ufeff") or first.rstrip(" \t") == "+++":
                    return "a deck without front matter cannot start with +++ or a BOM"
        previous = block
    return None
