"""Provides the reading side of a sync: deck files read and checked, most of it before the lock.

Deck files come from other people, so the work on them (reading, checking, parsing) is done
before the database's write lock is taken: another terminal waiting for the lock never
waits on it. Under the lock each changed file is read again (a read, no parse) and its
bytes compared with what was checked; only a file that changed in between is parsed there.

Memory stays bounded however many cards the folder holds: the parsed decks are kept only up
to :data:`HELD_CARDS` cards in all (a deck takes ~1.5 KB a card); past that, a file keeps its
bytes and its cards' ids, and its cards are read again one at a time when they are saved
(and given their ids then: ``id_writing``). A file over :data:`STREAMED_BYTES` is never made
a whole deck: it is checked without building one, and its cards are made one at a time. A
sync of a normal folder parses each kept file once and each other file twice, whether its
cards have ids or get them; a 10 MB deck of 300,000 cards is read three times and stays
under 200 MB (it took 834 MB as one deck).
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.decks.files import DeckFile, Listing, RefusedFile, list_deck_folder, stat_deck_files
from tandem.models import BadInputError
from tandem.models.wording import counted
from tandem.storage.note_rows import DeckRow

if TYPE_CHECKING:
    from tandem.decks.model import Deck, DeckCard, FrontMatter
    from tandem.decks.scanner import Span


STREAMED_BYTES = 1_000_000
"""Files larger than this are read card by card, never as one deck (tests lower it)."""
HELD_CARDS = 50_000
"""Cards of parsed decks a sync keeps in memory at most (the rest are parsed again)."""


class CardIds:
    """Each card's id (None: it has none yet) and line, in file order; iterated as
    ``(id, line)`` pairs. A million cards take 12 MB (as a list of pairs, 92 MB)."""

    __slots__ = ("ids", "lines")

    def __init__(self, pairs: Iterable[tuple[str | None, int]] = ()) -> None:
        self.ids: list[str | None] = []
        self.lines = array("I")
        for card_id, line in pairs:
            self.ids.append(card_id)
            self.lines.append(line)

    def __iter__(self) -> Iterator[tuple[str | None, int]]:
        return zip(self.ids, self.lines, strict=True)

    def __len__(self) -> int:
        return len(self.ids)


class Holding:
    """How many parsed cards a sync still keeps in memory."""

    def __init__(self, limit: int | None = None) -> None:
        self.left = HELD_CARDS if limit is None else limit

    def keep(self, deck: Deck) -> Deck | None:
        """``deck`` while the budget lasts, else None (to be parsed again when needed)."""
        count = len(deck.blocks)
        if count > self.left:
            self.left = 0
            return None
        self.left -= count
        return deck


@dataclass
class Checked:
    """One file's bytes as checked: valid (its cards' ids, and its deck unless it was let go
    to save memory) or not (its problems)."""

    data: bytes
    deck: Deck | None
    problems: list[str] = field(default_factory=list)
    ids: CardIds | None = None
    """Set when the file is valid."""
    spans: list[Span] | None = None
    """Where the cards of ``deck`` sit in ``data``, when the deck was parsed from it."""

    @classmethod
    def of(
        cls,
        data: bytes,
        deck: Deck,
        holding: Holding | None = None,
        spans: list[Span] | None = None,
    ) -> Checked:
        """A valid file's bytes and deck (kept while ``holding`` allows), and where its
        cards sit when it was parsed from the bytes (kept with the deck)."""
        ids = CardIds((card.id, card.line) for card in deck.cards)
        held = holding.keep(deck) if holding else deck
        return cls(data, held, ids=ids, spans=spans if held is not None else None)


@dataclass
class Parsed:
    """A changed deck file that is valid: its bytes, its cards' ids, and its deck."""

    file: DeckFile
    data: bytes
    ids: CardIds
    held: Deck | None
    """The deck, when the sync keeps it in memory."""
    spans: list[Span] | None = None
    """Where the cards of ``held`` sit in ``data``, when it was parsed from them."""
    new_cards_left_out: bool = False

    def front_and_cards(self) -> tuple[FrontMatter | None, Iterator[tuple[DeckCard, str]]]:
        """The front matter and the cards to save, each with its id (made one at a time when
        the deck was not kept), without the new cards when they are left out.

        A kept deck's cards may lack the ids written into the file since it was read:
        ``ids`` has them."""
        if self.held is not None:
            front, cards = self.held.front, iter(self.held.cards)
        else:
            from tandem.decks.check import read_cards

            front, cards = read_cards(self.data, self.file.rel)
        if self.new_cards_left_out:
            cards = (card for card in cards if card.id)
        pairs = zip(cards, self.ids.ids, strict=True)
        return front, ((card, card_id) for card, card_id in pairs if card_id)

    @property
    def deck(self) -> Deck:
        """The deck (parsed again from the bytes when it was not kept)."""
        deck = self.held
        if deck is None:
            from tandem.decks.check import read_deck

            deck, _ = read_deck(self.data, self.file.rel)
            assert deck is not None, "checked valid before"  # noqa: S101
        if self.new_cards_left_out:
            from tandem.decks.model import DeckCard

            kept = [b for b in deck.blocks if not isinstance(b, DeckCard) or b.id]
            deck = deck.model_copy(update={"blocks": kept})
        return deck

    def deck_and_spans(self) -> tuple[Deck, list[Span]]:
        """The deck and where its cards sit (parsed again from the bytes when either was
        not kept)."""
        if self.held is not None and self.spans is not None:
            return self.held, self.spans
        from tandem.decks.check import read_deck_spans

        deck, spans, _ = read_deck_spans(self.data, self.file.rel)
        assert deck is not None, "checked valid before"  # noqa: S101
        return deck, spans

    def leave_out_new_cards(self) -> None:
        """Cards without an id are not synced (the file is not written)."""
        self.new_cards_left_out = True
        self.ids = CardIds((card_id, line) for card_id, line in self.ids if card_id)


def listing_of(root: Path, only: Collection[str] | None) -> Listing:
    """The deck files of the folder (or only the files ``only``).

    Raises:
        BadInputError: an entry cannot be a deck file (a link out of the folder, a FIFO, a
            device, a name with control characters); nothing is synced.
    """
    listing = list_deck_folder(root) if only is None else stat_deck_files(root, only)
    if listing.refused:
        problems = [str(refused) for refused in listing.refused]
        raise BadInputError(
            f"{counted(len(problems), 'file')} in the decks folder cannot be deck files; "
            "nothing was synced",
            details=problems,
        )
    return listing


def same_stat(deck_file: DeckFile, row: DeckRow | None) -> bool:
    """Whether the file has the size and time the last sync recorded."""
    return (
        row is not None
        and row.present
        and (row.size, row.mtime_ns) == (deck_file.size, deck_file.mtime_ns)
    )


def check_changed(
    files: list[DeckFile],
    known: Mapping[str, DeckRow],
    ready: dict[str, Checked],
    holding: Holding,
) -> None:
    """Reads and checks the files that changed since the last sync, into ``ready`` (files
    already there are skipped). Run before the lock; problems are kept, not raised."""
    for deck_file in files:
        if deck_file.rel in ready or same_stat(deck_file, known.get(deck_file.rel)):
            continue
        try:
            data = deck_file.read(deck_limit())
        except RefusedFile:
            continue  # reported when it is read again under the lock
        ready[deck_file.rel] = check_bytes(data, deck_file.rel, holding)


def check_bytes(data: bytes, rel: str, holding: Holding | None = None) -> Checked:
    """Checks one file's bytes and parses them when they are valid."""
    if len(data) > STREAMED_BYTES:
        return _check_streamed(data, rel)
    from tandem.decks.check import read_deck_spans

    deck, spans, problems = read_deck_spans(data, rel)
    if deck is None:
        return Checked(data, None, [str(problem) for problem in problems])
    return Checked.of(data, deck, holding, spans)


def _check_streamed(data: bytes, rel: str) -> Checked:
    """Checks a large file without making its deck; its cards' ids are read one card at a
    time."""
    from tandem.decks.check import check_text, read_cards

    problems = check_text(data, rel)
    if problems:
        return Checked(data, None, [str(problem) for problem in problems])
    _, cards = read_cards(data, rel)
    return Checked(data, None, ids=CardIds((card.id, card.line) for card in cards))


def read_changed(
    changed: list[DeckFile], ready: dict[str, Checked], holding: Holding
) -> tuple[list[Parsed], dict[str, list[str]]]:
    """Reads the changed files again (under the lock); what was checked before is not
    parsed again when the bytes are the same (and is taken out of ``ready``: one copy of
    the bytes is enough). Returns the valid files, and the problems of each other file (by
    relative path)."""
    parsed: list[Parsed] = []
    problems: dict[str, list[str]] = {}
    for deck_file in changed:
        try:
            data = deck_file.read(deck_limit())
        except RefusedFile as refused:
            problems[deck_file.rel] = [str(refused)]
            continue
        checked = ready.pop(deck_file.rel, None)
        if checked is None or checked.data != data:
            checked = check_bytes(data, deck_file.rel, holding)
        if checked.ids is None:
            problems[deck_file.rel] = checked.problems
        else:
            parsed.append(Parsed(deck_file, data, checked.ids, checked.deck, checked.spans))
    return parsed, problems


def deck_limit() -> int:
    from tandem.decks.check import MAX_BYTES  # read at each call: tests lower it

    return MAX_BYTES
