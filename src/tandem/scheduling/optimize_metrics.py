"""Provides log loss and RMSE(bins) of a parameter set on training items, as fsrs-rs's.

fsrs-rs's ``evaluate`` weighs later items more (0.25 -> 1); its time-series evaluation pools
every fold's predictions with the same weight. :func:`pooled` computes either, with
fsrs-rs's own predictions (each card's memory states, in one call) and its bins
(``r_matrix_index``): the target's interval, the item's reviews on separate days, and its
lapses, on logarithmic scales.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, repeat
from operator import add, attrgetter, mul, not_, truediv

from fsrs_rs_python import FSRS, FSRSItem

from tandem.scheduling.intervals import anki_round
from tandem.scheduling.optimize_items import TrainingItems

_before = (-1).__add__
"""A place in the columns -> the place before it."""
_LOW, _HIGH = 1e-7, 1 - 1e-7
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


def pooled(parameters: Sequence[float], items: TrainingItems, *, recency: bool = False) -> Metrics:
    """The figures of ``parameters`` on ``items``: every item the same weight, or with
    ``recency`` the weights of fsrs-rs's ``evaluate``.

    Predictions are fsrs-rs's, from the memory states after the reviews before each target
    (one fsrs-rs call: every item of a card is a prefix of the card's reviews).
    """
    reviews = items.reviews
    states = FSRS(list(parameters)).historical_memory_state_batch(
        [FSRSItem(reviews[start:end]) for _, start, end in items.cards]
    )
    # The cards' reviews lie end to end in the columns, so the states, one after each
    # review, do too; a target is never a card's first review: the stability before it is
    # the state after the review before it in the columns.
    after = list(chain.from_iterable(states))
    del states
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    ends = items.ends  # each target's place in the columns
    intervals = list(map(items.review_deltas.__getitem__, ends))
    stabilities = list(map(attrgetter("stability"), map(after.__getitem__, map(_before, ends))))
    del after
    # (1 + factor * delta_t / stability) ** decay, item by item in C-level maps
    scaled = map(truediv, map(mul, repeat(factor), intervals), stabilities)
    recall = list(map(pow, map(add, repeat(1), scaled), repeat(decay)))
    if recall and (min(recall) < _LOW or max(recall) > _HIGH):
        recall = [min(max(p, _LOW), _HIGH) for p in recall]
    recalled = list(map((1).__lt__, map(items.review_ratings.__getitem__, ends)))
    last = max(len(ends) - 1, 1)
    weights = [0.25 + 0.75 * (i / last) ** 3 for i in range(len(ends))] if recency else None
    chosen = recall.copy()  # p for a recalled target, 1 - p for a forgotten one
    for index in compress(range(len(chosen)), map(not_, recalled)):
        chosen[index] = 1 - chosen[index]
    losses = list(map(math.log, chosen))
    del chosen
    if weights is None:
        log_loss = -sum(losses) / len(losses)
    else:
        log_loss = -sum(map(mul, weights, losses)) / sum(weights)
    del losses
    counted, lapsed = _counts(items)
    bins = _bin_keys(intervals, counted, lapsed)
    return Metrics(log_loss, _rmse_bins(bins, recall, recalled, weights), len(ends))


def _counts(items: TrainingItems) -> tuple[list[int], list[int]]:
    """Per item, as fsrs-rs counts them for its bins: its reviews on a later day than the
    one before (the target included), and the lapses before the target."""
    ends = items.ends
    return list(map(items.review_counted.__getitem__, ends)), list(
        map(items.review_lapses.__getitem__, ends)
    )


def _bin_keys(intervals: list[int], counted: list[int], lapsed: list[int]) -> list[int]:
    """Per item, its fsrs-rs bin (interval, reviews, lapses) as one number."""
    interval_bins = {delta_t: _interval_bin(delta_t) for delta_t in set(intervals)}
    count_bins = {n: _count_bin(n + 1) for n in set(counted)}
    lapse_bins = {n: _lapse_bin(n) for n in set(lapsed)}
    spread = max(count_bins.values(), default=0) + 1
    lapse_spread = max(lapse_bins.values(), default=0) + 1
    return [
        (interval_bins[delta_t] * spread + count_bins[n]) * lapse_spread + lapse_bins[lapses]
        for delta_t, n, lapses in zip(intervals, counted, lapsed, strict=True)
    ]


def _rmse_bins(
    bins: list[int], recall: list[float], recalled: list[bool], weights: list[float] | None
) -> float:
    """fsrs-rs's RMSE(bins): predicted against actual recall per bin, weighted.

    The items are put in bin order (stable, so each bin's items keep their order) and each
    bin's sums are taken over its run."""
    order = sorted(range(len(bins)), key=bins.__getitem__)
    sizes = Counter(bins)
    total = square = 0.0
    start = 0
    for key in sorted(sizes):
        run = order[start : start + sizes[key]]
        start += len(run)
        predicted = sum(map(recall.__getitem__, run))
        actual = sum(map(recalled.__getitem__, run))
        weight = float(len(run)) if weights is None else sum(map(weights.__getitem__, run))
        total += weight
        square += ((predicted - actual) / len(run)) ** 2 * weight
    return math.sqrt(square / total)


@cache
def _interval_bin(delta_t: int) -> int:
    return anki_round(2.48 * 3.62 ** math.floor(math.log(delta_t, 3.62)) * 100)


@cache
def _count_bin(length: int) -> int:
    return anki_round(1.99 * 1.89 ** math.floor(math.log(length, 1.89)))


@cache
def _lapse_bin(lapses: int) -> int:
    if lapses == 0:
        return 0
    return anki_round(1.65 * 1.73 ** math.floor(math.log(lapses, 1.73)))
