"""Provides ``tandem init``: a team deck repository made ready (docs/merge.md)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click

from tandem.cli.common import global_options, handle_errors, say

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~:/?=&%+@-]*")


@click.command("init")
@global_options
@click.argument(
    "directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--tandem-url",
    metavar="URL",
    help="tandem's git URL: the pre-commit config uses the hooks it ships, CI installs from it.",
)
@click.option(
    "--tandem-rev",
    metavar="REV",
    default=None,
    help="The tag or commit of --tandem-url to use [default: this version's tag].",
)
@handle_errors
def init(directory: Path, tandem_url: str | None, tandem_rev: str | None) -> None:
    """Make DIRECTORY (default: here) ready to be a team's deck repository in git.

    Writes what is missing and keeps every file that exists: decks/ (with a README.md and a
    .tandemignore), a .gitattributes line that merges deck files card by card, a pre-commit
    configuration and a CI workflow (.github/workflows/decks.yml). Inside a git work tree
    it sets the merge driver in the repository's config; elsewhere it prints the commands.
    """
    from tandem.services.team_repo import Shipped, init_repository

    for option, value in (("--tandem-url", tandem_url), ("--tandem-rev", tandem_rev)):
        # The value goes into YAML and a pip requirement: one plain word, nothing to quote.
        if value is not None and not _PLAIN.fullmatch(value):
            raise click.BadParameter(
                "use a URL or revision without spaces or quotes", param_hint=option
            )
    shipped = Shipped(url=tandem_url, **({"rev": tandem_rev} if tandem_rev else {}))
    report = init_repository(directory, shipped)
    width = max(len(step.outcome) for step in report.steps)
    for step in report.steps:
        say(f"{step.outcome:<{width}}  {step.what}")
    if report.git_commands:
        say("not in a git work tree: after git init, wire the merge driver with")
        for command in report.git_commands:
            say(f"  {shlex.join(command)}")
