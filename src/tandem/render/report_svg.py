"""Provides the report's inline SVG charts: reviews per day and retention against target."""

from __future__ import annotations

from collections.abc import Sequence

from tandem.models.wording import counted
from tandem.render.figures import percent
from tandem.render.terminal import html_safe as escape
from tandem.services.stats.models import DayActivity, Retention, Tally

WIDTH = 480
BAR_HEIGHT = 120
LEFT = 34
BOTTOM = 18


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}">' + "".join(body) + "</svg>"
    )


def daily_bars(days: Sequence[DayActivity], label: str) -> str:
    """Reviews per day as bars, with the day's count in each bar's tooltip."""
    top = max((d.reviews for d in days), default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - 4, BAR_HEIGHT - BOTTOM - 6
    step = plot_w / max(len(days), 1)
    gap = min(1.0, step * 0.2)
    body = [
        f'<line class="axis" x1="{LEFT}" y1="{6 + plot_h}" x2="{WIDTH - 4}" y2="{6 + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 4}" y="12" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{LEFT - 4}" y="{6 + plot_h}" text-anchor="end">0</text>',
    ]
    for n, day in enumerate(days):
        if not day.reviews:
            continue
        h = plot_h * day.reviews / top
        x = LEFT + n * step + gap / 2
        body.append(
            f'<rect class="bar" x="{x:.2f}" y="{6 + plot_h - h:.2f}" width="{step - gap:.2f}" '
            f'height="{h:.2f}"><title>{day.day}: {counted(day.reviews, "review")}</title></rect>'
        )
    if days:
        y = BAR_HEIGHT - 4
        body.append(f'<text class="tick" x="{LEFT}" y="{y}">{days[0].day}</text>')
        body.append(
            f'<text class="tick" x="{WIDTH - 4}" y="{y}" text-anchor="end">{days[-1].day}</text>'
        )
    return _svg(WIDTH, BAR_HEIGHT, label, body)


def retention_bars(retention: Retention, label: str) -> str:
    """Young, mature and all true retention as bars from 0 to 100%, the target as a line."""
    rows: list[tuple[str, Tally]] = [
        ("young", retention.young),
        ("mature", retention.mature),
        ("all", retention.total),
    ]
    left, plot_w, row_h = 58, WIDTH - 58 - 120, 24
    height = row_h * len(rows) + 20
    body = []
    for n, (name, tally) in enumerate(rows):
        y = 4 + n * row_h
        body.append(f'<text class="label" x="{left - 6}" y="{y + 14}" text-anchor="end">'
                    f"{name}</text>")  # fmt: skip
        body.append(f'<rect class="track" x="{left}" y="{y + 2}" width="{plot_w}" height="15"/>')
        if tally.rate is not None:
            met = "ok" if tally.rate >= retention.target else "low"
            body.append(
                f'<rect class="bar {met}" x="{left}" y="{y + 2}" '
                f'width="{plot_w * tally.rate:.2f}" height="15"/>'
            )
        text = f"{percent(tally.rate)} of {tally.reviews}" if tally.reviews else "no reviews"
        body.append(f'<text class="value" x="{left + plot_w + 8}" y="{y + 14}">{text}</text>')
    x = left + plot_w * retention.target
    bottom = 4 + row_h * len(rows)
    body.append(f'<line class="target" x1="{x:.2f}" y1="2" x2="{x:.2f}" y2="{bottom}"/>')
    body.append(
        f'<text class="tick" x="{x:.2f}" y="{bottom + 12}" text-anchor="middle">'
        f"target {percent(retention.target)}</text>"
    )
    return _svg(WIDTH, height, label, body)
