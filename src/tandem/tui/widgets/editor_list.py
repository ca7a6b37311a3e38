"""Provides the list of the cards written in a session: one line per card, newest last."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tandem.render.card_line import card_line
from tandem.tui.widgets.editor_text import WrittenCard

PREVIEW = 60


def preview(card: WrittenCard, width: int = PREVIEW) -> Content:
    """The question's words on one line (no Markdown marks), cut to ``width``, then who
    wrote it (dim)."""
    first = card_line(card.question, width)
    marker = "C:" if card.kind == "cloze" else "Q:"
    by = f"  by {card.by}" if card.by else ""
    return Content.assemble((marker, "bold"), " ", first, (by, "dim"))


class WrittenCards(OptionList):
    """The session's cards; enter or ``e`` asks the screen to edit the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit card", id="session.edit_card"),
    ]

    class Edit(Message):
        """The user wants to edit the card ``note_id``."""

        def __init__(self, note_id: str) -> None:
            super().__init__()
            self.note_id = note_id

    def fill(self, cards: Iterable[WrittenCard]) -> None:
        """Replaces the options, keeping the highlight on the same card when it is still there."""
        kept = self.selected
        self.clear_options()
        self.add_options(Option(preview(card), id=card.id) for card in cards)
        if self.option_count:
            ids = [self.get_option_at_index(i).id for i in range(self.option_count)]
            self.highlighted = ids.index(kept) if kept in ids else self.option_count - 1

    @property
    def selected(self) -> str | None:
        """The id of the highlighted card."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_edit(self) -> None:
        if self.selected is not None:
            self.post_message(self.Edit(self.selected))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Edit(event.option.id))
