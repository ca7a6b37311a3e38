"""Provides ``tandem cards``: list the cards a search matches, or set a person's flags on them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from tandem.cli.common import echo_json, global_options, handle_errors, say, services
from tandem.models import CardState, FsrsState, format_rfc3339
from tandem.models.card_query import Order, Sort

if TYPE_CHECKING:
    from tandem.services.cards.finder import CardFinder, FoundCard

_QUERY = {"ignore_unknown_options": True}  # "-is:new" is a term, not an option


class _CardsGroup(click.Group):
    """``tandem cards QUERY`` lists; ``tandem cards ACTION QUERY`` acts on what matches."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = _first_word(args)
        if not args or (first not in self.commands and not {"-h", "--help"} & set(args)):
            args = ["list", *args]
        return super().parse_args(ctx, args)


_VALUED = {"--as", "--limit", "--sort", "--days", "--date", "--db", "--decks", "--add", "--remove"}
"""Options followed by a value: ``tandem cards --sort due`` lists, ``due`` is no command."""


def _first_word(args: list[str]) -> str | None:
    """The first argument that is neither an option nor an option's value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-") or arg.startswith("-is:"):
            return arg
    return None


@click.group(cls=_CardsGroup, context_settings=_QUERY)
@global_options
def cards() -> None:
    """Find cards with the search language (docs/search.md), or act on what it finds.

    \b
    tandem cards rebase deck:git* --as alice     list, with alice's state of each
    tandem cards unsuspend is:leech --as alice   bring alice's leeches back
    """


def _query_command(name: str, help_text: str) -> Callable[[Callable[..., Any]], click.Command]:
    def wrap(func: Callable[..., Any]) -> click.Command:
        func = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)
        func = click.argument("query", nargs=-1, type=click.UNPROCESSED)(func)
        func = global_options(func)
        return cards.command(name, help=help_text, context_settings=_QUERY)(handle_errors(func))

    return wrap


@_query_command(
    "list",
    "List the cards QUERY matches (every card without a query), in deck order or --sort.",
)
@click.option("--as", "person", metavar="NAME", help="Show where each card is for NAME.")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=200, show_default=True,
              help="At most this many cards.")  # fmt: skip
@click.option("--sort", type=click.Choice([str(s) for s in Sort]), default=None,
              help="Sort by NAME's value (needs --as); cards without one come last.")  # fmt: skip
@click.option("--desc", is_flag=True, help="With --sort: largest first.")
def list_cards(
    query: tuple[str, ...],
    person: str | None,
    limit: int,
    sort: str | None,
    desc: bool,
    as_json: bool,
) -> None:
    order = Order(Sort(sort), descending=desc) if sort else Order()
    found = services().cards.find(" ".join(query), person=person, limit=limit, order=order)
    if as_json:
        echo_json([_found_dict(item) for item in found])
        return
    if not found:
        say("no card matches", err=True)
    for item in found:
        say(_found_line(item))
    if len(found) == limit:
        say(f"(the first {limit}; --limit N lists more)", err=True)


def _action(name: str, help_text: str, done: str) -> None:
    @_query_command(name, help_text)
    @click.option("--as", "person", metavar="NAME", required=True, help="Whose cards.")
    def command(query: tuple[str, ...], person: str, as_json: bool) -> None:
        finder: CardFinder = services(writes=True).cards
        changed = getattr(finder, name)(person, " ".join(query))
        if as_json:
            echo_json({name: changed})
            return
        say(f"{len(changed)} {'card' if len(changed) == 1 else 'cards'} {done}")


_action("suspend", "Suspend NAME's cards that QUERY matches.", "suspended")
_action(
    "unsuspend",
    "Bring NAME's suspended cards that QUERY matches back (a leech stays a leech).",
    "back in the reviews",
)
_action(
    "bury",
    "Bury NAME's cards that QUERY matches until their next study day.",
    "buried until the next study day",
)
_action("unbury", "Unbury NAME's buried cards that QUERY matches.", "unburied")
_action(
    "forget",
    "Make NAME's cards that QUERY matches new again (their history is kept, as a reset).",
    "new again",
)


@_query_command(
    "due",
    "Set the due date of NAME's cards that QUERY matches, like Anki's set due date: the "
    "memory stays, the date goes into the review log (new cards stay new).",
)
@click.option("--as", "person", metavar="NAME", required=True, help="Whose cards.")
@click.option("--days", type=click.IntRange(0), metavar="N",
              help="Due N study days from today (0: today).")  # fmt: skip
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Due on this study day.")  # fmt: skip
def set_due(
    query: tuple[str, ...], person: str, days: int | None, on: datetime | None, as_json: bool
) -> None:
    # Like Anki's set due date: the memory is not touched and no answer is invented; the
    # date goes into NAME's review log (a ``manual`` entry), so a replay keeps it.
    finder: CardFinder = services(writes=True).cards
    due = finder.due_on(person, days=days, on=on.date() if on else None)
    changed = finder.due(person, " ".join(query), due)
    if as_json:
        echo_json({"due": changed, "at": format_rfc3339(due)})
        return
    day = finder.study_date(person, due).isoformat()
    say(f"{len(changed)} {'card' if len(changed) == 1 else 'cards'} due on {day}")


@_query_command(
    "tag",
    "Add tags to the cards QUERY matches and take tags off, in their deck files (ids and "
    "history stay; the files are synced).",
)
@click.option("--as", "person", metavar="NAME", help="Whose state is: terms read.")
@click.option("--add", multiple=True, metavar="TAG", help="Add this tag (repeatable).")
@click.option("--remove", multiple=True, metavar="TAG", help="Take this tag off (repeatable).")
def tag(
    query: tuple[str, ...],
    person: str | None,
    add: tuple[str, ...],
    remove: tuple[str, ...],
    as_json: bool,
) -> None:
    if not add and not remove:
        raise click.UsageError("give --add TAG or --remove TAG")
    finder: CardFinder = services(writes=True).cards
    changed = finder.tag(" ".join(query), add, remove, person=person)
    if as_json:
        echo_json({"tag": changed})
        return
    say(f"{len(changed)} {'note' if len(changed) == 1 else 'notes'} retagged")


@_query_command(
    "retire",
    "Take the cards QUERY matches out of their deck files: retired, their history kept (put "
    "back with its id, a card comes back). A note goes whole, with its reverse or cloze cards.",
)
@click.option("--as", "person", metavar="NAME", help="Whose state is: terms read.")
def retire(query: tuple[str, ...], person: str | None, as_json: bool) -> None:
    finder: CardFinder = services(writes=True).cards
    retired = finder.retire(" ".join(query), person=person)
    if as_json:
        echo_json({"retire": retired})
        return
    say(f"{len(retired)} {'note' if len(retired) == 1 else 'notes'} retired")


@cards.command("merge")
@global_options
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def merge(old: str, new: str, as_json: bool) -> None:
    """Move the reviews of retired card OLD onto live card NEW, and replay.

    For one card that got two ids: each card of OLD goes to NEW's card of the same kind
    (OLD -> NEW, OLD:r -> NEW:r, OLD:c2 -> NEW:c2 where NEW has it). Reviews of OLD that
    arrive later (log import, the log folder) land on NEW too. OLD and NEW are note ids.
    """
    from tandem.services.cards.merging import describe_merge

    merged = services(writes=True).merging.merge(old, new)
    if as_json:
        echo_json({"old": merged.old, "new": merged.new, "moved": merged.moved,
                   "left": merged.left, "reviews": merged.reviews,
                   "people": merged.people})  # fmt: skip
    else:
        say(describe_merge(merged))


def _found_line(item: FoundCard) -> str:
    from tandem.render.card_line import card_line
    from tandem.render.terminal import terminal_line

    card = item.card
    where = ""
    if item.queue is not None:
        where = f"  [{item.queue.name.lower()}{', leech' if item.leech else ''}]"
    deck = terminal_line(card.deck_path, 48)
    return f"{card.key}  {deck}  {card_line(card.question)}{where}"


def _found_dict(item: FoundCard) -> dict[str, object]:
    card = item.card
    found: dict[str, object] = {
        "key": card.key,
        "deck": card.deck_path,
        "question": card.question,
        "answer": card.answer,
        "tags": list(card.tags),
        "author": card.author,
    }
    if item.queue is not None:
        found |= {
            "queue": item.queue.name.lower(),
            "due": _due(card.state),
            "leech": item.leech,
        }
    return found


def _due(state: CardState) -> str | None:
    """The card's due date when it has one of its own: answered, or set due while new (a
    new card's ``due`` is only its place among new cards)."""
    if state.state is FsrsState.NEW or state.due is None:
        return None
    return state.due.isoformat()
