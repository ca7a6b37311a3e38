"""Provides the card form: kind, question, answer, reverse, tags and who writes, as a draft.

The form only holds text; the screen that owns it turns ``draft()`` into a saved card and
hands back the service's refusal with ``show_error``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Select, Static, TextArea

from tandem.services.authoring.writer import CardDraft

Kind = Literal["basic", "cloze"]
_TITLES: dict[Kind, tuple[str, str]] = {
    "basic": ("Question", "Answer"),
    "cloze": ("Text with {{c1::deletions}}", "Extra on the back (optional)"),
}
_BLANK_LINE_TIP = "Tip: start the line after a blank line with two spaces."


def split_tags(text: str) -> tuple[str, ...]:
    """Tags as typed: separated by commas or spaces, without the empty ones."""
    return tuple(tag for tag in text.replace(",", " ").split() if tag)


def missing_answer(draft: CardDraft) -> str | None:
    """A basic card with a question but no answer is a slip (the deck format allows it)."""
    if draft.kind == "basic" and draft.question.strip() and not draft.answer.strip():
        return "A basic card needs an answer."
    return None


class CardForm(Vertical):
    """The fields of one card. ``authors`` adds a "by" selector (in a session)."""

    kind: reactive[Kind] = reactive("basic")
    """Basic (question and answer, optionally reversed) or cloze."""

    def __init__(self, *, authors: Sequence[str] = (), id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.authors = list(authors)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="editor-row"):
            with RadioSet(id="editor-kind", compact=True):
                yield RadioButton("Basic", value=True, id="editor-basic", compact=True)
                yield RadioButton("Cloze", id="editor-cloze", compact=True)
            if self.authors:
                yield Static("by", id="editor-by", markup=False)
                yield Select(
                    [(Content(name), name) for name in self.authors],
                    value=self.authors[0],
                    allow_blank=False,
                    compact=True,
                    id="editor-author",
                )
        yield TextArea(language="markdown", id="editor-question", tab_behavior="focus")
        yield TextArea(language="markdown", id="editor-answer", tab_behavior="focus")
        with Horizontal(classes="editor-row"):
            yield Checkbox("Reverse card too", id="editor-reverse", compact=True)
            yield Input(placeholder="tags, e.g. git sql", id="editor-tags", compact=True)
        yield Static(id="editor-error", markup=False)

    def watch_kind(self, kind: Kind) -> None:
        question, answer = _TITLES[kind]
        self.query_one("#editor-question", TextArea).border_title = question
        self.query_one("#editor-answer", TextArea).border_title = answer
        self.query_one("#editor-reverse").display = kind == "basic"

    @on(RadioSet.Changed, "#editor-kind")
    def _kind_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.kind = "cloze" if event.pressed.id == "editor-cloze" else "basic"

    # values ----------------------------------------------------------------------------------
    @property
    def author(self) -> str | None:
        """Who writes the card (the first partner unless another was picked)."""
        if not self.authors:
            return None
        value = self.query_one("#editor-author", Select).value
        return value if isinstance(value, str) else self.authors[0]

    def draft(self) -> CardDraft:
        """The card as typed (the service validates it)."""
        reverse = self.kind == "basic" and self.query_one("#editor-reverse", Checkbox).value
        return CardDraft(
            kind=self.kind,
            question=self.query_one("#editor-question", TextArea).text,
            answer=self.query_one("#editor-answer", TextArea).text,
            reverse=reverse,
            tags=split_tags(self.query_one("#editor-tags", Input).value),
        )

    @property
    def has_text(self) -> bool:
        """Tells whether a question or an answer was typed."""
        draft = self.draft()
        return bool(draft.question.strip() or draft.answer.strip())

    def load(self, draft: CardDraft) -> None:
        """Fills the fields from a saved card."""
        kind: Kind = "cloze" if draft.kind == "cloze" else "basic"
        self.query_one(f"#editor-{kind}", RadioButton).value = True
        self.kind = kind
        self.query_one("#editor-question", TextArea).load_text(draft.question)
        self.query_one("#editor-answer", TextArea).load_text(draft.answer)
        self.query_one("#editor-reverse", Checkbox).value = draft.reverse
        self.query_one("#editor-tags", Input).value = " ".join(draft.tags)
        self.show_error(None)

    def clear_text(self) -> None:
        """Empties question and answer for the next card; kind, tags and author stay."""
        self.query_one("#editor-question", TextArea).clear()
        self.query_one("#editor-answer", TextArea).clear()
        self.query_one("#editor-reverse", Checkbox).value = False
        self.show_error(None)

    def focus_question(self) -> None:
        self.query_one("#editor-question", TextArea).focus()

    def show_error(self, message: str | None) -> None:
        """Shows why the card was refused under the fields (or hides it)."""
        if message and "blank line" in message:
            message = f"{message}\n{_BLANK_LINE_TIP}"
        self.query_one("#editor-error", Static).update(Content(message or ""))
        self.set_class(bool(message), "-invalid")
