"""Provides tandem's SQLite storage: connection rules, schema, and every table's queries.

Storage owns the data model: all SQL lives here, in one repository per table (or use).
The package imports nothing itself: a first card needs only a few of the repositories.
"""

__all__ = [
    "aliases",
    "app_settings",
    "backup",
    "card_flags",
    "card_query",
    "card_range",
    "cards",
    "chunks",
    "db",
    "integrity",
    "log_staging",
    "note_rows",
    "people",
    "queue",
    "quizzes",
    "report_figures",
    "restore",
    "reviews",
    "schema",
    "scope",
    "search",
    "search_fill",
    "search_scope",
    "states",
    "stats",
    "study_days",
]
