"""Provides the review screen: one card at a time, reveal, rate, undo, suspend, bury."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import suppress
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.reactive import reactive
from textual.widgets import Static

from tandem.models import ChangedElsewhereError, Rating, StudyCard, TandemError
from tandem.tui.syncing import SyncStatus, failure_notice
from tandem.tui.toasts import ToastsStayHere
from tandem.tui.widgets.card import CardView, scroll_bindings
from tandem.tui.widgets.footer import KeyFooter
from tandem.tui.widgets.progress import ReviewHeader, search_text
from tandem.tui.widgets.rating import RatingBar

if TYPE_CHECKING:
    from tandem.services import Services
    from tandem.services.study.cram import CramSession
    from tandem.services.study.session import StudySession
    from tandem.tui.app import TandemApp

Phase = Literal["loading", "front", "back", "done"]
_CARD_ACTIONS = {
    "reveal": ("front",),
    "rate": ("back",),
    "suspend": ("front", "back"),
    "edit": ("front", "back"),
}


class ReviewScreen(ToastsStayHere):
    """A sitting of one person. Rating updates the existing widgets: no sync, no re-mount."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer", id="review.reveal"),
        Binding("1", "rate(1)", "Again", id="review.again"),
        Binding("2", "rate(2)", "Hard", id="review.hard"),
        Binding("3", "rate(3)", "Good", id="review.good"),
        Binding("4", "rate(4)", "Easy", id="review.easy"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("s", "suspend", "Suspend", id="review.suspend"),
        Binding("b", "bury", "Bury", id="review.bury"),
        Binding("e", "edit", "Edit", id="review.edit"),
        Binding("escape,q", "back", "Back", id="review.back"),
        *scroll_bindings("review"),
    ]

    phase: reactive[Phase] = reactive("loading", bindings=True, repaint=False)
    """Where the sitting is: waiting for sync, a card's front, its back, or done."""

    def __init__(
        self,
        services: Services,
        person: str,
        search: str | None = None,
        *,
        cram: bool = False,
        cards: Sequence[str] | None = None,
        session: StudySession | CramSession | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.person = person
        self.search = search
        """Only the cards this query matches (``tandem review --search``), or every card."""
        self.cram = cram or cards is not None
        """Cramming (``--cram``, or ``cards`` chosen in the browser): the chosen cards, due
        or not; answers reschedule nothing."""
        self.session: StudySession | CramSession = session or (
            services.cram(person, search=search, keys=cards)
            if self.cram
            else services.study(person, search=search)
        )  # a sitting given was made for the same person, search and cram
        self.card: StudyCard | None = None
        self._warmed = False  # what the first reveal and grade need is loaded
        self.shown_at = 0.0
        self.latencies_ms: list[float] = []
        """Rating keypress to next card painted, per answer (read by tests and benchmarks)."""

    @property
    def tandem(self) -> TandemApp:
        return self.app  # type: ignore[return-value]  # Screen.app is typed App; it is ours

    def compose(self) -> ComposeResult:
        # What a card needs is mounted here, once (the summary: when the sitting ends). A
        # reveal or a grade then only changes visibility (space is kept, nothing moves): the
        # loading line, the reveal hint and the rating bar take turns in the same three rows
        # (each on its own layer).
        yield ReviewHeader(id="review-header")
        if self.search:  # a focused sitting says what it studies, on a line of its own
            yield Static(search_text(self.search), id="review-search")
        yield CardView(id="card")
        with Container(id="review-actions"):
            yield Static("Syncing deck files…", id="review-loading", markup=False)
            yield Static("Press space to show the answer", id="reveal-hint", markup=False)
            yield RatingBar(id="ratings")
        yield KeyFooter(compact=True, show_command_palette=False)  # ctrl+p still opens it (see ?)

    def on_mount(self) -> None:
        self.watch(self.tandem, "sync_status", self._sync_changed, init=True)

    async def _sync_changed(self, status: SyncStatus) -> None:
        # The first card comes from the database at once; a sync that brings cards to an
        # empty queue shows them when it ends.
        fresh = status.report is not None and status.report.changed and self.phase == "done"
        if not status.running and (self.phase == "loading" or fresh):
            await self._in_one_frame(self.load_next())
        if status.failed and self.tandem.review_only:
            self.notify(
                failure_notice(status), title="Sync failed", severity="warning", markup=False
            )

    def watch_phase(self, phase: Phase) -> None:
        # Inline styles, not a class on the screen: a screen class restyles every widget.
        # Between front and back only visibility changes (no layout); ``display`` changes
        # only when the sitting starts and ends.
        self.query_one("#review-loading").visible = phase == "loading"
        self.query_one("#reveal-hint").visible = phase == "front"
        self.query_one(RatingBar).visible = phase == "back"
        self.query_one("#review-actions").display = phase != "done"
        self.query("#summary").set(display=phase == "done")  # mounted at the end
        self.query_one(CardView).display = phase in ("front", "back")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        wanted = _CARD_ACTIONS.get("suspend" if action == "bury" else action)
        return wanted is None or self.phase in wanted

    # showing ---------------------------------------------------------------------------------
    async def load_next(self) -> None:
        """Shows the next card of the queue, or the summary when nothing is left."""
        card = self.session.next_card()
        if card is None:
            await self._show_summary()
        else:
            await self.show_card(card)

    async def show_card(self, card: StudyCard) -> None:
        self.card = card
        self.phase = "front"  # first: the footer's keys then reach the same frame as the card
        self._update_header()
        media = partial(self.services.read_media, card.deck_path)
        await self.query_one(CardView).show_question(card.question, card.answer, media)
        self.shown_at = time.monotonic()

    def _update_header(self) -> None:
        title = self.card.deck_title if self.card else None
        self.query_one(ReviewHeader).show(
            self.person, title, self.session.answered, self.session.counts(), cramming=self.cram,
        )  # fmt: skip

    async def _show_summary(self) -> None:
        from tandem.tui.widgets.summary import SessionSummary  # only a sitting that ends needs it

        if not self.query("#summary"):
            await self.mount(SessionSummary(id="summary"), before=self.query_one("#review-actions"))
        self.card = None
        self.phase = "done"
        spent = self.services.now() - self.session.started
        summary = self.query_one("#summary", SessionSummary)
        summary.show(self.session.answered, self.session.again, spent, cramming=self.cram)
        self._update_header()

    async def _in_one_frame(self, change: Awaitable[None], pressed: float | None = None) -> None:
        """Makes ``change`` reach the screen in one frame; then readies the hidden answer.

        The phase is set first in every change, so the footer's keys come in the same frame.
        """
        with self.app.batch_update():
            await change
        self.call_after_refresh(self._drawn, pressed)

    def _drawn(self, pressed: float | None) -> None:
        if pressed is not None:
            self.latencies_ms.append((time.perf_counter() - pressed) * 1000)
        if self.phase == "front" and self.is_attached:  # revealing then only shows the answer
            answer = self.query_one(CardView).prepare_answer()
            self.run_worker(answer, group="answer", exclusive=True)  # ends with the screen
            if not self._warmed:
                self._warmed = True
                self.call_later(self._warm_up)

    def _warm_up(self) -> None:
        """Loads, while the first question is read, what the first reveal and the first grade
        would otherwise load on the key: the person's scheduler (the grade buttons' intervals)
        and the shared log's journal."""
        if self.card is not None and self.phase == "front":
            with suppress(TandemError):  # the card changed elsewhere: the reveal says so
                self.session.previews(self.card.key)
        self.services.prepare_answers()

    # actions ---------------------------------------------------------------------------------
    async def action_reveal(self) -> None:
        if self.card is None or self.phase != "front":
            return
        previews = self.session.previews(self.card.key)
        await self._in_one_frame(self._reveal(previews))

    async def _reveal(self, previews: Mapping[Rating, timedelta]) -> None:
        self.phase = "back"
        self.query_one(RatingBar).set_previews(previews)
        await self.query_one(CardView).reveal()

    async def action_rate(self, value: int) -> None:
        if self.card is None or self.phase != "back":
            return
        pressed = time.perf_counter()
        duration_ms = int((time.monotonic() - self.shown_at) * 1000)
        try:
            self.session.answer(self.card.key, Rating(value), duration_ms)
        except ChangedElsewhereError as error:  # graded in another terminal: move on
            self.notify(error.message, title="Not saved", severity="warning", markup=False)
        except TandemError as error:
            self.notify(error.message, title="Not saved", severity="error", markup=False)
            return
        await self._in_one_frame(self.load_next(), pressed)

    @on(RatingBar.Rated)
    async def _rated(self, event: RatingBar.Rated) -> None:
        await self.action_rate(int(event.rating))

    def action_scroll(self, where: str) -> None:
        self.query_one(CardView).scroll_card(where)

    async def action_undo(self) -> None:
        try:
            step = self.session.undo()
        except TandemError as error:
            self.notify(error.message, title="Cannot undo", severity="error", markup=False)
            return
        if step is None:
            self.notify("Nothing to undo in this sitting.", markup=False)
            return
        await self._in_one_frame(self.show_card(self.session.card(step.card)))
        self.notify(f"Undone: {step.action}. The card is back.", markup=False)

    async def action_suspend(self) -> None:
        await self._hide(self.session.suspend, "Suspended: it stays out of your reviews.")

    async def action_bury(self) -> None:
        await self._hide(self.session.bury, "Buried until tomorrow.")

    async def _hide(self, hide: Callable[[str], None], told: str) -> None:
        if self.card is None or self.phase not in ("front", "back"):
            return
        try:
            hide(self.card.key)
        except TandemError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        self.notify(told, markup=False)
        await self._in_one_frame(self.load_next())

    def action_edit(self) -> None:
        if self.card is not None and self.phase in ("front", "back"):
            from tandem.tui.screens.card_editor import open_card_editor

            open_card_editor(self.app, self.services, self.card.note_id, self._edited)

    async def _edited(self, saved: bool | None) -> None:
        if not saved or self.card is None:
            return
        revealed = self.phase == "back"
        try:
            card = self.session.card(self.card.key)
        except TandemError:  # the edit removed this card (e.g. its cloze number)
            await self._in_one_frame(self.load_next())
            return
        await self._in_one_frame(self.show_card(card))
        if revealed:
            await self.action_reveal()
        self.notify("Card saved: same id, same history.", markup=False)

    def action_back(self) -> None:
        if self.tandem.review_only:
            self.app.exit()
        else:
            self.dismiss(None)
