"""Provides the commands that open the TUI: home and review."""

from __future__ import annotations

import click

from tandem.cli.common import global_options, handle_errors, services


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
@handle_errors
def review(person: str) -> None:
    """Daily review for NAME."""
    from tandem.tui import run_app

    svc = services(writes=True)
    svc.people.settings(person)  # a clear error before the screen opens
    run_app(svc, review_as=person)
