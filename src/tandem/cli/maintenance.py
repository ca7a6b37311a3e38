"""Provides the commands that keep data safe: backup, restore, doctor."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tandem.cli.common import echo_json, global_options, handle_errors, say, services
from tandem.models import ExitCode


@click.command()
@global_options
@click.option("--list", "show", is_flag=True, help="List the backups instead of making one.")
@click.option("--keep-daily", type=int, help="Keep the newest backup of this many days.")
@click.option("--keep-weekly", type=int, help="… of this many weeks.")
@click.option("--keep-monthly", type=int, help="… of this many months.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def backup(
    show: bool,
    keep_daily: int | None,
    keep_weekly: int | None,
    keep_monthly: int | None,
    as_json: bool,
) -> None:
    """Make a verified backup of the database now (or --list them)."""
    backups = services().backups
    changes = {"daily": keep_daily, "weekly": keep_weekly, "monthly": keep_monthly}
    if any(value is not None for value in changes.values()):
        update = {key: value for key, value in changes.items() if value is not None}
        backups.set_policy(backups.policy().updated(update))
    if not show:
        made = backups.make()
        if not as_json:
            say(f"backed up to {made.path}")
    found = backups.existing()
    if as_json:
        echo_json([{"path": str(b.path), "at": b.at.isoformat(), "reason": b.reason,
                    "bytes": b.size} for b in found])  # fmt: skip
    elif show:
        for item in found:
            when = item.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            say(f"{when}  {item.reason:<24} {item.size:>12,} B  {item.path}")
        if not found:
            say("no backups yet", err=True)


@click.command()
@global_options
@click.argument("file", type=click.Path(path_type=Path))
@handle_errors
def restore(file: Path) -> None:
    """Replace the database with a backup FILE (the current state is backed up first)."""
    before = services().backups.restore(file)
    say(f"restored {file}; the state before is in {before.path}")


@click.command()
@global_options
@click.option("--rebuild", is_flag=True, help="Rewrite every state recomputed from the log.")
@click.option("--repair", is_flag=True, help="Fix every problem that can be fixed.")
@click.option(
    "--full",
    is_flag=True,
    help="Run SQLite's full integrity_check (slower; without it quick_check runs on a "
    "database up to 64 MB).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def doctor(rebuild: bool, repair: bool, full: bool, as_json: bool) -> None:
    """Check the database, its invariants, and every state against its review log.

    It also finds a retired card with reviews whose text a live card has (two ids given to
    one card, a clash resolved by keeping one); --repair moves those reviews onto the live
    card, as `tandem cards merge` does."""
    from tandem.services.cards.merging import describe_clash, describe_merge

    svc = services(writes=rebuild or repair)
    report = svc.doctor.check(rebuild=rebuild, repair=repair, full=full)
    if as_json:
        echo_json({
            "ok": report.ok,
            "integrity": report.integrity,
            "file_checked": report.file_checked,
            "foreign_keys": report.foreign_keys,
            "problems": report.problems,
            "differences": [d.describe() for d in report.differences],
            "settings": report.settings,
            "clashes": [describe_clash(clash) for clash in report.clashes],
            "merged": [describe_merge(merged) for merged in report.merged],
            "rebuilt": report.rebuilt,
            "repaired": report.repaired,
        })  # fmt: skip
    else:
        if report.file_checked:
            say("integrity: " + ("ok" if not report.integrity else "; ".join(report.integrity)))
        else:
            say("integrity: pages not checked in a database over 64 MB (--full checks them)")
        say(f"foreign keys: {len(report.foreign_keys) or 'ok'}")
        fixed = "fixed" if repair else "found"
        for name, count in report.problems.items():
            if count:
                say(f"{name}: {count} {fixed}")
        for person, refused in report.settings.items():
            reset = " (reset to the defaults)" if repair else " (--repair resets them)"
            problems = "; ".join(f"{field}: {problem}" for field, problem in refused.items())
            say(f"settings of {person}: {problems}{reset}")
        for clash in report.clashes if not repair else ():
            say(f"{describe_clash(clash)} (--repair or `tandem cards merge` moves them)")
        for merged in report.merged:
            say(describe_merge(merged))
        what = (
            "states rebuilt from the log"
            if rebuild or repair
            else "states that differ from the log"
        )
        say(f"{what}: {len(report.differences)}")
        for difference in report.differences[:20]:
            say(f"  {difference.describe()}")
    if not report.ok:
        sys.exit(int(ExitCode.ERROR))
