"""Provides text renderings of the services' values: the lead's report and stats JSON.

No Textual here: the CLI writes these to files and pipes. Modules: ``report_md``,
``report_html`` (with ``report_css`` and ``report_svg``), ``report_csv``, ``stats_json``,
``annotations`` (deck problems for a CI), ``card_line`` (card Markdown as one plain
line), ``figures`` (how shares, durations and calibration read, shared with the TUI), and
``terminal`` (others' text made safe for one terminal line).
"""

__all__ = [
    "annotations",
    "card_line",
    "figures",
    "report_csv",
    "report",
    "report_css",
    "report_html",
    "report_md",
    "report_svg",
    "stats_json",
    "terminal",
]
