"""Provides log loss and RMSE(bins) of a parameter set on training items, as fsrs-rs's.

fsrs-rs's ``evaluate`` weighs later items more (0.25 -> 1); its time-series evaluation pools
every fold's predictions with the same weight. :func:`pooled` computes either, with
fsrs-rs's own predictions (each card's memory states, in one call) and its bins: the item's
interval, its number of reviews on separate days, and its lapses, on logarithmic scales.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fsrs_rs_python import FSRS

from tandem.scheduling.intervals import anki_round
from tandem.scheduling.optimize_items import TrainingItem

_PROBABILITY = 1e-7
"""Predictions are kept this far from 0 and 1, so the log loss stays finite."""


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


def pooled(
    parameters: Sequence[float], items: Sequence[TrainingItem], *, recency: bool = False
) -> Metrics:
    """The figures of ``parameters`` on ``items``: every item the same weight, or with
    ``recency`` the weights of fsrs-rs's ``evaluate``."""
    recall = _predictions(parameters, items)
    last = max(len(items) - 1, 1)
    loss = weights = 0.0
    bins: dict[tuple[int, int, int], list[float]] = {}
    for index, (item, predicted) in enumerate(zip(items, recall, strict=True)):
        weight = 0.25 + 0.75 * (index / last) ** 3 if recency else 1.0
        actual = 1.0 if item.ratings[-1] > 1 else 0.0
        loss -= weight * math.log(predicted if actual else 1 - predicted)
        weights += weight
        cell = bins.setdefault(bin_of(item), [0.0, 0.0, 0.0, 0.0])
        cell[0] += predicted
        cell[1] += actual
        cell[2] += 1
        cell[3] += weight
    total = sum(cell[3] for cell in bins.values())
    square = sum(((p - a) / n) ** 2 * w for p, a, n, w in bins.values())
    return Metrics(loss / weights, math.sqrt(square / total), len(items))


def _predictions(parameters: Sequence[float], items: Sequence[TrainingItem]) -> list[float]:
    """fsrs-rs's predicted recall of each item's target, from the memory states after the
    reviews before it (every item of a card is a prefix of its longest)."""
    longest: dict[str, TrainingItem] = {}
    for item in items:
        found = longest.get(item.card)
        if found is None or len(item.ratings) > len(found.ratings):
            longest[item.card] = item
    cards = list(longest)
    histories = FSRS(list(parameters)).historical_memory_state_batch(
        [longest[card].to_fsrs() for card in cards]
    )
    stabilities = {
        card: [state.stability for state in states]
        for card, states in zip(cards, histories, strict=True)
    }
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    out = []
    for item in items:
        stability = stabilities[item.card][len(item.ratings) - 2]
        recall = (1 + factor * item.delta_ts[-1] / stability) ** decay
        out.append(min(max(recall, _PROBABILITY), 1 - _PROBABILITY))
    return out


def bin_of(item: TrainingItem) -> tuple[int, int, int]:
    """fsrs-rs's ``r_matrix_index``: (interval, review count, lapses) bins of an item."""
    delta_t = item.delta_ts[-1]
    interval = anki_round(2.48 * 3.62 ** math.floor(math.log(delta_t, 3.62)) * 100)
    length = sum(1 for d in item.delta_ts if d > 0) + 1
    count = anki_round(1.99 * 1.89 ** math.floor(math.log(length, 1.89)))
    lapses = sum(1 for r, d in zip(item.ratings[:-1], item.delta_ts, strict=False)
                 if r == 1 and d > 0)  # fmt: skip
    if lapses == 0:
        return interval, count, 0
    return interval, count, anki_round(1.65 * 1.73 ** math.floor(math.log(lapses, 1.73)))
