"""Provides what ``Optimizer.run`` reports: every figure, for the CLI, JSON and the TUI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from tandem.scheduling.optimize_fit import Holdout
from tandem.scheduling.optimize_metrics import Metrics
from tandem.scheduling.simulate_retention import RetentionRow, Workload

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages: ``read``, ``evaluate``, ``fit``,
``save`` (when saving), ``simulate`` (when asked). A TUI worker can post a message from it."""


@dataclass(frozen=True)
class RetentionAdvice:
    """Simulated workload per desired retention, with the parameters chosen.

    Attributes:
        rows: One row per retention simulated, lowest retention first.
        current: The person's desired retention now (always among the rows).
        workload: What the simulation assumed (cards, limits, answer times).
    """

    rows: tuple[RetentionRow, ...]
    current: float
    workload: Workload


@dataclass(frozen=True)
class OptimizeResult:
    """The outcome of fitting one person's FSRS parameters.

    Attributes:
        person: Whose log was used.
        reviews: Reviews in the person's log.
        items: Training items (reviews on a later study day than the card's previous one).
        cards: Cards with at least one training item.
        previous: The parameters in use before (``None``: FSRS defaults).
        fitted: The parameters fitted to the whole log.
        holdout: Defaults vs parameters fitted on earlier reviews, on later reviews.
        history_previous: The previous parameters on the whole log (in-sample).
        history_fitted: The fitted parameters on the whole log (in-sample).
        better: Whether the fit won both comparisons (the condition for saving).
        saved: Whether the fitted parameters were saved.
        dry_run: Whether saving was turned off.
        states_changed: Card states rescheduled by the replay after saving.
        advice: The desired-retention table, for the parameters in use after this run
            (``None`` unless asked for: the simulation takes longer than the fit).
        seconds: Time per stage (read, evaluate, fit, save, simulate).
    """

    person: str
    reviews: int
    items: int
    cards: int
    previous: tuple[float, ...] | None
    fitted: tuple[float, ...]
    holdout: Holdout
    history_previous: Metrics
    history_fitted: Metrics
    better: bool
    saved: bool
    dry_run: bool
    states_changed: int
    advice: RetentionAdvice | None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def decision(self) -> str:
        """One sentence on what was done with the fitted parameters, and why."""
        if self.previous == self.fitted:
            return "kept the current parameters: they already are the fitted ones"
        if not self.better:
            return (
                "kept the current parameters: the fitted ones do not predict your reviews "
                "better (log loss)"
            )
        if self.dry_run:
            return "dry run: the fitted parameters are better but were not saved"
        return f"saved the fitted parameters; {self.states_changed} card states rescheduled"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of every figure."""
        data = asdict(self)
        data["decision"] = self.decision
        data["previous"] = None if self.previous is None else list(self.previous)
        data["fitted"] = list(self.fitted)
        return data
