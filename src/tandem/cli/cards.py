"""Provides the commands that find cards and bring suspended ones back: find, unsuspend."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tandem.cli.common import echo_json, global_options, handle_errors, say, services

if TYPE_CHECKING:
    from tandem.services.cards.finder import FoundCard


@click.command()
@global_options
@click.argument("words", nargs=-1)
@click.option("--as", "person", metavar="NAME", help="Show where each card is for NAME.")
@click.option("--suspended", is_flag=True, help="List NAME's suspended cards (with --as).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="At most this many notes.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def find(
    words: tuple[str, ...], person: str | None, suspended: bool, limit: int, as_json: bool
) -> None:
    """Find cards whose question, answer or tags hold every one of WORDS.

    Words match without case or accents, and also the words they begin ("reba" finds
    "rebase"); "quotes" keep a phrase together. With --as, each card shows its queue for
    that person; --suspended lists their suspended cards instead (for `tandem unsuspend`).
    """
    if suspended and person is None:
        raise click.UsageError("--suspended needs --as NAME")
    if not suspended and not words:
        raise click.UsageError("give words to find, or --suspended --as NAME")
    svc = services()
    if suspended:
        assert person is not None
        found = svc.cards.suspended(person)
    else:
        found = svc.cards.find(" ".join(words), person=person, limit=limit)
    if as_json:
        echo_json([_found_dict(item) for item in found])
        return
    if not found:
        say("no card found", err=True)
    for item in found:
        say(_found_line(item))


@click.command()
@global_options
@click.argument("keys", nargs=-1, required=True)
@click.option("--as", "person", metavar="NAME", required=True, help="Whose cards.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def unsuspend(keys: tuple[str, ...], person: str, as_json: bool) -> None:
    """Bring NAME's suspended cards KEYS back into their reviews.

    A leech stays tagged a leech, and is suspended again after 4 more lapses. `tandem find
    --suspended --as NAME` lists the suspended cards and their keys.
    """
    lifted = services(writes=True).cards.unsuspend(person, keys)
    if as_json:
        echo_json({"unsuspended": lifted, "not_suspended": [k for k in keys if k not in lifted]})
        return
    for key in keys:
        say(f"{key}: {'back in the reviews' if key in lifted else 'was not suspended'}")


def _found_line(item: FoundCard) -> str:
    from tandem.render.terminal import terminal_line

    card = item.card
    where = ""
    if item.queue is not None:
        where = f"  [{item.queue.name.lower()}{', leech' if item.leech else ''}]"
    deck = terminal_line(card.deck_path, 40)
    return f"{card.key}  {deck}  {terminal_line(card.question)}{where}"


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
            "due": card.state.due.isoformat() if card.state.reps and card.state.due else None,
            "leech": item.leech,
        }
    return found
