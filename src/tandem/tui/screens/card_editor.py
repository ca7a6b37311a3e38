"""Provides the modal that edits a saved card: same id, same history, new text."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, ScreenResultCallbackType
from textual.widgets import Button, Static

from tandem.models import TandemError
from tandem.services import Services
from tandem.tui.widgets.editor import CardForm, missing_answer
from tandem.tui.widgets.editor_text import from_markdown, to_markdown

EDITOR_HINT = "ctrl+s saves · ctrl+e opens $EDITOR · escape cancels"
EDIT_QUIT = "This edit is not saved: ctrl+s saves it; quit again to leave without it."


class CardEditorScreen(ModalScreen[bool]):
    """Edits the card ``note_id``; dismisses with True once it was saved, else False."""

    CSS_PATH = "../sessions.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="card_editor.save", priority=True),
        Binding("ctrl+e", "external", "$EDITOR", id="card_editor.external", priority=True),
        Binding("escape", "cancel", "Cancel", id="card_editor.cancel"),
    ]

    def __init__(self, services: Services, note_id: str) -> None:
        super().__init__()
        self.services = services
        self.note_id = note_id
        self.deck, self.original = services.authoring.draft(note_id)
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-dialog"):
            yield Static(
                Content.assemble("Edit card ", (self.note_id, "bold"), "  ", (self.deck, "dim")),
                id="editor-title",
            )
            yield CardForm(id="editor-form")
            with Horizontal(id="editor-buttons"):
                yield Static(EDITOR_HINT, id="editor-hint", markup=False)
                yield Button("Save", variant="primary", id="editor-save", compact=True)
                yield Button("Cancel", id="editor-cancel", compact=True)

    def on_mount(self) -> None:
        form = self.query_one(CardForm)
        form.load(self.original)
        form.focus_question()

    @on(Button.Pressed, "#editor-save")
    def action_save(self) -> None:
        form = self.query_one(CardForm)
        draft = form.draft()
        if draft == self.original:
            self.dismiss(False)
            return
        if (slip := missing_answer(draft)) is not None:
            form.show_error(slip)
            return
        try:
            self.services.authoring.edit_card(self.note_id, draft)
        except TandemError as problem:
            form.show_error(problem.message)
            return
        self.dismiss(True)

    @on(Button.Pressed, "#editor-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    def ready_to_quit(self) -> bool:
        """An edit not saved holds the first quit (see ``HoldsWork``)."""
        if self._warned or self.query_one(CardForm).draft() == self.original:
            return True
        self._warned = True
        self.notify(EDIT_QUIT, severity="warning", markup=False)
        return False

    def action_external(self) -> None:
        """Edits the card as Markdown in ``$VISUAL``/``$EDITOR``, then fills the form with it."""
        form = self.query_one(CardForm)
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            form.show_error("Set $EDITOR (e.g. export EDITOR=nano) to edit in your own editor.")
            return
        try:
            text = self._run_editor(shlex.split(command), to_markdown(form.draft()))
            form.load(from_markdown(text))
        except SuspendNotSupported:
            form.show_error("This terminal cannot hand over to $EDITOR; edit the card here.")
        except (OSError, subprocess.SubprocessError, ValueError) as error:
            form.show_error(f"The editor did not run: {error}")
        except TandemError as problem:
            form.show_error(problem.message)
        self.refresh()

    def _run_editor(self, command: list[str], text: str) -> str:
        with tempfile.TemporaryDirectory(prefix="tandem-") as folder:
            path = Path(folder) / f"card-{self.note_id}.md"
            path.write_text(text, encoding="utf-8")
            with self.app.suspend():
                subprocess.run([*command, str(path)], check=True)
            return path.read_text(encoding="utf-8")


def open_card_editor(
    app: App[Any], services: Services, note_id: str, done: ScreenResultCallbackType[bool]
) -> None:
    """Pushes the editor for ``note_id``; a card that cannot be edited is a notification."""
    try:
        editor = CardEditorScreen(services, note_id)
    except TandemError as problem:
        app.notify(problem.message, title="Cannot edit", severity="error", markup=False)
        return
    app.push_screen(editor, done)
