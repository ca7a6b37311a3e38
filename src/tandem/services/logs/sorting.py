"""Provides sorting the entries read from device files: what to import, what to take out.

A review line counts once by id (the same line in two files is one review); a retraction
takes its review out; a line that names someone else than the file's person, a grader who
is nobody here or in the folder, a card not in the decks here, or a time ahead of this
machine's clock is not imported (``file:line``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tandem.models import Review
from tandem.services.logs.lines import Retraction, Sharing
from tandem.services.logs.reading import Chunk, with_retries
from tandem.services.reviewlog import CLOCK_SKEW


@dataclass
class Pending:
    """A review to import, and where it was read first."""

    chunk: Chunk
    line: int
    review: Review

    @property
    def where(self) -> str:
        """``file:line`` where the review was read first."""
        return self.chunk.where(self.line)


@dataclass
class Sorted:
    """The entries of some chunks, sorted."""

    pending: dict[str, Pending] = field(default_factory=dict)
    """Review id -> the review, in the order read."""
    retracted: set[str] = field(default_factory=set)
    waiting: int = 0
    """Lines kept to try again (``retry``); their problems are among ``problems``."""
    problems: list[str] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        """Notes a line (or file) that is skipped, and why."""
        self.problems.append(f"{where}: {message}; skipped")


def sort_entries(
    chunks: list[Chunk],
    known: set[str],
    now: datetime,
    *,
    people: set[str] | None = None,
    retry: bool = True,
) -> Sorted:
    """Sorts every entry of ``chunks``; with ``retry``, each chunk's cursor keeps the lines
    that may be imported later (card not synced here yet, time ahead of this clock).

    ``people`` are the names a grader may have (with the persons of ``chunks``); a review
    graded by anyone else is skipped, as ``log import`` refuses it.
    """
    done = Sorted()
    graders = None if people is None else people | {chunk.file.person for chunk in chunks}
    for chunk in chunks:
        done.problems += chunk.problems
        _sort(done, chunk, known, now, retry, graders)
    return done


def _sort(
    done: Sorted,
    chunk: Chunk,
    known: set[str],
    now: datetime,
    retry: bool,
    graders: set[str] | None,
) -> None:
    later: dict[str, tuple[int, str]] = {}  # review id -> its line
    again = "; tried again at the next sync" if retry else ""
    where = chunk.where  # ``where(number)``: made only for a problem
    latest = now + CLOCK_SKEW
    for number, raw, entry in chunk.entries:
        if entry.person != chunk.file.person:
            done.problem(where(number), f"person: {entry.person!r} in {chunk.file.person}'s file")
        elif isinstance(entry, Sharing):
            continue
        elif isinstance(entry, Retraction):
            done.pending.pop(entry.review_id, None)
            done.retracted.add(entry.review_id)
            later.pop(entry.review_id, None)
        elif graders is not None and entry.grader not in graders:
            done.problem(where(number), f"grader: unknown person {entry.grader!r}")
        elif entry.at > latest:
            later[entry.id] = (number, raw)
            done.problem(where(number), f"at: {entry.at:%Y-%m-%dT%H:%M:%SZ} is ahead of this "
                         f"machine's clock{again}")  # fmt: skip
        elif entry.card not in known:
            later[entry.id] = (number, raw)
            done.problem(
                where(number), f"card: unknown card {entry.card!r} (not in the decks here){again}"
            )
        else:
            _take(done, chunk, number, entry)
    if retry:
        chunk.cursor, dropped = with_retries(chunk.cursor, list(later.values()))
        done.waiting += len(later) - dropped
        if dropped:
            done.problem(str(chunk.file.path), f"{dropped} more line(s) to retry dropped")


def _take(done: Sorted, chunk: Chunk, number: int, review: Review) -> None:
    if review.id in done.retracted:
        return
    first = done.pending.get(review.id)
    if first is None:
        done.pending[review.id] = Pending(chunk, number, review)
    elif first.review != review:
        done.problem(
            chunk.where(number), f"id: {review.id!r} also at {first.where} with other content"
        )


def cards_of(chunks: list[Chunk]) -> set[str]:
    """Every card the review lines of ``chunks`` name."""
    return {e.card for c in chunks for _, _, e in c.entries if isinstance(e, Review)}
