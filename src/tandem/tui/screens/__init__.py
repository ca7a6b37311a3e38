"""Provides tandem's screens: home, review, help and the add-person modal."""

from tandem.tui.screens.add_person import AddPersonScreen
from tandem.tui.screens.help import HelpRow, HelpScreen
from tandem.tui.screens.home import HomeScreen
from tandem.tui.screens.review import ReviewScreen

__all__ = ["AddPersonScreen", "HelpRow", "HelpScreen", "HomeScreen", "ReviewScreen"]
