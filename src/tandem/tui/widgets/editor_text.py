"""Provides a card draft as the Markdown text an external ``$EDITOR`` edits, and back.

The text is the deck-file form of one card (``Q:``/``A:`` or ``C:``, then a meta line with
tags and ``reverse``). Reading it back is lenient on purpose: whatever the user typed comes
back into the form, and the service says what is wrong when the card is saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.models import BadInputError
from tandem.services.authoring.writer import CardDraft

HEADER = "<!-- tandem: edit the card below, then save and quit to go back. -->"


def to_markdown(draft: CardDraft) -> str:
    """The card as it would stand in a deck file (without its id)."""
    lines = [HEADER, "", ("C: " if draft.kind == "cloze" else "Q: ") + draft.question]
    if draft.kind != "cloze" or draft.answer:
        lines.append("A: " + draft.answer)
    meta = ([f"tags: {', '.join(draft.tags)}"] if draft.tags else []) + (
        ["reverse"] if draft.reverse else []
    )
    if meta:
        lines.append(f"<!-- {' · '.join(meta)} -->")
    return "\n".join(lines) + "\n"


def from_markdown(text: str) -> CardDraft:
    """The draft in ``text``; lines before the first ``Q:``/``C:`` are ignored.

    Raises:
        BadInputError: there is no ``Q:`` or ``C:`` line.
    """
    kind: str | None = None
    parts: dict[str, list[str]] = {"question": [], "answer": []}
    current: list[str] | None = None
    tags: tuple[str, ...] = ()
    reverse = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if kind is None and line[:2] in ("Q:", "C:"):
            kind = "cloze" if line.startswith("C:") else "basic"
            current = parts["question"]
            current.append(_after_marker(line))
        elif current is parts["question"] and line.startswith("A:"):
            current = parts["answer"]
            current.append(_after_marker(line))
        elif kind is not None and _is_meta(line):
            tags, reverse = _meta(line)
            current = None
        elif current is not None:
            current.append(line)
    if kind is None:
        raise BadInputError("The file has no Q: or C: line, so the card was left as it was.")
    question, answer = ("\n".join(parts[k]).strip("\n") for k in ("question", "answer"))
    return CardDraft(kind, question, answer, reverse and kind == "basic", tags)


def _after_marker(line: str) -> str:
    rest = line[2:]
    return rest[1:] if rest.startswith(" ") else rest


def _is_meta(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("<!--") and stripped.endswith("-->")


def _meta(line: str) -> tuple[tuple[str, ...], bool]:
    tags: tuple[str, ...] = ()
    reverse = False
    for field in line.strip().removeprefix("<!--").removesuffix("-->").split("·"):
        name, _, value = field.strip().partition(":")
        if name.strip() == "tags":
            tags = tuple(t for t in value.replace(",", " ").split() if t)
        elif name.strip() == "reverse":
            reverse = True
    return tags, reverse


@dataclass(frozen=True)
class WrittenCard:
    """A card of a session log, as its list shows it."""

    id: str
    kind: str
    question: str
    by: str | None
