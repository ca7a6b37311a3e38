"""Provides tandem's screens: home, review, quiz, sessions, stats, settings and modals.

Each name is imported on first use, so start-up loads only the screen it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.models.lazy import lazy_attributes

if TYPE_CHECKING:
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

_WHERE = {
    "AddPersonScreen": "tandem.tui.screens.add_person",
    "CardEditorScreen": "tandem.tui.screens.card_editor",
    "HelpRow": "tandem.tui.screens.help",
    "HelpScreen": "tandem.tui.screens.help",
    "HomeScreen": "tandem.tui.screens.home",
    "QuizEndScreen": "tandem.tui.screens.quiz_end",
    "QuizScreen": "tandem.tui.screens.quiz",
    "ReviewScreen": "tandem.tui.screens.review",
    "SessionPickerScreen": "tandem.tui.screens.session_picker",
    "SessionScreen": "tandem.tui.screens.session",
    "SettingsScreen": "tandem.tui.screens.settings",
    "StartSessionScreen": "tandem.tui.screens.start_session",
    "StatsScreen": "tandem.tui.screens.stats",
}

__getattr__ = lazy_attributes(__name__, _WHERE)


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
