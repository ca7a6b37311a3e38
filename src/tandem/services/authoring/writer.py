"""Provides writing in a session: session-log files, new cards, edits, the session's notes;
and the browser's edits of many cards: tags added or taken off, cards taken out (retired).

Every change goes to the deck file first (atomically) and into the database in the same
locked step, so a card written in a session is in the partner's queue at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from tandem.config.files import write_atomically
from tandem.decks.check import MAX_BYTES, read_deck
from tandem.decks.edit import append_card, continue_paragraphs, remove_card, replace_card
from tandem.decks.files import deck_target, read_regular
from tandem.decks.lines import is_valid_tag
from tandem.decks.model import Deck, DeckCard, FrontMatter, NotesBlock
from tandem.decks.parser import parse_deck
from tandem.decks.writer import write_deck
from tandem.models import BadInputError, NotFoundError, StorageError, TandemError, new_id
from tandem.services.context import Context
from tandem.services.sync.sync import Sync

SESSIONS_FOLDER = "sessions"
_ATTEMPTS = 5
T = TypeVar("T")


@dataclass(frozen=True)
class CardDraft:
    """A card as the editor holds it."""

    kind: str
    question: str
    answer: str = ""
    reverse: bool = False
    tags: tuple[str, ...] = ()


class Authoring:
    """Creates session logs and writes cards and notes into deck files."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def start_session(
        self,
        title: str,
        partners: list[str],
        tags: list[str] | None = None,
        date: dt.date | None = None,
    ) -> str:
        """Creates ``sessions/DATE-title.md`` with the front matter; returns its path.

        Without ``date``, the session is dated by the first partner's study day (a session
        at 01:30, before a 4 am day start, belongs to the day before, as its reviews do).
        """
        for person in partners:
            self.ctx.person(person)
        day = date or self._study_day(partners)
        front = _valid(lambda: FrontMatter(title=title.strip(), date=day, partners=partners,
                                           tags=tags or []))  # fmt: skip
        root = self.ctx.paths.decks
        stem = f"{SESSIONS_FOLDER}/{day.isoformat()}-{_slug(title)}"
        rel, number = f"{stem}.md", 1
        path = deck_target(root, rel)  # the sessions folder may be a link out of the decks
        while path.exists():
            number += 1
            rel = f"{stem}-{number}.md"
            path = deck_target(root, rel)
        from tandem.decks.ignore import IgnoreRules

        if IgnoreRules(root).ignores(rel):  # its cards would never reach a queue
            raise BadInputError(f"{rel}: .tandemignore leaves it out; no session was started")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"{path.parent}: cannot write: {error.strerror}") from None
        with self.ctx.store.write():
            write_atomically(path, write_deck(Deck(front=front, blocks=[])).encode("utf-8"))
            Sync(self.ctx).run(only={rel})
        return rel

    def _study_day(self, partners: list[str]) -> dt.date:
        from tandem.scheduling.days import DayBoundary

        days = self.ctx.person(partners[0]).days if partners else DayBoundary()
        return days.study_date(self.ctx.clock.now())

    def add_card(self, deck: str, draft: CardDraft, author: str) -> str:
        """Appends a card written by ``author`` to ``deck``; returns its id."""
        self.ctx.person(author)
        known = self.ctx.cards.note_ids()
        chosen: list[str] = []

        def append(text: str) -> str:
            taken = known | {c.id for c in parse_deck(text).cards if c.id}
            while (card_id := new_id()) in taken:
                pass
            chosen.append(card_id)
            return append_card(text, _card(draft, card_id=card_id, by=author, guid=None))

        self._change(deck, append)
        return chosen[-1]

    def edit_card(self, note_id: str, draft: CardDraft) -> None:
        """Rewrites the card ``note_id`` in its deck file; its id and history stay, and so
        do its extra fields (the draft does not hold them)."""

        def edit(text: str) -> str:
            old = next(c for c in parse_deck(text).cards if c.id == note_id)
            card = _card(draft, card_id=note_id, by=old.by, guid=old.guid, fields=old.fields)
            return replace_card(text, note_id, card)

        self._change(self._deck_of(note_id), edit)

    def retag(
        self, note_ids: Sequence[str], add: Sequence[str], remove: Sequence[str]
    ) -> list[str]:
        """Adds the tags ``add`` to the cards ``note_ids`` and takes ``remove`` off, in their
        deck files (meta lines; ids, text and every other card stay); returns the notes
        whose tags changed. A deck's own tags (front matter) stay: they are the deck's."""
        bad = [tag for tag in (*add, *remove) if not is_valid_tag(tag)]
        if bad:
            raise BadInputError(f"tag {bad[0]!r}: a tag has no whitespace, comma or ·")
        changed: list[str] = []

        def edit(text: str, ids: set[str]) -> str:
            for card in parse_deck(text).cards:
                if card.id not in ids:
                    continue
                tags = [t for t in card.tags if t not in remove]
                tags += [t for t in add if t not in tags]
                if tags != card.tags:
                    text = replace_card(text, card.id, card.model_copy(update={"tags": tags}))
                    changed.append(card.id)
            return text

        self._edit_notes(note_ids, edit, changed)
        return changed

    def remove_cards(self, note_ids: Sequence[str]) -> list[str]:
        """Takes the cards ``note_ids`` out of their deck files, which retires them: their
        history stays, and a card put back with its id comes back with it."""
        removed: list[str] = []

        def edit(text: str, ids: set[str]) -> str:
            for card in parse_deck(text).cards:
                if card.id in ids:
                    text = remove_card(text, card.id)
                    removed.append(card.id)
            return text

        self._edit_notes(note_ids, edit, removed)
        return removed

    def _edit_notes(
        self, note_ids: Sequence[str], edit: Callable[[str, set[str]], str], done: list[str]
    ) -> None:
        """Applies ``edit`` to each deck file holding some of ``note_ids``, one file at a
        time (each written and synced at once); ``done`` is cleared before each attempt."""
        by_deck: dict[str, set[str]] = {}
        for note_id in dict.fromkeys(note_ids):
            by_deck.setdefault(self._deck_of(note_id), set()).add(note_id)
        for deck, ids in by_deck.items():
            before = len(done)

            def change(text: str, ids: set[str] = ids, before: int = before) -> str:
                del done[before:]  # the file changed meanwhile: the edit is made again
                return edit(text, ids)

            self._change(deck, change)

    def draft(self, note_id: str) -> tuple[str, CardDraft]:
        """The deck path and the editable fields of a card, as its file has them."""
        deck = self._deck_of(note_id)
        card = next(c for c in parse_deck(self._read(deck)).cards if c.id == note_id)
        return deck, CardDraft(card.kind, card.question, card.answer, card.reverse,
                               tuple(card.tags))  # fmt: skip

    def cards(self, deck: str) -> list[tuple[str, CardDraft, str | None]]:
        """The cards of ``deck`` that have an id, in file order: (id, draft, author)."""
        return [
            (card.id, CardDraft(card.kind, card.question, card.answer, card.reverse,
                                tuple(card.tags)), card.by)
            for card in parse_deck(self._read(deck)).cards
            if card.id
        ]  # fmt: skip

    def notes(self, deck: str) -> str:
        """The session's notes: the Markdown before the first card."""
        blocks = parse_deck(self._read(deck)).blocks
        return blocks[0].text if blocks and isinstance(blocks[0], NotesBlock) else ""

    def set_notes(self, deck: str, text: str) -> None:
        """Replaces the notes before the first card (the file is written canonically)."""

        def rewrite(current: str) -> str:
            parsed = parse_deck(current)
            blocks = list(parsed.blocks)
            if blocks and isinstance(blocks[0], NotesBlock):
                blocks.pop(0)
            if text.strip():
                blocks.insert(0, _valid(lambda: NotesBlock(text=text.strip("\n"))))
            return write_deck(_valid(lambda: Deck(front=parsed.front, blocks=blocks)))

        self._change(deck, rewrite)

    def deck_text(self, note_id: str) -> tuple[str, str]:
        """The deck (relative path) holding the card ``note_id``, and the file's text."""
        deck = self._deck_of(note_id)
        return deck, self._read(deck)

    def _deck_of(self, note_id: str) -> str:
        note = self.ctx.cards.note(note_id)
        if note is None or note.retired:
            raise NotFoundError(f"no card {note_id}")
        return next(d.path for d in self.ctx.cards.decks() if d.id == note.deck_id)

    def _read(self, deck: str) -> str:
        path = self._path(deck)
        if not path.is_file():
            raise NotFoundError(f"{deck}: no such deck file")
        data = read_regular(path, MAX_BYTES, deck)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise BadInputError(f"{deck}: not UTF-8 (tandem check says where)") from None

    def _change(self, deck: str, change: Callable[[str], str]) -> None:
        """Writes ``change(text)`` to ``deck`` and syncs it, holding the lock only to write.

        Reading, editing, checking and parsing happen before the lock; under it the file is
        only compared with what was read (another terminal may have written it meanwhile:
        then the change is made again on the new text), written, and synced.
        """
        for _ in range(_ATTEMPTS):
            text = self._read(deck)
            data = change(text).encode("utf-8")
            parsed, problems = read_deck(data, deck)
            if parsed is None:
                raise BadInputError(str(problems[0]), details=[str(p) for p in problems])
            with self.ctx.store.write():
                if self._read(deck) != text:
                    continue
                write_atomically(self._path(deck), data)
                Sync(self.ctx).run(only={deck}, prepared={deck: (data, parsed)})
                return
        raise TandemError(f"{deck} kept changing while it was written; try again")

    def _path(self, deck: str) -> Path:
        return deck_target(self.ctx.paths.decks, deck)


def _card(
    draft: CardDraft,
    *,
    card_id: str,
    by: str | None,
    guid: str | None,
    fields: tuple[tuple[str, str], ...] = (),
) -> DeckCard:
    question = continue_paragraphs(draft.question.strip("\n"))
    answer = continue_paragraphs(draft.answer.strip("\n"))
    if draft.kind == "basic" and not answer.strip():
        raise BadInputError("a Q/A card needs an answer")
    return _valid(lambda: DeckCard(
        kind=draft.kind, question=question, answer=answer, fields=fields,
        id=card_id, by=by, tags=list(draft.tags), reverse=draft.reverse, guid=guid,
    ))  # fmt: skip


def _valid(make: Callable[[], T]) -> T:
    try:
        return make()
    except ValidationError as error:
        messages = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
        raise BadInputError(messages) from None


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "session"
