"""Provides the widgets of tandem's screens: views that show data and post messages up.

Each name is imported on first use, so start-up loads only the screen it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.models.lazy import lazy_attributes

if TYPE_CHECKING:
    from tandem.tui.widgets.card import CardView
    from tandem.tui.widgets.chart import BarChart, Chart
    from tandem.tui.widgets.editor import CardForm
    from tandem.tui.widgets.editor_list import WrittenCards
    from tandem.tui.widgets.heatmap import ReviewHeatmap
    from tandem.tui.widgets.key_footer import KeyFooter
    from tandem.tui.widgets.progress import ReviewHeader, progress_text
    from tandem.tui.widgets.quiz_header import QuizHeader
    from tandem.tui.widgets.quiz_results import QuizResultsView
    from tandem.tui.widgets.rating import RatingBar
    from tandem.tui.widgets.stats import HardestTable, PairView
    from tandem.tui.widgets.stats_optimize import OptimizeView
    from tandem.tui.widgets.summary import SessionSummary
    from tandem.tui.widgets.sync_errors import SyncErrors
    from tandem.tui.widgets.tables import DueTable, FolderTable, PeopleTable

_WHERE = {
    "BarChart": "tandem.tui.widgets.chart",
    "CardForm": "tandem.tui.widgets.editor",
    "CardView": "tandem.tui.widgets.card",
    "Chart": "tandem.tui.widgets.chart",
    "DueTable": "tandem.tui.widgets.tables",
    "FolderTable": "tandem.tui.widgets.tables",
    "HardestTable": "tandem.tui.widgets.stats",
    "KeyFooter": "tandem.tui.widgets.key_footer",
    "OptimizeView": "tandem.tui.widgets.stats_optimize",
    "PairView": "tandem.tui.widgets.stats",
    "PeopleTable": "tandem.tui.widgets.tables",
    "QuizHeader": "tandem.tui.widgets.quiz_header",
    "QuizResultsView": "tandem.tui.widgets.quiz_results",
    "RatingBar": "tandem.tui.widgets.rating",
    "ReviewHeader": "tandem.tui.widgets.progress",
    "ReviewHeatmap": "tandem.tui.widgets.heatmap",
    "SessionSummary": "tandem.tui.widgets.summary",
    "SyncErrors": "tandem.tui.widgets.sync_errors",
    "WrittenCards": "tandem.tui.widgets.editor_list",
    "progress_text": "tandem.tui.widgets.progress",
}

__getattr__ = lazy_attributes(__name__, _WHERE)


__all__ = [
    "BarChart",
    "CardForm",
    "CardView",
    "Chart",
    "DueTable",
    "FolderTable",
    "HardestTable",
    "KeyFooter",
    "OptimizeView",
    "PairView",
    "PeopleTable",
    "QuizHeader",
    "QuizResultsView",
    "RatingBar",
    "ReviewHeader",
    "ReviewHeatmap",
    "SessionSummary",
    "SyncErrors",
    "WrittenCards",
    "progress_text",
]
