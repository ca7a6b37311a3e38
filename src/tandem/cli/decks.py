"""Provides the deck-file commands: sync, check, fmt."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from tandem.cli.common import cli_state, echo_json, global_options, handle_errors, say, services
from tandem.models import ExitCode, TandemError

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


@click.command()
@global_options
@click.option(
    "--retire", is_flag=True, help="Retire more than half the notes if the files lost them."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def sync(retire: bool, as_json: bool) -> None:
    """Read the deck files into the database; write ids for new cards into the files.

    In a git work tree ids are not written into a file git tracks unchanged (a later git
    pull would abort): its new cards wait for `tandem fmt --ids` and a commit.

    With a log folder (tandem logs init), then read the reviews others published there and
    publish this device's. A deck file with problems is left as it was (its cards are kept)
    and listed as file:line; the others are synced, and the exit code is 65. Another tool's
    export in the folder (a .mochi, data.edn) is no deck file: named, with how to import it,
    and skipped (not a problem). A sync that
    would retire more than half the notes (a wrong --decks folder, a checkout half done)
    changes no card and exits 65, unless --retire.
    """
    svc = services(writes=True)
    try:
        report, failed = svc.sync.run(retire=retire), None
    except TandemError as error:  # the reviews of the cards here still travel
        report, failed = None, error
    exchanged = svc.logs.exchange()
    if as_json:
        data = {**asdict(report), "changed": report.changed} if report else {}
        echo_json({**data, "logs": asdict(exchanged) if exchanged else None})
    elif report is not None:
        say(
            f"{report.added} added, {report.updated} updated, {report.moved} moved, "
            f"{report.retired} retired, {report.unchanged} unchanged "
            f"({report.files} files, {report.files_read} read)"
        )
        if report.ids_assigned:
            say(f"wrote {report.ids_assigned} new ids into: {', '.join(report.written)}")
        if report.foreign:
            from tandem.services.sync.outcome import foreign_summary

            say(foreign_summary(report.foreign), err=True)
        if report.left_out:
            say(
                f"left out {report.left_out} new card(s) without an id, in files git tracks "
                f"unchanged: {', '.join(report.left_out_of)}; run `tandem fmt --ids` and commit"
            )
    if exchanged is not None and not as_json:
        from tandem.cli.logs import echo_exchange

        echo_exchange(exchanged)
    if failed is None and report is not None:
        failed = report.refusal()  # the valid files are synced; the bad ones are named
    if failed is not None:
        raise failed


@click.command()
@global_options
@click.option("--require-ids", is_flag=True, help="A card without an id is a problem (a CI gate).")
@_PATHS
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="text: file:line: message; github: GitHub Actions annotations for a CI.",
)
@handle_errors
def check(require_ids: bool, paths: tuple[Path, ...], output: str) -> None:
    """Check deck files (default: the decks folder); list every problem as file:line."""
    from tandem.services.sync.checking import check_problems

    decks = cli_state().paths().decks
    problems = check_problems(list(paths), decks, require_ids=require_ids)
    if output == "github":
        from tandem.render.annotations import github_annotations

        lines = github_annotations(problems)
    else:
        lines = [str(problem) for problem in problems]
    for line in lines:
        say(line)
    if problems:
        say(f"{len(problems)} problem(s)", err=True)
        sys.exit(int(ExitCode.DATA))


@click.command()
@global_options
@click.option("--check", "check_only", is_flag=True, help="Only list files that would change.")
@click.option("--ids", "with_ids", is_flag=True, help="Also write the ids of cards that have none.")
@_PATHS
@handle_errors
def fmt(check_only: bool, with_ids: bool, paths: tuple[Path, ...]) -> None:
    """Format deck files canonically (default: the decks folder).

    With --ids, cards without an id get the id derived from the file's path in the decks
    folder and the card's text: the one `tandem sync` would write, on every clone.
    """
    from tandem.services.sync.checking import format_paths

    decks = cli_state().paths().decks
    result = format_paths(list(paths), decks, write=not check_only, ids=with_ids)
    for problem in result.problems:
        say(problem, err=True)
    verb = "would reformat" if check_only else "reformatted"
    for name in result.changed:
        say(f"{verb} {name}")
    for name, count in result.ids.items():
        say(f"{'would write' if check_only else 'wrote'} {count} new id(s) into {name}")
    if result.problems:
        sys.exit(int(ExitCode.DATA))
    if check_only and (result.changed or result.ids):
        sys.exit(int(ExitCode.ERROR))
