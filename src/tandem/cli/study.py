"""Provides the commands that open the TUI: home and review."""

from __future__ import annotations

import click

from tandem.cli.common import global_options, handle_errors, say, services
from tandem.cli.review_start import focus_query, start_review

__all__ = ["browse", "focus_query", "home", "review"]


@click.command()
@global_options
@handle_errors
def home() -> None:
    """Open the home screen."""
    from tandem.tui import run_app

    run_app(services(writes=True))


@click.command()
@global_options
@click.option("--as", "person", metavar="NAME", required=True, help="Who reviews.")
@click.option("--search", metavar="QUERY", help="Only the cards QUERY matches (docs/search.md).")
@click.option("--deck", metavar="DECK", help="Only this deck (path or title; * wildcards).")
@click.option("--tag", metavar="TAG", help="Only cards with this tag.")
@click.option(
    "--cram",
    is_flag=True,
    help="Study the chosen cards, due or not, without changing their schedule.",
)
@handle_errors
def review(person: str, search: str | None, deck: str | None, tag: str | None, cram: bool) -> None:
    """Daily review for NAME: every due card, or only those a search, deck or tag picks.

    With --cram: every card the search picks (all cards without one), due or not; answers
    are logged as cramming and leave due dates as they were (docs/search.md). A search,
    deck or tag that leaves nothing to study says so and exits 0 without opening the screen.
    """
    start_review(
        services(writes=True), person, search, deck, tag, cram, lambda text: say(text, err=True)
    )


@click.command()
@global_options
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option("--as", "person", metavar="NAME", help="Show and act on NAME's cards.")
@handle_errors
def browse(query: tuple[str, ...], person: str | None) -> None:
    """Browse cards: search as you type, a card's history, suspend or bury marked cards."""
    from tandem.tui import run_app

    svc = services(writes=True)  # the browser suspends and buries
    if person is not None:
        svc.people.settings(person)  # a clear error before the screen opens
    run_app(svc, browse=" ".join(query), browse_as=person)
