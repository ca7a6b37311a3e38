"""Provides fitting FSRS parameters with fsrs-rs as Anki does, and judging them.

The fit is Anki's ``compute_params``: fsrs-rs on the same items, with the cards' numbers (so
it trains on each card's items together) and Anki's training settings (8 epochs, short-term
on). The held-out check is fsrs-rs's own ``evaluate_with_time_series_splits`` (as Anki's
"Evaluate"): items ordered by the time of their target review are cut into ``folds + 1``
equal segments; fold ``i`` fits on segments ``0..i`` and predicts segment ``i + 1`` (the last
fold also takes the remainder); the predictions of every fold are pooled. The FSRS defaults
predict the very same items, pooled the same way (:mod:`tandem.scheduling.optimize_metrics`).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from fsrs_rs_python import FSRS, TrainingConfig, evaluate_with_time_series_splits

from tandem.scheduling.model import FSRS_DEFAULTS, LOWER_BOUNDS, UPPER_BOUNDS
from tandem.scheduling.optimize_items import TrainingItems
from tandem.scheduling.optimize_metrics import Metrics, pooled

DEFAULT_PARAMETERS = FSRS_DEFAULTS
"""FSRS-6's defaults, as the scheduler uses them when a person has no parameters."""

FOLDS = 5
"""fsrs-rs's number of time-series splits."""
EPOCHS = 8
"""Anki's number of training epochs (fsrs-rs's own default is 5)."""
DECIMALS = 4
"""Fitted parameters are kept to 4 decimals (as Anki shows them): readable, and exact."""
_M_ARENA_MAX = -8
"""glibc's ``mallopt`` option for the number of memory arenas."""


@dataclass(frozen=True)
class Holdout:
    """Defaults and fitted parameters judged on the same later reviews."""

    folds: int
    default: Metrics
    fitted: Metrics


def training_config() -> TrainingConfig:
    """Anki's training settings."""
    return TrainingConfig(num_epochs=EPOCHS)


def fit(items: TrainingItems, *, relearning_steps: int = 1) -> tuple[float, ...]:
    """Fits the 21 FSRS-6 parameters to ``items`` (deterministic: fsrs-rs is seeded).

    Returns:
        The parameters rounded to 4 decimals and kept within the bounds FSRS-6 allows.
    """
    fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
        items.fsrs,
        card_ids=items.card_ids,
        enable_short_term=True,
        num_relearning_steps=relearning_steps,
        training_config=training_config(),
    )
    return clamp(fitted)


def clamp(parameters: Sequence[float]) -> tuple[float, ...]:
    """Rounds to :data:`DECIMALS` and clips each parameter into FSRS-6's bounds."""
    return tuple(
        min(max(round(float(value), DECIMALS), low), high)
        for value, low, high in zip(parameters, LOWER_BOUNDS, UPPER_BOUNDS, strict=True)
    )


def evaluate(parameters: Sequence[float], items: TrainingItems) -> Metrics:
    """Log loss and RMSE(bins) of ``parameters`` on ``items``, as fsrs-rs's ``evaluate``
    (and Anki, choosing between parameter sets) computes them: later items weigh more."""
    result = FSRS(list(parameters)).evaluate(items.fsrs)
    return Metrics(float(result.log_loss), float(result.rmse_bins), len(items))


def holdout(items: TrainingItems, *, relearning_steps: int = 1) -> Holdout:
    """Fits on earlier reviews and predicts later ones, for the defaults and the fit.

    Args:
        items: Training items ordered by the time of their target review.
        relearning_steps: The person's number of relearning steps (for fsrs-rs).
    """
    segment = len(items) // (FOLDS + 1)
    if segment == 0:
        raise ValueError(f"{len(items)} items are too few for {FOLDS} folds")
    one_malloc_arena()
    fitted = evaluate_with_time_series_splits(
        items.fsrs,
        card_ids=items.card_ids,
        enable_short_term=True,
        num_relearning_steps=relearning_steps,
        training_config=training_config(),
    )
    tested = items.since(segment)  # made after fsrs-rs's copies are gone
    default = pooled(DEFAULT_PARAMETERS, tested)
    return Holdout(FOLDS, default, Metrics(fitted.log_loss, fitted.rmse_bins, len(tested)))


@cache
def one_malloc_arena() -> bool:
    """Lets fsrs-rs's worker threads allocate from the memory the process already has.

    fsrs-rs runs the folds on threads of its own; glibc gives each new thread a memory arena
    of its own, so the copies of the items the folds make come on top of what Python freed
    (the log rows) and of each other, and the fit after them cannot reuse the folds' memory:
    with one arena, a million reviews peak some 90 MB lower, at the same speed. Only glibc
    has ``mallopt``; elsewhere nothing is changed.

    Returns:
        Whether the limit was set.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    return bool(mallopt(_M_ARENA_MAX, 1))
