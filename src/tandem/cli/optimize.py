"""Provides ``tandem optimize``: FSRS parameters fitted to a person's own review log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tandem.cli.common import (
    backup_before_writing,
    echo_json,
    global_options,
    handle_errors,
    say,
    services,
)

if TYPE_CHECKING:
    from tandem.scheduling.optimize_metrics import Metrics
    from tandem.services.optimize.result import OptimizeResult


@click.command()
@global_options
@click.option("--as", "person", metavar="NAME", required=True, help="Whose log to fit.")
@click.option("--dry-run", is_flag=True, help="Fit and report, but save nothing.")
@click.option(
    "--retention", is_flag=True, help="Also simulate a year per desired retention (slower)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def optimize(person: str, dry_run: bool, retention: bool, as_json: bool) -> None:
    """Fit NAME's FSRS parameters to their reviews; save them only if they predict better.

    With --retention, also simulates a year of study per desired retention (minutes a
    day, cards remembered) so NAME can choose one. Needs at least 400 usable reviews
    (exit 1).
    """
    if not as_json:
        say(f"optimizing {person}'s FSRS parameters…", err=True)
    result = services().optimizer.run(
        person, dry_run=dry_run, simulate=retention, before_saving=backup_before_writing
    )
    if as_json:
        echo_json(result.to_dict())
    else:
        say("\n".join(report_lines(result)))


def report_lines(result: OptimizeResult) -> list[str]:
    """The human report: data used, figures before/after, decision, retention table."""
    held = result.holdout
    lines = [
        f"{result.person}: {result.reviews:,} reviews, {result.items:,} usable "
        f"(a card's review on a later day than its previous one), {result.cards:,} cards",
        "",
        f"Predicting later reviews ({held.folds} time splits, {held.fitted.items:,} reviews"
        " predicted; lower is better):",
        f"  {'':22}{'log loss':>9}{'RMSE(bins)':>12}",
        _metrics_line("FSRS defaults", held.default),
        _metrics_line("fitted on earlier", held.fitted),
        "Whole history:",
        _metrics_line(
            "current" if result.previous else "current (defaults)", result.history_previous
        ),
        _metrics_line("fitted", result.history_fitted),
        "",
        result.decision[0].upper() + result.decision[1:] + ".",
        "",
    ]
    return lines + _advice_lines(result)


def _metrics_line(label: str, metrics: Metrics) -> str:
    return f"  {label:22}{metrics.log_loss:>9.4f}{metrics.rmse_bins:>12.2%}"


def _advice_lines(result: OptimizeResult) -> list[str]:
    advice = result.advice
    if advice is None:
        return ["Desired retention: tandem optimize --retention simulates a year per retention."]
    work = advice.workload
    lines = [
        f"Desired retention (simulated {work.days} days: {work.cards:,} cards, "
        f"{work.new_per_day} new a day):",
        f"  {'retention':>9}{'min/day':>9}{'answers/day':>13}{'remembered':>12}",
    ]
    for row in advice.rows:
        mark = "  ← now" if abs(row.retention - advice.current) < 1e-9 else ""
        lines.append(
            f"  {row.retention:>9.2f}{row.minutes_per_day:>9.1f}{row.reviews_per_day:>13.1f}"
            f"{row.remembered:>12,.0f}{mark}"
        )
    return lines
