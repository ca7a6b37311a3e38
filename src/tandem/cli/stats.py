"""Provides ``tandem stats`` (a person's and a pair's figures) and ``tandem report``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tandem.cli.common import (
    cli_state,
    echo_json,
    fail,
    global_options,
    handle_errors,
    say,
    services,
)
from tandem.models import ExitCode
from tandem.models.wording import counted

if TYPE_CHECKING:
    from tandem.services.report.models import Level, TeamReport
    from tandem.services.stats.models import PairStats, PersonStats

_DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@global_options
@click.option("--as", "person", metavar="NAME", required=True, help="Whose figures.")
@click.option("--with", "partner", metavar="PARTNER", help="Add the figures of the pair.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/stats.md).")
@handle_errors
def stats(person: str, partner: str | None, as_json: bool) -> None:
    """Statistics: activity, retention, due forecast, streak, hardest cards, grading."""
    svc = services()
    figures = svc.stats.for_person(person)
    pair = svc.stats.pair(person, partner) if partner else None
    for notice in svc.stats.notices:
        say(f"tandem: {notice}", err=True)
    if as_json:
        from tandem.render.stats_json import pair_dict, person_dict

        data = person_dict(figures)
        if pair is not None:
            data["pair"] = pair_dict(pair)
        echo_json(data)
        return
    say("\n".join(_person_lines(figures)))
    if pair is not None:
        say("\n".join(_pair_lines(pair)))


def _person_lines(s: PersonStats) -> list[str]:
    from tandem.render.card_line import card_line
    from tandem.render.figures import calibration_text, duration, percent, share

    c, a, k = s.counts, s.activity, s.streak
    per_day = f"{a.reviews_per_study_day:.1f}" if a.reviews_per_study_day else "0"
    lines = [
        f"{s.person}: study day {s.today}",
        f"cards: {c.total} (new {c.new}, learning {c.learning}, review {c.review}, "
        f"relearning {c.relearning}); suspended {c.suspended}, buried {c.buried}, "
        f"leeches {c.leech}",
        f"streak: {counted(k.days, 'day')}"
        + ("" if k.studied_today or not k.days else ", not yet today"),
        f"last {len(a.days)} days: {counted(a.reviews, 'review')} on "
        f"{counted(a.days_studied, 'day')} "
        f"({per_day} per study day), {duration(a.duration_ms)}"
        + (f"; {a.cram} of them cramming" if a.cram else ""),
        "true retention (target " + percent(s.retention[0].target) + "):",
    ]
    for r in s.retention:
        lines.append(f"  {r.days:>3} days: all {share(r.total)}; young {share(r.young)}; "
                     f"mature {share(r.mature)}")  # fmt: skip
    due = [f"{d.day:%m-%d} {d.cards}" for d in s.forecast if d.cards]
    lines.append("due, next 30 days: " + (", ".join(due) if due else "nothing"))
    if s.hardest:
        lines.append("hardest cards:")
        lines += [f"  {counted(h.lapses, 'lapse')}  {h.key}  {card_line(h.prompt)}"
                  + ("  [leech]" if h.leech else "") for h in s.hardest]  # fmt: skip
    lines.append(f"grading: {calibration_text(s.calibration)}")
    return lines


def _pair_lines(p: PairStats) -> list[str]:
    from tandem.render.card_line import card_line

    lines = [f"\n{p.a} & {p.b}: {p.a} graded by {p.b} {p.a_graded_by_b} times, "
             f"{p.b} graded by {p.a} {p.b_graded_by_a} times"]  # fmt: skip
    groups = [
        ("both know", p.both_know),
        (f"only {p.a} knows", p.only_a_knows),
        (f"only {p.b} knows", p.only_b_knows),
        ("both keep missing", p.both_missing),
    ]
    for title, group in groups:
        lines.append(f"{title}: {group.count}")
        lines += [f"  {card.key}  {card_line(card.prompt)}" for card in group.cards]
    return lines


@click.command()
@global_options
@click.option("--since", type=_DATE, help="First day (YYYY-MM-DD) [default: 30 days ago].")
@click.option("--until", type=_DATE, help="Last day (YYYY-MM-DD) [default: today].")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "html", "csv"]), default="md", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE instead of stdout.")  # fmt: skip
@click.option(
    "--level",
    type=click.Choice(["totals", "topics", "cards"]),
    default="topics",
    show_default=True,
    help="Detail: totals only, per topic, or per card.",
)
@click.option(
    "--logs",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build it from this log folder and the decks folder alone (no database).",
)
@handle_errors
def report(
    since: datetime | None,
    until: datetime | None,
    fmt: str,
    output: Path | None,
    level: str,
    logs: Path | None,
) -> None:
    """Report for a learning lead: sessions, reviews, retention, backlog, topics, grading."""
    from tandem.render.report import Format, render_report
    from tandem.services.report.models import Level

    first, last = since.date() if since else None, until.date() if until else None
    if logs is not None:
        built = _from_folder(logs, first, last, Level(level))
    else:
        svc = services()
        built = svc.report.build(first, last, Level(level))
        for notice in svc.report.stats.notices:
            say(f"tandem: {notice}", err=True)
    text = render_report(built, Format(fmt))
    if output is None:
        say(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror}", ExitCode.IO)
    say(f"wrote {output}", err=True)


def _from_folder(logs: Path, since: date | None, until: date | None, level: Level) -> TeamReport:
    """The report from a log folder; what was skipped goes to stderr."""
    from tandem.models import SystemClock
    from tandem.services.logs.team import folder_report

    made = folder_report(cli_state().paths(), logs, SystemClock(), since, until, level)
    for problem in made.problems:
        say(f"tandem: {problem}", err=True)
    if made.left_out:
        say(f"tandem: not shared any more, left out: {', '.join(made.left_out)}", err=True)
    return made.report
