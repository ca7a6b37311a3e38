"""Provides merging a card's history into another card's (``tandem cards merge OLD NEW``).

When two people give one card two ids and the conflict is resolved by keeping one, the
reviews made on the other stay on a retired card while the live one starts new. A merge
puts them on the live card: each card of OLD goes to NEW's card of the same variant
(``OLD`` -> ``NEW``, ``OLD:r`` -> ``NEW:r``, ``OLD:c2`` -> ``NEW:c2``, where NEW has it).

The review rows here take the new card key, so every query (due, stats, the report,
export) and ``doctor --rebuild`` see one history; an alias (``card_aliases``) records the
merge, so a review of the old key that arrives later (from a log file, from another
device's log in the folder) lands on the new card too. The memory state of everyone who
had reviews on OLD is replayed from the merged log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tandem.models import BadInputError, CardKey, MissingInputError
from tandem.models.wording import counted
from tandem.services.context import Context
from tandem.services.maintenance.replay import Replayer
from tandem.storage.aliases import AliasesRepo, Clash


@dataclass
class Merged:
    """What one merge did."""

    old: str
    new: str
    moved: dict[str, str] = field(default_factory=dict)
    """Card key of OLD -> card key of NEW its reviews went to."""
    left: list[str] = field(default_factory=list)
    """Cards of OLD that NEW has no card for: their reviews stay where they are."""
    reviews: int = 0
    people: list[str] = field(default_factory=list)


def describe_clash(clash: Clash) -> str:
    """What ``doctor`` says of a clash."""
    reviews = "1 review is" if clash.reviews == 1 else f"{clash.reviews} reviews are"
    return (
        f"retired card {clash.retired} has the same text as live card {clash.live} "
        f"({clash.deck_path}); {reviews} on the retired one"
    )


def describe_merge(merged: Merged) -> str:
    """What a merge did, in one line."""
    moved = ", ".join(f"{old} -> {new}" for old, new in merged.moved.items()) or "no card"
    people = f" ({', '.join(merged.people)})" if merged.people else ""
    left = f"; {', '.join(merged.left)} stay: {merged.new} has no such card" if merged.left else ""
    reviews = counted(merged.reviews, "review")
    return f"merged {merged.old} into {merged.new}: {moved}, {reviews}{people}{left}"


class CardMerger:
    """Moves the history of one note's cards onto another's, and replays."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def clashes(self) -> list[Clash]:
        """Retired notes with reviews whose text a live note has (``doctor`` reports them)."""
        return self.ctx.store.repo(AliasesRepo).clashes()

    def merge(self, old: str, new: str) -> Merged:
        """Puts the reviews of note ``old``'s cards on note ``new``'s; one transaction.

        Raises:
            MissingInputError: no note has one of the ids.
            BadInputError: the notes cannot be merged (NEW retired, another kind, the same
                note, or NEW itself merged into another).
        """
        with self.ctx.store.write():
            return self._merge(old, new)

    def _merge(self, old: str, new: str) -> Merged:
        pairs = self._pairs(old, new)
        aliases = self.ctx.store.repo(AliasesRepo)
        merged = Merged(old, new)
        touched: dict[str, set[str]] = {}
        now = self.ctx.clock.now()
        for old_key, new_key in pairs.items():
            if new_key is None:
                merged.left.append(old_key)
                continue
            aliases.add(old_key, new_key, now)
            for person, count in self.ctx.reviews.move_card(old_key, new_key).items():
                touched.setdefault(person, set()).update((old_key, new_key))
                merged.reviews += count
            merged.moved[old_key] = new_key
        replayer = Replayer(self.ctx)
        for person, cards in sorted(touched.items()):
            replayer.fix(person, cards)
        merged.people = sorted(touched)
        return merged

    def _pairs(self, old: str, new: str) -> dict[str, str | None]:
        """Each card of ``old`` and the card of ``new`` with its variant (or None)."""
        notes = self.ctx.cards.notes([old, new])
        for note_id in (old, new):
            if note_id not in notes:
                raise MissingInputError(f"{note_id}: no card has this id (a note id: no ':')")
        if old == new:
            raise BadInputError(f"{old}: a card cannot be merged into itself")
        if notes[new].retired:
            raise BadInputError(f"{new}: retired; merge into a card that is in a deck file")
        if notes[old].kind != notes[new].kind:
            raise BadInputError(
                f"{old} is a {notes[old].kind} card and {new} a {notes[new].kind} card: "
                "only cards of one kind merge"
            )
        targets = {CardKey.parse(key).variant: key for key in self.ctx.cards.card_keys(new)}
        if merged := self.ctx.store.repo(AliasesRepo).of(targets.values()):
            key, into = next(iter(merged.items()))
            raise BadInputError(f"{key} was merged into {into}: merge into {into} instead")
        if not notes[old].retired:  # answers here would stay on OLD, imported ones go to NEW
            raise BadInputError(
                f"{old}: still in a deck file; delete it there and sync first, so its "
                "reviews do not split between two cards"
            )
        return {
            key: targets.get(CardKey.parse(key).variant)
            for key in sorted(self.ctx.cards.card_keys(old))
        }
