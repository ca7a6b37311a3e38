"""Provides the review history an import brings: Anki's answers as one person's reviews.

The cards an import creates have no history but the imported one, so their reviews are
replayed here, before the sync creates the cards: their state rows go in once, already right
(``Sync.run(initial_states=...)``). Cards that existed before are replayed from the review
log once the reviews are saved, as any other change of history is (``Replayer``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING

from tandem.interop import ImportedReview
from tandem.interop.mapping import SKIP_NO_CARD
from tandem.models import CardState, FsrsState, Rating, Review, ReviewKind
from tandem.scheduling.history import Entry, fold
from tandem.services.anki.review_ids import Logged, review_id, revlog_ids
from tandem.services.context import Context
from tandem.services.maintenance.replay import Replayer

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from tandem.scheduling.scheduler import PersonScheduler

CLOCK_SKEW = timedelta(minutes=5)
SKIP_FUTURE = "reviews in the future"
SKIP_DUPLICATE = "review-log entries given twice (same id)"
_RATINGS: dict[int, Rating | None] = {int(rating): rating for rating in Rating}
_RATINGS[0] = None  # a reset
_KINDS = {str(kind): kind for kind in ReviewKind}


@dataclass
class ImportedHistory:
    """One person's imported reviews, ready to save after the sync made their cards."""

    person: str
    fresh: list[tuple[Review, FsrsState]] = field(default_factory=list)  # with the state before
    known: int = 0  # reviews imported before (same ids)
    initial_states: dict[tuple[str, str], CardState] = field(default_factory=dict)
    existing: set[str] = field(default_factory=set)  # cards to replay from the log after saving
    leeches: set[str] = field(default_factory=set)  # new cards the log makes leeches
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def cards(self) -> int:
        """How many cards get a new history."""
        return len(self.existing) + len(self.initial_states)


def plan_history(
    ctx: Context, person: str, reviews: list[ImportedReview], keys: dict[int, str]
) -> ImportedHistory:
    """Turns ``reviews`` into ``person``'s; ``keys`` maps Anki card ids to card keys.

    Call inside ``store.write()``, before the sync that creates the imported cards.
    """
    history, latest = ImportedHistory(person), ctx.clock.now() + CLOCK_SKEW
    days = ctx.person(person).days
    wanted: dict[str, Review] = {}
    schedules: set[str] = set()  # due dates that came without history (by id)
    for item in reviews:
        key, skip = keys.get(item.card), None
        if key is None:
            skip = SKIP_NO_CARD
        elif item.at > latest:
            skip = SKIP_FUTURE
        else:
            rid = review_id(item.anki_id, item.at.timestamp(), person)
            if rid in wanted:
                skip = SKIP_DUPLICATE
            else:
                rating, kind = _RATINGS[item.rating], _KINDS[item.kind]
                due = None
                if kind is ReviewKind.MANUAL and item.due_date is not None:
                    due = days.start_of(item.due_date)
                    schedules.add(rid)
                elif kind is ReviewKind.MANUAL:  # as many study days on as Anki's days
                    day = days.study_date(item.at) + timedelta(days=item.due_days or 0)
                    due = days.start_of(day)
                wanted[rid] = Review(
                    rid, key, person, rating, item.at, person, item.duration_ms, kind, due
                )
        if skip is not None:
            history.skipped[skip] = history.skipped.get(skip, 0) + 1
    known = ctx.reviews.known_ids(wanted)
    sent = [_millis(item.at) for item in reviews]  # every id the package holds
    coming = _schedules_not_set(ctx, person, [r for r in wanted.values() if r.id not in known],
                                schedules)  # fmt: skip
    fresh = _not_there(ctx, person, coming, sent, known)
    history.known = len(wanted) - len(fresh)
    history.existing = ctx.cards.known_cards({r.card for r in fresh})
    new = [r for r in fresh if r.card not in history.existing]
    prev = _replay_new(ctx.person(person).scheduler, person, new, history)
    history.fresh = [(r, prev.get(r.id, FsrsState.NEW)) for r in fresh]
    return history


def _schedules_not_set(
    ctx: Context, person: str, reviews: list[Review], schedules: set[str]
) -> list[Review]:
    """``reviews`` but the due dates among ``schedules`` that the log sets already (on the
    card, to the same moment): a schedule without history is set at the import's time, so
    importing it again finds it by its due date, not by its time or id."""
    cards = {r.card for r in reviews if r.id in schedules}
    if not cards:
        return reviews
    there = ctx.reviews.manual_dues(person, cards)
    return [r for r in reviews if r.id not in schedules or (r.card, r.due) not in there]


def _not_there(
    ctx: Context, person: str, reviews: list[Review], sent: Iterable[int] = (),
    known: Collection[str] = (),
) -> list[Review]:  # fmt: skip
    """The reviews the log does not hold under another id: an entry is already there when
    it comes in on a card under the revlog id an export gives an entry of the person's log
    on that card (``review_ids.revlog_ids``: tandem's own reviews come back from Anki with
    ids of Anki's making, the export's), or at its millisecond, or a little later, one entry
    of the log standing for one coming in: exports made before ids were worked out over the
    whole log gave entries of one millisecond the first free ids of the package, so an
    entry may come in up to ``ID_SHIFT_MS`` after its time, or later when every millisecond
    between is the id of another entry ``sent`` with it. A reset as much before an entry
    there, or under the id of a restart's reset, is how a restart goes out to Anki, so it
    is there too. The log's entries with ids in ``known`` came in under their own ids and
    stand for nothing else."""
    cards = {r.card for r in reviews}
    rows = ctx.reviews.moments(person, cards)
    if not rows:
        return reviews
    there: dict[str, list[int]] = {}
    for card, moment, entry in rows:
        if entry not in known:
            there.setdefault(card, []).append(_millis_of(moment))
    for times in there.values():
        times.sort()
    runs = _Runs(sent)
    exported = _Exported(ctx, person, known, cards)
    taken: set[tuple[str, int]] = set()  # (card, index in there[card]) matched already
    fresh = []
    for review in sorted(reviews, key=attrgetter("at")):  # stable: ties keep log order
        times, ms = there.get(review.card, []), _millis(review.at)
        if exported.there(review, ms, times, taken):
            continue
        if _match(times, runs.first(ms), ms, review.card, taken) or (
            review.kind is ReviewKind.RESET and _restart_reset(times, ms, runs.last(ms))
        ):
            continue
        fresh.append(review)
    order = {id(review): index for index, review in enumerate(reviews)}
    return sorted(fresh, key=lambda review: order[id(review)])


class _Exported:
    """The revlog ids the person's log goes out under in every export (``revlog_ids``), on
    each card: an entry coming in under one of them is that entry of the log, however far
    from its time the export had to move it, whichever cards went out with it."""

    def __init__(
        self, ctx: Context, person: str, known: Collection[str], cards: Collection[str]
    ) -> None:
        log, on = [], []  # the whole log (ids depend on it), and each entry's card
        for rid, card, ms, kind in ctx.reviews.moments_in_order(person):
            log.append(Logged(rid, ms, kind == ReviewKind.RESTART))
            on.append(card)
        ids = revlog_ids(log, person)
        self.entries: dict[tuple[str, int], int] = {}  # (card, id) -> the entry's millisecond
        self.resets: set[tuple[str, int]] = set()  # (card, id) of a restart's reset
        for number, card in enumerate(on):
            if card not in cards:
                continue  # nothing comes in on it
            reset = ids.resets.get(number)
            if reset is not None:  # its own, even when the entry came in under its own id
                self.resets.add((card, reset))
            if log[number].id not in known:  # else it came in under its own id: no other
                self.entries[(card, ids.entries[number])] = log[number].ms

    def there(self, review: Review, ms: int, times: list[int], taken: set[tuple[str, int]]) -> bool:
        """Whether ``review``, coming in at ``ms``, is an entry of the log (taken then) or
        the reset a restart of the log went out with."""
        at = self.entries.get((review.card, ms))
        if at is not None and _match(times, at, at, review.card, taken):
            return True
        return review.kind is ReviewKind.RESET and (review.card, ms) in self.resets


ID_SHIFT_MS = 16
"""How much later than its time an entry coming in may be and still be one of the log
whatever came in with it (revlog ids are unique: entries of one millisecond go out a
millisecond or more apart)."""


class _Runs:
    """The milliseconds of the entries that came in, as runs of consecutive ones: how far
    an export that took the first free id can have moved an entry."""

    def __init__(self, sent: Iterable[int]) -> None:
        self.start: dict[int, int] = {}
        self.end: dict[int, int] = {}
        run: list[int] = []
        for ms in sorted(set(sent)):
            if run and ms != run[-1] + 1:
                self._close(run)
                run = []
            run.append(ms)
        self._close(run)

    def _close(self, run: list[int]) -> None:
        for ms in run:
            self.start[ms], self.end[ms] = run[0], run[-1]

    def first(self, ms: int) -> int:
        """The earliest time an entry that came in at ``ms`` can have been written at."""
        return min(ms - ID_SHIFT_MS, self.start.get(ms, ms))

    def last(self, ms: int) -> int:
        """The latest time of the answer a reset that came in at ``ms`` went out before."""
        return max(ms + ID_SHIFT_MS, self.end.get(ms, ms) + 1)


def _match(
    times: list[int], earliest: int, ms: int, card: str, taken: set[tuple[str, int]]
) -> bool:
    """Takes the earliest entry of ``times`` (sorted) not taken yet from ``earliest`` to
    ``ms``; False when there is none."""
    index = bisect_left(times, earliest)
    while index < len(times) and times[index] <= ms:
        if (card, index) not in taken:
            taken.add((card, index))
            return True
        index += 1
    return False


def _restart_reset(times: list[int], ms: int, latest: int) -> bool:
    """Whether a log entry follows a reset at ``ms`` by ``latest`` (a restart: it went out
    as a reset just before its answer)."""
    index = bisect_right(times, ms)
    return index < len(times) and times[index] <= latest


def _millis_of(moment: str) -> int:
    """Milliseconds since the epoch of a stored time cut to the millisecond."""
    return _millis(datetime.fromisoformat(moment).replace(tzinfo=UTC))


def _millis(at: datetime) -> int:
    """Whole milliseconds since the epoch (the time cut, as the log's text is cut)."""
    return (at - _EPOCH) // _MILLISECOND


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)


def save_history(ctx: Context, history: ImportedHistory) -> None:
    """Appends the fresh reviews and replays the cards that existed before the import."""
    with ctx.reviews.indexes_after(len(history.fresh)):
        ctx.reviews.add_many(history.fresh)
    touched = {review.card for review, _ in history.fresh if review.card in history.existing}
    touched |= history.leeches  # their flags: the sync made the rows without them
    if touched:
        Replayer(ctx).fix(history.person, touched)


def _replay_new(
    scheduler: PersonScheduler, person: str, reviews: list[Review], history: ImportedHistory
) -> dict[str, FsrsState]:
    """Replays the reviews of new cards into ``history``'s initial states (and leeches);
    returns each review's state before it.

    The replay takes a card's reviews by time, then in log order (``Replayer``'s order).
    """
    by_card: dict[str, list[Review]] = {}
    for review in sorted(reviews, key=attrgetter("at")):  # stable: ties keep log order
        by_card.setdefault(review.card, []).append(review)
    prev: dict[str, FsrsState] = {}
    for key, log in by_card.items():
        folded = fold(scheduler, key, (Entry(r.kind, r.rating, r.at, r.due) for r in log))
        prev.update(zip((r.id for r in log), folded.before, strict=True))
        if folded.state.state is not FsrsState.NEW:
            history.initial_states[(person, key)] = folded.state
        if folded.leech:
            history.leeches.add(key)
    return prev
