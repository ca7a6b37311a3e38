"""Provides the modal that asks before a sync retires more than half the notes."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from tandem.tui.screens.confirm import ConfirmScreen


class RetireConfirmScreen(ConfirmScreen):
    """Says how many notes the sync would retire; dismisses with True to retire them.

    A decks folder that lost most of its cards is more often the wrong folder (``--decks``,
    a half-finished checkout) than a real clean-up, so the default answer is no.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Retire them", id="retire_confirm.yes"),
        Binding("n,escape", "answer(False)", "Keep them", id="retire_confirm.no"),
    ]

    def __init__(self, retiring: int, active: int, folder: str) -> None:
        question = (
            f"The deck files in {folder} no longer hold {retiring} of the "
            f"{active} notes. Retire them (their history is kept)?"
        )
        super().__init__(question, "Retire", "Keep them")
