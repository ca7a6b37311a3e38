"""Provides the learning lead's report: every person and partnership over a period.

Modules: ``report`` (the ``Report`` service), ``models`` (the report as dataclasses),
``rows`` (its detail rows). Its renderings (Markdown, HTML, CSV) are in ``tandem.render``.
"""

__all__ = [
    "models",
    "report",
    "rows",
]
