"""Provides the report in the format asked for: Markdown, one HTML page, or CSV."""

from __future__ import annotations

from enum import StrEnum

from tandem.services.report.models import TeamReport


class Format(StrEnum):
    """The formats a report is written in."""

    MD = "md"
    HTML = "html"
    CSV = "csv"


def render_report(report: TeamReport, fmt: Format) -> str:
    """``report`` as Markdown, one self-contained HTML page, or CSV."""
    if fmt is Format.HTML:
        from tandem.render.report_html import render_html

        return render_html(report)
    if fmt is Format.CSV:
        from tandem.render.report_csv import render_csv

        return render_csv(report)
    from tandem.render.report_md import render_md

    return render_md(report)
