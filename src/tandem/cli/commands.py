"""Provides the ``tandem`` command group (click); heavy imports wait for the command."""

from __future__ import annotations

import click

from tandem import __version__
from tandem.cli.cards import cards
from tandem.cli.common import CliState, global_options
from tandem.cli.data import due, locate, log, people
from tandem.cli.decks import check, fmt, sync
from tandem.cli.interop import export, import_
from tandem.cli.logs import logs
from tandem.cli.maintenance import backup, doctor, restore
from tandem.cli.merge import merge_file
from tandem.cli.optimize import optimize
from tandem.cli.quiz import join, quiz
from tandem.cli.serve import serve
from tandem.cli.stats import report, stats
from tandem.cli.study import browse, home, review
from tandem.cli.team import init


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@global_options
@click.version_option(__version__, prog_name="tandem")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """tandem: spaced-repetition quizzes for learning partners.

    Without a command, opens the home screen.
    """
    ctx.ensure_object(CliState)
    if ctx.invoked_subcommand is None:
        ctx.invoke(home)


for command in (
    review,
    quiz,
    join,
    people,
    sync,
    check,
    fmt,
    due,
    log,
    logs,
    locate,
    doctor,
    backup,
    restore,
    stats,
    report,
    import_,
    export,
    optimize,
    serve,
    cards,
    browse,
    merge_file,
    init,
):
    cli.add_command(command)


__all__ = ["cli"]
