"""A reference history for Anki parity: a learner's revlog, put into Anki itself, and its states.

Used by ``test_anki_parity.py`` and ``benchmarks/scheduler_parity.py``. The history is drawn
from a known memory model: cards answered when due (at any hour: mornings, evenings, and
late nights before the 4 am day boundary), with learning and relearning steps, some answers
late or early, and the entries Anki's history rules are about: resets (Forget), learning
answers after reviews (an old Anki's reset, which left no entry), and cramming in a filtered
deck without rescheduling. Anki's revlog types follow the card's state, as Anki logs them.

Anki (the ``anki`` package) gets the revlog in a collection of its own and computes every
card's memory state (``compute_memory_state``); tandem imports the package Anki exports.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tandem.config.settings import PersonSettings
from tandem.models import CardState, FsrsState, Rating
from tandem.scheduling.model import FSRS_DEFAULTS, MemoryModel
from tandem.scheduling.scheduler import PersonScheduler

LEARNING, REVIEW, RELEARNING, FILTERED, MANUAL = 0, 1, 2, 3, 4
_TYPES = {FsrsState.NEW: LEARNING, FsrsState.LEARNING: LEARNING, FsrsState.REVIEW: REVIEW,
          FsrsState.RELEARNING: RELEARNING}  # fmt: skip
_HOURS = (8, 9, 12, 18, 20, 22, 23, 0, 1, 2, 3)
"""Hours of the day a session starts; 0-3 belong to the study day before (4 am boundary)."""


@dataclass(frozen=True)
class Entry:
    """One revlog row of card number ``card`` (index into the deck)."""

    card: int
    at: datetime
    ease: int
    type: int
    factor: int = 2500

    @property
    def ms(self) -> int:
        return int(self.at.timestamp() * 1000)


def history(cards: int, days: int, end: datetime, seed: int) -> list[Entry]:
    """The revlog of ``cards`` cards studied for ``days`` days up to ``end``, by time."""
    rng = random.Random(seed)
    start = (end - timedelta(days=days)).replace(hour=4, minute=0, second=0, microsecond=0)
    learner = _Learner(rng, PersonScheduler(PersonSettings(fuzz=False, timezone="UTC")))
    out: list[Entry] = []
    for card in range(cards):
        first = start + timedelta(days=rng.randrange(max(days // 2, 1)))
        out += learner.card(card, first, end)
    out.sort(key=lambda entry: (entry.at, entry.card))
    return _unique_times(out)


class _Learner:
    """Answers one card at a time; its recall follows FSRS-6's defaults."""

    def __init__(self, rng: random.Random, scheduler: PersonScheduler) -> None:
        self.rng, self.scheduler = rng, scheduler
        self.truth = MemoryModel(FSRS_DEFAULTS, 0.9)

    def card(self, card: int, at: datetime, end: datetime) -> list[Entry]:
        rng, out, state = self.rng, [], CardState()
        at = _session(rng, at)
        while at < end:
            if state.reps >= 3 and rng.random() < 0.04:
                out.append(Entry(card, at, 0, MANUAL, factor=0))  # Forget
                state, at = CardState(), _session(rng, at + timedelta(days=rng.randint(1, 9)))
                continue
            restart = state.state is FsrsState.REVIEW and rng.random() < 0.03
            if restart:
                state = CardState()  # an old Anki's reset: no entry, the card is new again
            rating = self._rating(state, at)
            out.append(Entry(card, at, int(rating), LEARNING if restart else _TYPES[state.state]))
            state = self.scheduler.review(f"c{card}", state, rating, at)
            assert state.due is not None
            if state.state is FsrsState.REVIEW and rng.random() < 0.08:
                cram = at + timedelta(days=rng.randint(0, 2), minutes=rng.randint(5, 90))
                out.append(Entry(card, cram, rng.randint(1, 4), FILTERED, factor=0))
            at = self._next(state, at)
        return [entry for entry in out if entry.at < end]

    def _rating(self, state: CardState, at: datetime) -> Rating:
        rng = self.rng
        if state.state is FsrsState.NEW:
            return Rating(rng.choices((1, 2, 3, 4), (0.2, 0.1, 0.55, 0.15))[0])
        assert state.stability is not None
        recall = self.truth.retrievability(state.stability, self.scheduler.elapsed_days(state, at))
        if rng.random() > recall:
            return Rating.AGAIN
        return Rating(rng.choices((2, 3, 4), (0.15, 0.75, 0.1))[0])

    def _next(self, state: CardState, at: datetime) -> datetime:
        assert state.due is not None
        wait = state.due - at
        if wait < timedelta(days=1):  # a step: later in the same sitting (or a while after)
            return state.due + timedelta(minutes=self.rng.randint(0, 30))
        late = self.rng.choices((0, 0, 0, 1, 3, -1), k=1)[0]  # mostly on time
        return _session(self.rng, state.due + timedelta(days=late))


def _session(rng: random.Random, day: datetime) -> datetime:
    """A time on ``day``'s study day (4 am boundary, UTC) at one of the session hours."""
    base = day.replace(hour=4, minute=0, second=0, microsecond=0)
    if day.hour < 4:
        base -= timedelta(days=1)
    hour = rng.choice(_HOURS)
    offset = timedelta(hours=(hour - 4) % 24, minutes=rng.randrange(60), seconds=rng.randrange(60))
    return max(base + offset, day)


def _unique_times(entries: list[Entry]) -> list[Entry]:
    """Revlog ids are answer times in ms and must be unique: nudge ties by a millisecond."""
    seen: set[int] = set()
    out = []
    for entry in sorted(entries, key=lambda entry: (entry.at, entry.card)):
        at = entry.at
        while int(at.timestamp() * 1000) in seen:
            at += timedelta(milliseconds=1)
        seen.add(int(at.timestamp() * 1000))
        out.append(Entry(entry.card, at, entry.ease, entry.type, entry.factor))
    return out


def build_collection(path: Path, cards: int, entries: list[Entry]) -> tuple[Any, list[int]]:
    """An Anki collection at ``path`` with ``cards`` basic notes and the revlog ``entries``.

    Returns:
        The open collection and the Anki card id of each card number.
    """
    from anki.collection import AddNoteRequest, Collection

    path.parent.mkdir(parents=True, exist_ok=True)
    col = Collection(str(path))
    deck = col.decks.id("Parity")
    assert deck is not None
    basic = col.models.by_name("Basic")
    notes = []
    for number in range(cards):
        note = col.new_note(basic)
        note["Front"], note["Back"] = f"question {number:04d}", f"answer {number:04d}"
        notes.append(note)
    col.add_notes([AddNoteRequest(note, deck) for note in notes])  # one transaction
    ids = [note.cards()[0].id for note in notes]
    col.db.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, -1, ?, 0, 0, ?, 3000, ?)",
        [(e.ms, ids[e.card], e.ease, e.factor, e.type) for e in _unique_times(entries)],
    )
    return col, ids


def anki_states(col: Any, ids: list[int]) -> list[tuple[float, float] | None]:
    """Anki's memory state (stability, difficulty) of each card, ``None`` for a new card."""
    out: list[tuple[float, float] | None] = []
    for card_id in ids:
        state = col.compute_memory_state(card_id)
        out.append(None if state.stability is None else (state.stability, state.difficulty))
    return out


def export_package(col: Any, target: Path) -> Path:
    """The collection as Anki exports it with scheduling (a legacy ``.apkg``)."""
    from anki.collection import ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(with_scheduling=True, with_media=False, legacy=True)
    col.export_anki_package(out_path=str(target), options=options, limit=None)
    return target


def now_utc() -> datetime:
    return datetime.now(UTC)
