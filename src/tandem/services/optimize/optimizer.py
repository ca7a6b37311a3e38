"""Provides ``Optimizer``: personal FSRS parameters and retention advice from one's own log.

``run`` reads the person's review log, turns it into FSRS training items as Anki does,
judges fitting against the FSRS defaults on later reviews (fsrs-rs's time-series splits),
fits the parameters to the whole log as Anki does and saves them only if they are better,
which replays the log so due dates follow them. Asked to, it then simulates a year of study
per desired retention. See ``docs/optimize.md``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from tandem.config.settings import PersonSettings
from tandem.models import TandemError
from tandem.scheduling.days import DayBoundary
from tandem.scheduling.optimize_fit import DEFAULT_PARAMETERS, Holdout, evaluate, fit, holdout
from tandem.scheduling.optimize_items import TrainingItems, items_from_logs
from tandem.scheduling.optimize_metrics import Metrics
from tandem.scheduling.simulate_retention import RETENTIONS, retention_table
from tandem.services.context import Context
from tandem.services.optimize.result import OptimizeResult, ProgressCallback, RetentionAdvice
from tandem.services.optimize.workload import person_workload
from tandem.services.people import People

MIN_ITEMS = 400
"""Training items needed before fitting. With 5 folds the first fold trains on a sixth of
them, and fsrs-rs only fits the full model from 64 items (below that it returns the initial
stabilities only, below 8 its defaults): 400 / 6 > 64."""


class NotEnoughReviewsError(TandemError):
    """The person's log is too short to fit parameters; nothing was changed (exit 1)."""


class Optimizer:
    """Fits each person's FSRS parameters to their own review log."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def run(
        self,
        person: str,
        *,
        dry_run: bool = False,
        simulate: bool = False,
        progress: ProgressCallback | None = None,
        before_saving: Callable[[], None] | None = None,
    ) -> OptimizeResult:
        """Fits, evaluates and (unless ``dry_run``, and only if better) saves parameters;
        with ``simulate``, also the desired-retention table (:meth:`advice`).

        Safe to call from a worker thread on services of its own (``Services.open_another``).
        ``before_saving`` is called once it is known that something will be saved, before
        anything is (the CLI makes the day's backup then: a run that saves nothing makes none).

        Raises:
            NotFoundError: No such person.
            NotEnoughReviewsError: Fewer than :data:`MIN_ITEMS` training items.
        """
        tell = progress or _silent
        settings, days = self.ctx.person(person).settings, self.ctx.person(person).days
        timer = _Timer()
        tell("read", 0, 1)
        with _no_collector_pauses():
            reviews, items = self.training_items(person, days)
            _require_enough(person, reviews, len(items))
            try:
                fitting = self._fit(items, settings, tell, timer)
            except ValueError as error:  # fsrs-rs reports bad input or a failed fit so
                raise TandemError(f"fsrs-rs could not fit {person}'s reviews: {error}") from None
            used, cards = len(items), len(items.cards)
            del items  # freed before the replay that saves
        better = fitting.better
        changed = 0
        if better and not dry_run:
            tell("save", 0, 1)
            if before_saving is not None:
                before_saving()
                timer.lap("backup")
            new_settings = replace(settings, parameters=fitting.fitted)
            changed = People(self.ctx).update_settings(person, new_settings)
        timer.lap("save")
        advice = None
        if simulate:
            tell("simulate", 0, 1)
            advice = self.advice(person, fitting.fitted if better else settings.parameters)
            timer.lap("simulate")
        return OptimizeResult(
            person=person,
            reviews=reviews,
            items=used,
            cards=cards,
            previous=settings.parameters,
            fitted=fitting.fitted,
            holdout=fitting.holdout,
            history_previous=fitting.before,
            history_fitted=fitting.after,
            better=better,
            saved=better and not dry_run,
            dry_run=dry_run,
            states_changed=changed,
            advice=advice,
            seconds=timer.seconds,
        )

    def _fit(
        self,
        items: TrainingItems,
        settings: PersonSettings,
        tell: ProgressCallback,
        timer: _Timer,
    ) -> _Fitting:
        timer.lap("read")
        steps = len(settings.relearning_steps_minutes)
        tell("evaluate", 0, 1)  # fsrs-rs runs the folds side by side, and says nothing
        judged = holdout(items, relearning_steps=steps)
        tell("evaluate", 1, 1)
        timer.lap("evaluate")
        tell("fit", 0, 1)
        fitted = fit(items, relearning_steps=steps)
        before = evaluate(settings.parameters or DEFAULT_PARAMETERS, items)
        after = evaluate(fitted, items)
        timer.lap("fit")
        return _Fitting(judged, fitted, before, after)

    def advice(self, person: str, parameters: tuple[float, ...] | None = None) -> RetentionAdvice:
        """Simulated minutes a day and cards remembered per desired retention.

        Args:
            person: Whose cards, limits, ratings and answer times to simulate.
            parameters: FSRS parameters to simulate with (``None``: the FSRS defaults).
        """
        settings = self.ctx.person(person).settings
        workload = person_workload(self.ctx, person, settings)
        retentions = sorted({*RETENTIONS, round(settings.desired_retention, 3)})
        rows = retention_table(parameters or DEFAULT_PARAMETERS, workload, retentions)
        return RetentionAdvice(tuple(rows), settings.desired_retention, workload)

    def training_items(self, person: str, days: DayBoundary) -> tuple[int, TrainingItems]:
        """The number of answers in ``person``'s log and the training items made of it."""
        logs = self.ctx.reviews.memory_log(person)
        answers = sum(len(log[2]) - log[2].count(0) for log in logs)
        return answers, items_from_logs(logs, days)


@contextmanager
def _no_collector_pauses() -> Iterator[None]:
    """Python's cycle collector off while the log and its items are made and judged.

    They are hundreds of thousands of lists and fsrs-rs objects, none in a reference cycle
    (each is freed by its count), but their allocation sets the collector off again and again
    to walk all of them: about a tenth of a second of the run at 100,000 reviews. The
    collector is process-wide: a TUI's own threads go without it for the few seconds of the
    run, which only delays freeing cyclic garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _require_enough(person: str, reviews: int, items: int) -> None:
    if items < MIN_ITEMS:
        raise NotEnoughReviewsError(
            f"{person} has {items} usable reviews (of {reviews}); optimizing needs at least "
            f"{MIN_ITEMS}. A review is usable when the card was last reviewed on an earlier "
            "day: keep studying for a few weeks, then try again",
        )


@dataclass(frozen=True)
class _Fitting:
    holdout: Holdout
    fitted: tuple[float, ...]
    before: Metrics
    after: Metrics

    @property
    def better(self) -> bool:
        """Better than the defaults on later reviews, and than the current parameters."""
        held = self.holdout
        return held.fitted.log_loss < held.default.log_loss and (
            self.after.log_loss < self.before.log_loss
        )


class _Timer:
    """Seconds per stage, each lap measured from the end of the previous one."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self._last
        self._last = now


def _silent(_stage: str, _done: int, _total: int) -> None:
    """The progress callback used when none is given."""
