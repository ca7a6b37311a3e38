"""Provides the settings screen: one person's study settings, and fitting FSRS to their log.

Saving replays the person's log (due dates follow the new settings) and the optimizer fits
for seconds on a long log, so both run in a thread worker on services of their own and post
back; the screen's own services then forget the person's cached settings. The simulation of
a year per desired retention takes seconds too, so it runs only when asked (ctrl+r), never
as part of optimizing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from tandem.models import InvalidFieldsError, TandemError
from tandem.services import Services
from tandem.tui.screens.settings_form import FormError, SettingsForm, refusal
from tandem.tui.widgets.stats_optimize import OptimizeView

if TYPE_CHECKING:
    from tandem.services.optimize.result import OptimizeResult, RetentionAdvice

UNSAVED = "Not saved: ctrl+s saves, escape again leaves without saving."
BUSY = {
    "save": "saving and rescheduling…",
    "optimize": "the optimizer is running…",
    "simulate": "the retention simulation is running…",
}


class SettingsSaved(Message):
    """The save worker's outcome: card states rescheduled, or why the settings were refused."""

    def __init__(
        self, changed: int | None, problem: str | None = None, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.changed = changed
        self.problem = problem
        self.fields = fields or {}


class OptimizeProgress(Message):
    """A stage of the optimizer, posted from its thread."""

    def __init__(self, stage: str, done: int, total: int) -> None:
        super().__init__()
        self.stage = stage
        self.done = done
        self.total = total


class OptimizeFinished(Message):
    """The optimizer's result, or why there is none (too few reviews, a failed fit)."""

    def __init__(self, result: OptimizeResult | None, problem: str | None = None) -> None:
        super().__init__()
        self.result = result
        self.problem = problem


class RetentionSimulated(Message):
    """The retention simulation's table, or why there is none."""

    def __init__(self, advice: RetentionAdvice | None, problem: str | None = None) -> None:
        super().__init__()
        self.advice = advice
        self.problem = problem


class SettingsScreen(Screen[None]):
    """Edits one person's settings; ctrl+o fits their FSRS parameters."""

    CSS_PATH = "../stats.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="settings.save"),
        Binding("ctrl+o,o", "optimize", "Optimize", id="settings.optimize"),
        Binding("ctrl+r", "simulate", "Retention", id="settings.simulate"),
        Binding("escape", "back", "Back", id="settings.back"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    busy: reactive[str | None] = reactive(None, bindings=True)
    """What runs in the worker now: ``"save"``, ``"optimize"``, ``"simulate"`` or nothing."""

    def __init__(self, services: Services, person: str) -> None:
        super().__init__()
        self.services = services
        self.person = person
        self.saved: tuple[object, ...] = ()
        self._leaving = False
        self._refocus: Widget | None = None

    def compose(self) -> ComposeResult:
        title = Content.assemble(("Settings  ", "bold"), (self.person, "bold $text-accent"))
        yield Static(title, id="settings-header")
        with VerticalScroll(id="settings-body"):
            with Vertical(id="settings-pane"):
                yield SettingsForm(self.services.people.settings(self.person), id="settings-form")
                with Horizontal(id="settings-buttons"):
                    yield Button("Save", variant="primary", id="settings-save", compact=True)
                    yield Button("Optimize", id="settings-optimize", compact=True)
                    yield Button("Retention", id="settings-simulate", compact=True)
            yield OptimizeView(id="optimize-pane")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#settings-pane").border_title = "Study settings"
        self.query_one("#optimize-pane").border_title = "FSRS parameters"
        self.saved = SettingsForm.snapshot_of(self.services.people.settings(self.person))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BUSY:
            return self.busy is None
        return True

    # saving ----------------------------------------------------------------------------------
    @on(Button.Pressed, "#settings-save")
    def action_save(self) -> None:
        """Parses the form and saves it in a thread (the log is replayed)."""
        if self.busy is not None:
            return
        form = self.query_one(SettingsForm)
        try:
            changes = form.values()
        except FormError as problem:
            form.show_error(problem.message, [problem.field])
            return
        current = self.services.people.settings(self.person)
        wanted = current.updated(changes)
        if wanted == current:
            form.show_error(None)
            self.saved = form.snapshot()
            self.notify("Nothing changed.", markup=False)
            return
        self.busy = "save"
        self._refocus = self.focused  # the loading indicator takes the focus away
        self.query_one("#settings-pane").loading = True
        self._save(changes)

    @work(thread=True, exclusive=True, group="settings")
    def _save(self, changes: dict[str, object]) -> None:
        message: SettingsSaved
        try:
            other = self.services.open_another()
            try:
                wanted = other.people.settings(self.person).updated(changes)
                message = SettingsSaved(other.people.update_settings(self.person, wanted))
            finally:
                other.close()
        except InvalidFieldsError as problem:
            message = SettingsSaved(None, problem.message, problem.fields)
        except TandemError as problem:
            message = SettingsSaved(None, problem.message)
        self.post_message(message)

    def on_settings_saved(self, message: SettingsSaved) -> None:
        self.busy = None
        self.query_one("#settings-pane").loading = False
        if self._refocus is not None and self._refocus.is_attached:
            self._refocus.focus()
        form = self.query_one(SettingsForm)
        if message.problem is not None:
            form.show_error(*refusal(message.problem, message.fields))
            return
        self.services.people.reload(self.person)  # saved on another connection
        form.show_error(None)
        self.saved = form.snapshot()
        self._leaving = False
        states = "state" if message.changed == 1 else "states"
        self.notify(f"Saved. {message.changed} card {states} rescheduled.", markup=False)

    # optimizing ------------------------------------------------------------------------------
    @on(Button.Pressed, "#settings-optimize")
    def action_optimize(self) -> None:
        if self.busy is not None:
            return
        self.busy = "optimize"
        view = self.query_one(OptimizeView)
        view.start()
        self.query_one("#settings-body", VerticalScroll).scroll_to_widget(view, animate=False)
        self._optimize()

    @work(thread=True, exclusive=True, group="settings")
    def _optimize(self) -> None:
        message: OptimizeFinished
        try:
            other = self.services.open_another()
            try:
                result = other.optimizer.run(self.person, progress=self._progress)
                message = OptimizeFinished(result)
            finally:
                other.close()
        except TandemError as problem:
            message = OptimizeFinished(None, problem.message)
        self.post_message(message)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.post_message(OptimizeProgress(stage, done, total))  # from the worker's thread

    # simulating ------------------------------------------------------------------------------
    @on(Button.Pressed, "#settings-simulate")
    def action_simulate(self) -> None:
        """Simulates a year per desired retention with the saved parameters, in a thread."""
        if self.busy is not None:
            return
        self.busy = "simulate"
        view = self.query_one(OptimizeView)
        view.start_simulation()
        self.query_one("#settings-body", VerticalScroll).scroll_to_widget(view, animate=False)
        self._simulate()

    @work(thread=True, exclusive=True, group="settings")
    def _simulate(self) -> None:
        message: RetentionSimulated
        try:
            other = self.services.open_another()
            try:
                parameters = other.people.settings(self.person).parameters
                message = RetentionSimulated(other.optimizer.advice(self.person, parameters))
            finally:
                other.close()
        except TandemError as problem:
            message = RetentionSimulated(None, problem.message)
        self.post_message(message)

    def on_retention_simulated(self, message: RetentionSimulated) -> None:
        self.busy = None
        view = self.query_one(OptimizeView)
        if message.advice is None:
            view.show_problem(message.problem or "The simulation stopped.")
            return
        view.show_advice(message.advice)

    def on_optimize_progress(self, message: OptimizeProgress) -> None:
        self.query_one(OptimizeView).progress(message.stage, message.done, message.total)

    def on_optimize_finished(self, message: OptimizeFinished) -> None:
        self.busy = None
        view = self.query_one(OptimizeView)
        if message.result is None:
            view.show_problem(message.problem or "The optimizer stopped.")
            return
        if message.result.saved:
            self.services.people.reload(self.person)  # new parameters, saved elsewhere
        view.show_result(message.result)
        body = self.query_one("#settings-body", VerticalScroll)
        self.call_after_refresh(body.scroll_to_widget, view, top=True, animate=False)

    # leaving ---------------------------------------------------------------------------------
    def action_back(self) -> None:
        if self.busy is not None:  # the worker's result would be lost (and the cache stale)
            self.notify(f"Wait: {BUSY[self.busy]}", markup=False)
            return
        dirty = self.query_one(SettingsForm).snapshot() != self.saved
        if dirty and not self._leaving:
            self._leaving = True
            self.notify(UNSAVED, severity="warning", markup=False)
            return
        self.dismiss(None)
