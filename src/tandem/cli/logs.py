"""Provides ``tandem logs``: the shared review log folder (init, status, trust)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tandem.cli.common import echo_json, global_options, handle_errors, say, services

if TYPE_CHECKING:
    from tandem.services.logs.service import ExchangeReport


@click.group()
@global_options
def logs() -> None:
    """The shared review log folder: reviews travel by git or any synced folder."""


@logs.command("init")
@global_options
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@handle_errors
def logs_init(directory: Path) -> None:
    """Use DIRECTORY as the log folder (recorded in config.toml; made if needed)."""
    folder = services(writes=True).logs.init(directory)
    say(f"log folder: {folder.root}")
    mine = folder.root / "<person>" / f"{folder.device}.jsonl"
    say(f"this device: {folder.device} (writes {mine})")
    say("publish someone's reviews with `tandem people share NAME`; `tandem sync` reads "
               "the others'")  # fmt: skip


@logs.command("status")
@global_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def logs_status(as_json: bool) -> None:
    """The folder, this device, who shares, and how far each file has been read."""
    status = services().logs.status()
    if as_json:
        echo_json(asdict(status))
        return
    say(f"folder: {status.folder}\ndevice: {status.device}")
    for person, level in status.sharing.items():
        say(f"{person}: " + ("not shared" if level == "off" else f"shared ({level})"))
    for file in status.files:
        notes = [f"{file.lines} lines read"] + (["this device"] if file.own else [])
        if file.waiting:
            notes.append(f"{file.waiting} waiting")
        if file.distrust:
            notes.append(f"NOT READ: {file.distrust}")
        say(f"  {file.rel}: {', '.join(notes)}")
    for problem in status.problems:
        say(problem, err=True)


@logs.command("trust")
@global_options
@click.argument("file", metavar="PERSON/DEVICE.jsonl")
@handle_errors
def logs_trust(file: str) -> None:
    """Read a file that changed its past lines again from its start (by review id)."""
    svc = services(writes=True)
    svc.logs.trust(file)
    report = svc.logs.exchange()
    if report is not None:
        echo_exchange(report)


def echo_exchange(report: ExchangeReport, problems_shown: int = 20) -> None:
    """What an exchange did, in one line; its problems on stderr."""
    say(
        f"reviews: {report.added} added, {report.retracted} taken back, {report.published} "
        f"published ({report.files_read} of {report.files} files had new lines)"
        + (f"; {report.waiting} waiting" if report.waiting else "")
    )
    for problem in report.problems[:problems_shown]:
        say(f"  {problem}", err=True)
    if len(report.problems) > problems_shown:
        say(f"  … and {len(report.problems) - problems_shown} more", err=True)
