"""Provides the widgets of tandem's screens: views that show data and post messages up."""

from tandem.tui.widgets.card import CardView
from tandem.tui.widgets.progress import ReviewHeader, progress_text
from tandem.tui.widgets.rating import RatingBar
from tandem.tui.widgets.summary import SessionSummary
from tandem.tui.widgets.sync_errors import SyncErrors
from tandem.tui.widgets.tables import DueTable, FolderTable, PeopleTable

__all__ = [
    "CardView",
    "DueTable",
    "FolderTable",
    "PeopleTable",
    "RatingBar",
    "ReviewHeader",
    "SessionSummary",
    "SyncErrors",
    "progress_text",
]
