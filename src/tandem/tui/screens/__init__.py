"""Provides tandem's screens: home, review, help and the add-person modal."""

from tandem.tui.screens.add_person import AddPersonScreen
from tandem.tui.screens.card_editor import CardEditorScreen
from tandem.tui.screens.help import HelpRow, HelpScreen
from tandem.tui.screens.home import HomeScreen
from tandem.tui.screens.quiz import QuizScreen
from tandem.tui.screens.quiz_end import QuizEndScreen
from tandem.tui.screens.review import ReviewScreen
from tandem.tui.screens.session import SessionScreen
from tandem.tui.screens.session_picker import SessionPickerScreen
from tandem.tui.screens.settings import SettingsScreen
from tandem.tui.screens.start_session import StartSessionScreen
from tandem.tui.screens.stats import StatsScreen

__all__ = [
    "AddPersonScreen",
    "CardEditorScreen",
    "HelpRow",
    "HelpScreen",
    "HomeScreen",
    "QuizEndScreen",
    "QuizScreen",
    "ReviewScreen",
    "SessionPickerScreen",
    "SessionScreen",
    "SettingsScreen",
    "StartSessionScreen",
    "StatsScreen",
]
