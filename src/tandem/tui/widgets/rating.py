"""Provides the row of four rating buttons, each labelled with the interval it would give."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

from tandem.models import Rating
from tandem.tui.formatting import format_interval

_VARIANTS: dict[Rating, ButtonVariant] = {
    Rating.AGAIN: "error",
    Rating.HARD: "warning",
    Rating.GOOD: "success",
    Rating.EASY: "primary",
}


class RatingBar(Horizontal):
    """Again / Hard / Good / Easy. Clicking a button posts :class:`RatingBar.Rated`.

    The buttons are mounted with the bar; ``set_previews`` only relabels them.
    """

    class Rated(Message):
        """A rating button was clicked."""

        def __init__(self, rating: Rating) -> None:
            super().__init__()
            self.rating = rating

    def compose(self) -> ComposeResult:
        for rating in Rating:
            yield _button(rating, None)

    def set_previews(self, previews: Mapping[Rating, timedelta]) -> None:
        """Relabels the buttons with the interval each rating would give."""
        for rating in Rating:
            button = self.query_one(f"#rate-{int(rating)}", Button)
            button.label = _label(rating, previews.get(rating))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("rate-"):
            self.post_message(self.Rated(Rating(int(event.button.id.removeprefix("rate-")))))


def _button(rating: Rating, interval: timedelta | None) -> Button:
    label, variant = _label(rating, interval), _VARIANTS[rating]
    button = Button(label, id=f"rate-{int(rating)}", variant=variant)
    button.can_focus = False  # space and enter belong to the review, not a button
    return button


def _label(rating: Rating, interval: timedelta | None) -> Content:
    shown = format_interval(interval) if interval is not None else ""
    return Content.assemble(rating.label, " ", (shown, "bold")) if shown else Content(rating.label)
