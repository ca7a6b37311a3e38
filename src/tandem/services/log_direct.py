"""Provides a log import into an empty review log, straight into the table: no staging.

When the database holds no review yet (a new machine taking in its first log), no line of
the file can be one it has, so there is nothing to skip and nothing to compare: the checked
lines go into ``reviews`` as they are read, in file order (the ``seq`` the staging path
gives them), with the log's secondary indexes made after. People are looked up in a
set as the lines pass, each card of the log once, a few thousand at a time; an id on two
lines is found by the table's ``UNIQUE`` index.

Whatever the staging path would say something about — a bad line, a card, person or grader
not here, an id on two lines (the same line twice too: it is skipped and counted there) —
stops this one with ``NotDirect``: the caller's write is rolled back whole, and the file is
imported through the staging table, which says what it found. So the outcome of any log is
the staging path's; this one only gets there sooner.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tandem.services.context import Context
from tandem.services.maintenance.replay import Replayer
from tandem.storage.aliases import AliasesRepo
from tandem.storage.log_staging import Row


class NotDirect(Exception):
    """The log needs the staging path: a line it would report or skip."""


def import_direct(ctx: Context, rows: Iterable[Row]) -> tuple[int, dict[str, set[str]]]:
    """Adds ``rows`` (checked lines, in file order) to the empty log and replays the cards
    they touch. Call inside ``store.write()``, with the log empty.

    Returns:
        How many reviews were added, and the cards each person has reviews of now.

    Raises:
        NotDirect: a line the staging path must judge (roll the write back, then use it).
    """
    touched: dict[str, set[str]] = {}
    with ctx.reviews.indexes_after(1) as later:  # the log is empty: every index goes
        with ctx.store.row_checks_done_here():  # every line passed ``LogLine``'s rules
            added = ctx.reviews.add_rows_of_new_ids(_checked(ctx, rows, touched))
        if added is None:  # an id on two lines
            raise NotDirect
        later.for_replay()
        replayer = Replayer(ctx)
        for person, cards in touched.items():
            replayer.fix(person, cards)
    return added, touched


def _checked(
    ctx: Context, rows: Iterable[Row], touched: dict[str, set[str]]
) -> Iterator[tuple[object, ...]]:
    """Each row as ``reviews`` takes it (state before: new, set by the replay), its card
    noted in ``touched``; ``NotDirect`` soon after one that names a card, person or grader
    not here (each card of the log is looked up once, ``_CARDS_CHECKED`` at a time: a set
    of every card here would grow with the collection)."""
    people = set(ctx.people.names())
    aliases = ctx.store.repo(AliasesRepo).all()
    unchecked: list[str] = []
    for _, rid, card, person, rating, at, grader, duration, kind, due in rows:
        if aliases:
            card = aliases.get(card, card)  # a card merged into another: its reviews follow
        if person not in people or grader not in people:
            raise NotDirect
        cards = touched.get(person)
        if cards is None:
            cards = touched[person] = set()
        if card not in cards:
            cards.add(card)
            unchecked.append(card)
            if len(unchecked) == _CARDS_CHECKED:
                _known(ctx, unchecked)
        yield (rid, card, person, rating, at, grader, duration, kind, due, 0)
    _known(ctx, unchecked)


_CARDS_CHECKED = 2_000
"""New cards of the log looked up together."""


def _known(ctx: Context, cards: list[str]) -> None:
    """``NotDirect`` unless every card of ``cards`` is here; empties ``cards``."""
    if len(ctx.cards.known_cards(cards)) != len(set(cards)):
        raise NotDirect
    cards.clear()
