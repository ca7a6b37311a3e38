"""Provides ``tandem import`` and ``tandem export``: Anki packages and text exports (and
other tools' decks on import)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tandem.cli.common import echo_json, global_options, handle_errors, say, services
from tandem.models.wording import counted
from tandem.render.terminal import controls_escaped

if TYPE_CHECKING:
    from tandem.services.anki.importing import ImportSummary


@click.command("import")
@global_options
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--as",
    "person",
    metavar="NAME",
    help="Import the review log (Anki's, hashcards', Mochi's) or Obsidian's schedules as NAME's.",
)
@click.option("--into", metavar="DIR", help="Folder inside the decks folder [default: it].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def import_(file: Path, person: str | None, into: str | None, as_json: bool) -> None:
    """Import an Anki package (.apkg, .colpkg), a text export or CSV (.txt, .csv, .tsv), or
    another tool's Markdown deck or folder (hashcards, Obsidian Spaced Repetition), or a
    Mochi export (.mochi).

    One deck file per Anki deck (A::B becomes a/b.md). Re-importing updates the same
    cards (matched by Anki GUID) instead of duplicating them.
    """
    summary = services(writes=True).importer.run(file, person=person, into=into)
    if as_json:
        echo_json(asdict(summary))
    else:
        _print(summary, person)


def _print(s: ImportSummary, person: str | None) -> None:
    say(
        f"imported {s.source} ({s.format}): {counted(s.notes, 'note')}, "
        f"{counted(s.cards, 'card')} "
        f"({s.added} added, {s.updated} updated, {s.unchanged} unchanged)"
    )
    if person:
        resets = f", {s.resets} resets (Anki's Forget)" if s.resets else ""
        dates = f", {counted(s.due_dates, 'due date')} set by hand" if s.due_dates else ""
        say(
            f"reviews: {s.reviews} added for {person}{resets}{dates}, "
            f"{s.reviews_known} already here; "
            f"{s.states_rebuilt} card states rebuilt"
        )
    for name in s.files:
        say(f"wrote {name}")
    for name in s.media:
        say(f"media {name}")
    for name in s.media_missing:
        say(f"media not in the package: {name}")
    for reason, count in s.skipped.items():
        say(f"skipped {count} {reason}")
    for warning in s.warnings:
        say(f"warning: {warning}", err=True)


@click.command("export")
@global_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["anki-txt", "apkg"]),
    required=True,
    help="anki-txt: Anki's Notes in Plain Text; apkg: an Anki package.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file [default: stdout for anki-txt, tandem.apkg for apkg].",
)
@click.option("--as", "person", metavar="NAME", help="apkg: include NAME's reviews and schedule.")
@click.option("--json", "as_json", is_flag=True, help="Print what was exported as JSON.")
@handle_errors
def export(fmt: str, output: Path | None, person: str | None, as_json: bool) -> None:
    """Export every deck for Anki (GUIDs kept, so importing again updates, not duplicates)."""
    if as_json and fmt == "anki-txt" and output is None:
        raise click.UsageError("--json with --format anki-txt needs -o FILE")
    exporter = services().exporter
    if fmt == "anki-txt":
        text, result = exporter.text()
        if output is None:
            # data, not a message: only what valid data cannot hold is escaped
            click.echo(controls_escaped(text), nl=False)
        else:
            exporter.save(output, text.encode("utf-8"))
    else:
        result = exporter.apkg(output or Path("tandem.apkg"), person=person)
    if as_json:
        echo_json(asdict(result))
    elif output is not None or fmt == "apkg":
        say(
            f"exported {counted(result.notes, 'note')} ({counted(result.cards, 'card')}, "
            f"{counted(result.reviews, 'review')}) "
            f"to {output or 'tandem.apkg'}",
            err=True,
        )
