"""Provides fitting FSRS parameters with fsrs-rs and judging them on later reviews.

The evaluation is a time-series split, as fsrs-rs does it: items ordered by the time of
their target review are cut into ``folds + 1`` equal segments; fold ``i`` fits on segments
``0..i`` and predicts segment ``i + 1`` (the last fold also takes the remainder). The FSRS
defaults predict the very same segments, so the two sets of figures compare like with like.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import fsrs
from fsrs_rs_python import FSRS, FSRSItem, TrainingConfig

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
"""FSRS-6's defaults, as the scheduler uses them when a person has no parameters."""

FOLDS = 5
DECIMALS = 4
"""Fitted parameters are kept to 4 decimals (as Anki shows them): readable, and exact."""

FoldProgress = Callable[[int, int], None]
"""Called with (folds done, folds in all)."""


@dataclass(frozen=True)
class Metrics:
    """How well a parameter set predicts recall: lower is better for both.

    Attributes:
        log_loss: Binary cross-entropy of the predicted recall against what happened.
        rmse_bins: fsrs-rs's RMSE(bins): predicted vs actual recall, binned by interval,
            review count and lapses (a calibration error, 0.05 = 5 percentage points).
        items: How many target reviews were predicted.
    """

    log_loss: float
    rmse_bins: float
    items: int


@dataclass(frozen=True)
class Holdout:
    """Defaults and fitted parameters judged on the same later reviews."""

    folds: int
    default: Metrics
    fitted: Metrics


def fit(items: Sequence[FSRSItem], *, relearning_steps: int = 1) -> tuple[float, ...]:
    """Fits the 21 FSRS-6 parameters to ``items`` (deterministic: fsrs-rs is seeded).

    Returns:
        The parameters rounded to 4 decimals and kept within the bounds py-fsrs accepts.
    """
    fitted = FSRS(DEFAULT_PARAMETERS).compute_parameters(
        list(items),
        enable_short_term=True,
        num_relearning_steps=relearning_steps,
        training_config=TrainingConfig(),
    )
    return clamp(fitted)


def clamp(parameters: Sequence[float]) -> tuple[float, ...]:
    """Rounds to :data:`DECIMALS` and clips each parameter into py-fsrs's bounds."""
    lows = fsrs.scheduler.LOWER_BOUNDS_PARAMETERS
    highs = fsrs.scheduler.UPPER_BOUNDS_PARAMETERS
    return tuple(
        min(max(round(float(value), DECIMALS), low), high)
        for value, low, high in zip(parameters, lows, highs, strict=True)
    )


def evaluate(parameters: Sequence[float], items: Sequence[FSRSItem]) -> Metrics:
    """Log loss and RMSE(bins) of ``parameters`` on ``items`` (fsrs-rs ``evaluate``)."""
    result = FSRS(list(parameters)).evaluate(list(items))
    return Metrics(float(result.log_loss), float(result.rmse_bins), len(items))


def holdout(
    items: Sequence[FSRSItem],
    *,
    folds: int = FOLDS,
    relearning_steps: int = 1,
    progress: FoldProgress | None = None,
) -> Holdout:
    """Fits on earlier reviews and predicts later ones, for the defaults and the fit.

    Args:
        items: Training items ordered by the time of their target review.
        folds: How many train/test splits (the data is cut into ``folds + 1`` segments).
        relearning_steps: The person's number of relearning steps (for fsrs-rs).
        progress: Told after each fold.
    """
    segment = len(items) // (folds + 1)
    if segment == 0:
        raise ValueError(f"{len(items)} items are too few for {folds} folds")
    default: list[Metrics] = []
    fitted: list[Metrics] = []
    for fold in range(folds):
        start = (fold + 1) * segment
        end = len(items) if fold == folds - 1 else start + segment
        train, test = items[:start], items[start:end]
        default.append(evaluate(DEFAULT_PARAMETERS, test))
        fitted.append(evaluate(fit(train, relearning_steps=relearning_steps), test))
        if progress is not None:
            progress(fold + 1, folds)
    return Holdout(folds, combine(default), combine(fitted))


def combine(parts: Sequence[Metrics]) -> Metrics:
    """Pools the figures of several folds, each weighted by its number of items."""
    total = sum(part.items for part in parts)
    log_loss = sum(part.log_loss * part.items for part in parts) / total
    rmse = (sum(part.rmse_bins**2 * part.items for part in parts) / total) ** 0.5
    return Metrics(log_loss, rmse, total)
