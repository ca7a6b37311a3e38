"""Provides the widgets of tandem's screens: views that show data and post messages up."""

from tandem.tui.widgets.card import CardView
from tandem.tui.widgets.chart import BarChart, Chart
from tandem.tui.widgets.editor import CardForm
from tandem.tui.widgets.editor_list import WrittenCards
from tandem.tui.widgets.heatmap import ReviewHeatmap
from tandem.tui.widgets.progress import ReviewHeader, progress_text
from tandem.tui.widgets.quiz_header import QuizHeader
from tandem.tui.widgets.quiz_results import QuizResultsView
from tandem.tui.widgets.rating import RatingBar
from tandem.tui.widgets.stats import HardestTable, PairView
from tandem.tui.widgets.stats_optimize import OptimizeView
from tandem.tui.widgets.summary import SessionSummary
from tandem.tui.widgets.sync_errors import SyncErrors
from tandem.tui.widgets.tables import DueTable, FolderTable, PeopleTable

__all__ = [
    "BarChart",
    "CardForm",
    "CardView",
    "Chart",
    "DueTable",
    "FolderTable",
    "HardestTable",
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
