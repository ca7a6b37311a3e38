"""Provides how a card's two sides are made from its note (forward, reverse, cloze n)."""

from __future__ import annotations

from tandem.decks.cloze import render_cloze
from tandem.models import CardKey, CardKind, CardState, StudyCard
from tandem.storage.note_rows import DeckRow, NoteRow


def render_card(
    key: str, variant: str, note: NoteRow, deck: DeckRow, state: CardState | None = None
) -> StudyCard:
    """Builds the card as shown: a reverse card asks the answer, a cloze hides one deletion."""
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
        answer=answer,
        deck_title=deck.title,
        deck_path=deck.path,
        author=note.author,
        tags=note.tags,
        state=state or CardState(),
    )
