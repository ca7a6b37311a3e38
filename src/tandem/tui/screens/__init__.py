"""Provides tandem's screens: home, review, quiz, sessions, stats, settings and modals.

The package imports nothing itself: start-up loads only the screen it shows.
"""

__all__ = [
    "add_person",
    "ask",
    "browse",
    "browse_actions",
    "card_actions",
    "card_editor",
    "confirm",
    "cram_search",
    "help",
    "home",
    "quiz",
    "quiz_dialogs",
    "quiz_end",
    "quiz_start",
    "retire_confirm",
    "review",
    "session",
    "session_picker",
    "settings",
    "settings_form",
    "start_session",
    "stats",
]
