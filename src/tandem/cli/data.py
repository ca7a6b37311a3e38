"""Provides the data commands: people, due, log, locate, doctor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tandem.cli.common import cli_state, echo_json, global_options, handle_errors, say, services
from tandem.models.wording import counted
from tandem.render.terminal import json_safe

if TYPE_CHECKING:
    from tandem.config import Paths
    from tandem.services.study.due import PersonDue


@click.group()
@global_options
def people() -> None:
    """Add and list the people who study with this database."""


@people.command("add")
@global_options
@click.argument("name")
@handle_errors
def people_add(name: str) -> None:
    """Add a person: every card starts new for them."""
    svc = services(writes=True)
    svc.people.add(name)
    say(f"added {svc.people.resolve(name)}")


@people.command("share")
@global_options
@click.argument("name")
@click.option(
    "--level",
    type=click.Choice(["totals", "topics", "cards"]),
    default="topics",
    show_default=True,
    help="What a lead's report from the folder may show of NAME.",
)
@handle_errors
def people_share(name: str, level: str) -> None:
    """Publish NAME's reviews to the log folder, from every device (their history too)."""
    published = services(writes=True).logs.share(name, level)
    say(f"{name} shares (report level {level}); {counted(published, 'review')} published")


@people.command("unshare")
@global_options
@click.argument("name")
@handle_errors
def people_unshare(name: str) -> None:
    """Stop publishing NAME's reviews, on every device (what is published stays)."""
    services(writes=True).logs.unshare(name)
    say(f"{name} no longer shares; files already in the folder stay until deleted")


@people.command("list")
@global_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def people_list(as_json: bool) -> None:
    """List the people."""
    names = services().people.names()
    if as_json:
        echo_json(names)
    elif names:
        say("\n".join(names))
    else:
        say("nobody yet: add someone with `tandem people add NAME`", err=True)


@click.command()
@global_options
@click.option("--as", "person", metavar="NAME", help="Only this person.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def due(person: str | None, as_json: bool) -> None:
    """What is due today, per person and deck (daily limits applied)."""
    svc = services()
    names = [person] if person else svc.people.names()
    results = [svc.due.for_person(name) for name in names]
    if as_json:
        echo_json([_due_dict(result) for result in results])
        return
    if not results:
        say("nobody yet: add someone with `tandem people add NAME`", err=True)
    for result in results:
        say(
            f"{result.person}: {result.total} due "
            f"(learning {result.learning}, review {result.review}, new {result.new})"
        )
        for deck in result.decks:
            if deck.new or deck.learning or deck.review:
                say(
                    f"  {deck.title}: learning {deck.learning}, review {deck.review}, "
                    f"new {deck.new}"
                )


def _due_dict(result: PersonDue) -> dict[str, object]:
    from dataclasses import asdict

    data = asdict(result)
    data["total"] = result.total
    return data


@click.group()
@global_options
def log() -> None:
    """Export and import review logs (JSON Lines)."""


@log.command("export")
@global_options
@click.option("--as", "person", metavar="NAME", required=True, help="Whose reviews.")
@handle_errors
def log_export(person: str) -> None:
    """Write NAME's review log to stdout, one JSON object per line."""
    out = sys.stdout
    for batch in services().log.export_batches(person):
        batch.append("")  # a newline after the batch's last line too
        out.write(json_safe("\n".join(batch)))  # escapes are per character: whole batches


@log.command("import")
@global_options
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--skip-unknown",
    is_flag=True,
    help="Import what can be; leave out (and count) lines on cards or people not here "
    "and lines that are not reviews.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def log_import(file: Path, skip_unknown: bool, as_json: bool) -> None:
    """Import a review log; reviews seen before are skipped. All lines are checked first:
    one bad line refuses the file, unless --skip-unknown."""
    result = services(writes=True).log.import_file(file, skip_unknown=skip_unknown)
    if as_json:
        echo_json({"added": result.added, "skipped": result.skipped,
                   "people": list(result.people), "cards": result.cards,
                   "refused": result.refused, "problems": list(result.problems)})  # fmt: skip
        return
    left_out = f", {counted(result.refused, 'line')} left out" if result.refused else ""
    say(
        f"{counted(result.added, 'review')} added, {result.skipped} already here{left_out}; "
        f"{result.cards} card states rebuilt"
    )
    for problem in result.problems:
        say(f"  {problem}", err=True)
    if result.refused > len(result.problems):
        say(f"  … and more ({result.refused} lines left out in all)", err=True)


@click.command()
@global_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def locate(as_json: bool) -> None:
    """Print where tandem keeps everything."""
    paths = cli_state().paths()
    places = {
        "database": str(paths.db),
        "decks": str(paths.decks),
        "backups": str(paths.backups),
        "config": str(paths.config_file),
        "data": str(paths.data_dir),
        "logs": _logs_folder(paths),
    }
    if as_json:
        echo_json(places)
    else:
        for name, place in places.items():
            say(f"{name + ':':10} {place or '(none: tandem logs init DIR)'}")


def _logs_folder(paths: Paths) -> str | None:
    """The log folder in the config file (a malformed file: none; the TUI reports it)."""
    from tandem.config.app_file import load
    from tandem.models import TandemError

    try:
        return load(paths.config_file).logs_folder
    except TandemError:
        return None
