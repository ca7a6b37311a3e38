"""Provides applying what was read from the folder: new reviews in, retracted ones out.

A card whose new reviews all come after its newest one takes them on top of its state; a
card that gets an older review (a device whose clock was behind, a late sync) or loses one
is replayed from its whole log. Either way the state is what replaying the log gives, the
same on every machine. Leeches and buried siblings follow the answer's own rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime

from tandem.models import CardState, FsrsState, Review, note_id_of
from tandem.scheduling.history import Entry, fold
from tandem.services.context import Context
from tandem.services.logs.reading import Chunk
from tandem.services.logs.sorting import cards_of, sort_entries
from tandem.services.maintenance.replay import replayed_row
from tandem.services.study.burying import bury_siblings, unbury
from tandem.storage.aliases import AliasesRepo
from tandem.storage.states import StateRow


@dataclass
class Applied:
    """What one sync took in from the folder."""

    added: int = 0
    retracted: int = 0
    cards: int = 0
    """Card states that changed."""
    waiting: int = 0
    """Lines kept to try again at the next sync."""
    problems: list[str] = field(default_factory=list)


class Applier:
    """Applies chunks read from device files in the current transaction."""

    def __init__(self, ctx: Context, now: datetime, graders: set[str] | None = None) -> None:
        self.ctx = ctx
        self.now = now
        self.graders = graders or set()
        """Who may have graded a review besides the people here (a folder's persons)."""
        self.result = Applied()

    def run(self, chunks: list[Chunk]) -> Applied:
        """Takes in every chunk; updates each chunk's cursor with the lines to retry.

        Call inside ``store.write()``.
        """
        for person in {chunk.file.person for chunk in chunks}:
            unbury(self.ctx.states, person, self.now)  # as a sitting does: last days' buries
        _follow_aliases(chunks, self.ctx.store.repo(AliasesRepo).of(cards_of(chunks)))
        known = self.ctx.cards.known_cards(cards_of(chunks))
        people = set(self.ctx.people.names()) | self.graders
        done = sort_entries(chunks, known, self.now, people=people)
        self.result.problems, self.result.waiting = done.problems, done.waiting
        here = self.ctx.reviews.by_ids([*done.pending, *done.retracted])
        touched: dict[tuple[str, str], list[Review]] = defaultdict(list)
        for review_id in done.retracted & here.keys():
            gone = here[review_id]
            self.ctx.reviews.remove(review_id)
            self.result.retracted += 1
            touched.setdefault((gone.person, gone.card), [])
        for review_id, item in done.pending.items():
            if review_id in here:
                if here[review_id] != item.review:
                    done.problem(item.where, f"id: {review_id!r} is here with other content; "
                                 "kept the one here")  # fmt: skip
                continue
            touched[item.review.person, item.review.card].append(item.review)
        for (person, card), fresh in touched.items():
            self._settle(person, card, fresh)
        return self.result

    def _new(self, row: StateRow) -> StateRow:
        """The row of a card with no review left: new, due from when it came here, as an
        undo leaves it on the device that answered."""
        due = self.ctx.cards.created_at(row.card) or row.due
        return replace(row, memory=CardState(due=due), due=due)

    def _settle(self, person: str, card: str, fresh: list[Review]) -> None:
        """Adds ``fresh`` reviews of one card and brings its state in line with its log."""
        row = self.ctx.states.get(person, card)
        if row is None:
            return  # every known card has a row for every person (the catalogue's rule)
        p = self.ctx.person(person)
        fresh.sort(key=lambda r: (r.at, r.id))
        # The card's whole log, fresh reviews in it, through Anki's history rules (a reset,
        # a restart or cramming anywhere changes what the rest means), as a replay does.
        self.ctx.reviews.add_many((review, FsrsState.NEW) for review in fresh)
        log = self.ctx.reviews.for_card(person, card)
        folded = fold(p.scheduler, card, (Entry(r.kind, r.rating, r.at, r.due) for r in log))
        for review, prev in zip(log, folded.before, strict=True):
            self.ctx.reviews.set_prev_state(review.id, prev)
        self.result.added += len(fresh)
        after = replayed_row(row, folded)
        if folded.state.state is FsrsState.NEW:
            after = self._new(after)
        if after != row:
            self.ctx.states.put(after)
            self.result.cards += 1
        if fresh and p.days.study_date(fresh[-1].at) == p.days.study_date(self.now):
            siblings = [s for s in self.ctx.states.of_note(person, note_id_of(card))
                        if s.card != card]  # fmt: skip
            bury_siblings(self.ctx.states, siblings, p.days, fresh[-1].at)


def _follow_aliases(chunks: list[Chunk], aliases: dict[str, str]) -> None:
    """Puts reviews of a card merged into another (``tandem cards merge``) on that card, as
    the reviews here were put: another device may publish them after the merge."""
    if not aliases:
        return
    for chunk in chunks:
        chunk.entries = [
            (number, raw, replace(entry, card=aliases[entry.card]))
            if isinstance(entry, Review) and entry.card in aliases
            else (number, raw, entry)
            for number, raw, entry in chunk.entries
        ]
