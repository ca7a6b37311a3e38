"""Provides how a card's two sides are made from its note (forward, reverse, cloze n)."""

from __future__ import annotations

import re

from tandem.decks.cloze import render_cloze
from tandem.models import CardKey, CardKind, CardState, StudyCard
from tandem.storage.note_rows import DeckRow, NoteRow


def render_card(
    key: str, variant: str, note: NoteRow, deck: DeckRow, state: CardState | None = None
) -> StudyCard:
    """Builds the card as shown: a reverse card asks the answer, a cloze hides one deletion;
    the note's extra fields follow the answer, each under its name."""
    card = CardKey(note.id, variant)
    number = card.cloze_number
    if note.kind == CardKind.CLOZE and number is not None:
        question = render_cloze(note.question, number, reveal=False)
        answer = render_cloze(note.question, number, reveal=True)
        if note.answer:
            answer += "\n\n" + note.answer
    elif card.is_reverse:
        question, answer = note.answer, note.question
    else:
        question, answer = note.question, note.answer
    return StudyCard(
        key=key,
        note_id=note.id,
        kind=CardKind(note.kind),
        question=question,
        answer=with_fields(answer, note.fields),
        deck_title=deck.title,
        deck_path=deck.path,
        author=note.author,
        tags=note.tags,
        state=state or CardState(),
    )


_MARKDOWN_CHARS = re.compile(r"([\\`*_\[\]{}()#+\-.!|<>~&])")


def with_fields(answer: str, fields: tuple[tuple[str, str], ...]) -> str:
    """The answer side's Markdown: the answer, then each extra field that holds text as a
    paragraph led by its name in bold (``**Example:** text``; a field of several lines
    starts on the line after its name)."""
    parts = [answer] if answer.strip() else []
    for name, text in fields:
        body = text.strip("\n")
        if not body.strip():
            continue
        label = "**" + _MARKDOWN_CHARS.sub(r"\\\1", name) + ":**"
        parts.append(f"{label} {body}" if "\n" not in body else f"{label}\n\n{body}")
    return "\n\n".join(parts)
