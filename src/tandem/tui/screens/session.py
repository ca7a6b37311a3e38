"""Provides the session screen: the notes of a session log and the cards written in it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static, TextArea

from tandem.models import TandemError
from tandem.services import Services
from tandem.services.sync.deck_list import DeckInfo
from tandem.tui.screens.card_editor import open_card_editor
from tandem.tui.widgets.editor import CardForm, missing_answer
from tandem.tui.widgets.editor_list import WrittenCards
from tandem.tui.widgets.editor_text import WrittenCard

NO_CARDS = "No cards yet. Write one on the right, then press ctrl+enter (or Add card)."
NOTES_HINT = "What did you cover? Open questions? (Markdown; ctrl+s saves)"
DRAFT_LEFT = "This card is not added yet: ctrl+enter adds it, escape again leaves without it."
DRAFT_QUIT = "This card is not added yet: ctrl+enter adds it; quit again to leave without it."
NOTES_REFUSED = "The notes were not saved (see why); fix them, or leave again without them."


class SessionScreen(Screen[None]):
    """Writes into one session log. Every save goes to the file and the database at once."""

    CSS_PATH = "../sessions.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+enter,ctrl+j", "add_card", "Add card", id="session.add_card"),
        Binding("ctrl+s", "save_notes", "Save notes", id="session.save_notes"),
        Binding("escape", "back", "Back", id="session.back"),
    ]

    def __init__(self, services: Services, deck: str) -> None:
        super().__init__()
        self.services = services
        self.deck = deck
        self.info = next((d for d in services.decks.list() if d.path == deck), None)
        self.saved_notes = ""
        self._leaving = False
        self._notes_refused = False
        """The notes could not be saved and the user was told: the next leave goes ahead."""

    @property
    def partners(self) -> list[str]:
        """Who may be named as a card's author: the session's partners (else everyone)."""
        return list(self.info.partners) if self.info else self.services.people.names()

    def compose(self) -> ComposeResult:
        yield Static(_header(self.deck, self.info), id="session-header")
        with Horizontal(id="session-body"):
            with Vertical(id="session-left"):
                yield TextArea(
                    language="markdown", id="session-notes", placeholder=NOTES_HINT, soft_wrap=True
                )
                with Vertical(id="session-cards-pane"):
                    yield WrittenCards(id="session-cards")
                    yield Static(NO_CARDS, id="session-no-cards", markup=False)
            with Vertical(id="session-right"):
                yield CardForm(authors=self.partners, id="session-form")
                with Horizontal(id="session-buttons"):
                    yield Button("Add card", variant="primary", id="session-add", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#session-right").border_title = "New card"
        try:
            self.saved_notes = self.services.authoring.notes(self.deck)
        except TandemError as problem:
            self.notify(problem.message, title="Cannot open", severity="error", markup=False)
        self.query_one("#session-notes", TextArea).load_text(self.saved_notes)
        self._notes_changed()
        self.reload_cards()
        self.query_one(CardForm).focus_question()

    def reload_cards(self) -> None:
        """Lists the cards of the file as it is now."""
        try:
            cards = [
                WrittenCard(card_id, draft.kind, draft.question, author)
                for card_id, draft, author in self.services.authoring.cards(self.deck)
            ]
        except TandemError as error:
            cards = []
            self.notify(error.message, title="Cannot list cards", severity="error", markup=False)
        self.query_one(WrittenCards).fill(cards)
        pane = self.query_one("#session-cards-pane")
        pane.border_title = f"Cards written ({len(cards)})"
        pane.set_class(not cards, "-empty")

    # notes -----------------------------------------------------------------------------------
    @on(TextArea.Changed, "#session-notes")
    def _notes_changed(self) -> None:
        self._notes_refused = False
        dirty = self.notes_dirty
        notes = self.query_one("#session-notes")
        notes.border_title = "Notes (not saved: ctrl+s)" if dirty else "Notes"
        notes.set_class(dirty, "-dirty")

    @property
    def notes_dirty(self) -> bool:
        return self.query_one("#session-notes", TextArea).text.strip() != self.saved_notes.strip()

    def action_save_notes(self) -> bool:
        """Writes the notes into the file (before the cards); tells whether they are saved."""
        text = self.query_one("#session-notes", TextArea).text
        try:
            self.services.authoring.set_notes(self.deck, text)
        except TandemError as problem:
            self.notify(problem.message, title="Notes not saved", severity="error", markup=False)
            return False
        self.saved_notes = text
        self._notes_changed()
        self.notify("Notes saved.", markup=False)
        return True

    # cards -----------------------------------------------------------------------------------
    @on(Button.Pressed, "#session-add")
    def action_add_card(self) -> None:
        form = self.query_one(CardForm)
        author = form.author or (self.partners[0] if self.partners else "")
        draft = form.draft()
        if (slip := missing_answer(draft)) is not None:
            form.show_error(slip)
            return
        try:
            note_id = self.services.authoring.add_card(self.deck, draft, author)
        except TandemError as problem:
            form.show_error(problem.message)
            return
        form.clear_text()
        form.focus_question()
        self._leaving = False
        self.reload_cards()
        self.notify(f"Card {note_id} added, by {author}.", markup=False)

    @on(WrittenCards.Edit)
    def _edit(self, event: WrittenCards.Edit) -> None:
        open_card_editor(self.app, self.services, event.note_id, self._edited)

    def _edited(self, saved: bool | None) -> None:
        if saved:
            self.reload_cards()
            self.notify("Card saved.", markup=False)

    def action_back(self) -> None:
        if self._may_leave(DRAFT_LEFT):
            self.dismiss(None)

    def ready_to_quit(self) -> bool:
        """Saves the notes; a card not added yet holds the first quit (see ``HoldsWork``)."""
        return self._may_leave(DRAFT_QUIT)

    def _may_leave(self, draft_warning: str) -> bool:
        if self.query_one(CardForm).has_text and not self._leaving:
            self._leaving = True
            self.notify(draft_warning, severity="warning", markup=False)
            return False
        if not self.notes_dirty or self.action_save_notes() or self._notes_refused:
            return True
        self._notes_refused = True
        self.notify(NOTES_REFUSED, severity="warning", markup=False)
        return False


def _header(deck: str, info: DeckInfo | None) -> Content:
    if info is None:
        return Content.assemble(("Session ", "bold"), (deck, "dim"))
    return Content.assemble(
        (info.title, "bold"),
        "  ",
        info.date or "",
        "  ",
        ", ".join(info.partners),
        "  ",
        (deck, "dim"),
    )
