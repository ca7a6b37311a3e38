"""Optimize, pure parts: log -> training items, fitting recovers a known memory model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs_rs_python import FSRSItem

from tandem.scheduling.days import DayBoundary
from tandem.scheduling.optimize_fit import (
    DEFAULT_PARAMETERS,
    Metrics,
    clamp,
    combine,
    evaluate,
    fit,
    holdout,
)
from tandem.scheduling.optimize_items import build_items, card_items, to_fsrs_items
from tandem.scheduling.simulate_history import generate, retrievability

T0 = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)

TRUE = list(DEFAULT_PARAMETERS)
TRUE[0:4] = [0.1, 0.5, 1.5, 5.0]  # a learner who forgets new cards much faster
TRUE[8], TRUE[9], TRUE[10], TRUE[20] = 1.0, 0.1, 0.6, 0.5


def _at(days: float = 0, hours: float = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours)


def test_first_review_is_never_a_target() -> None:
    items = card_items("c", [(3, _at(0)), (3, _at(2)), (1, _at(7))], DayBoundary(4, "UTC"))
    assert [(i.ratings, i.delta_ts) for i in items] == [
        ((3, 3), (0, 2)),
        ((3, 3, 1), (0, 2, 5)),
    ]
    assert [i.at for i in items] == [_at(2), _at(7)]


def test_same_day_reviews_have_delta_zero_and_are_history_only() -> None:
    history = [(1, _at(0)), (3, _at(0, 0.2)), (3, _at(1)), (1, _at(4)), (3, _at(4, 0.2))]
    items = card_items("c", history, DayBoundary(4, "UTC"))
    assert [(i.ratings, i.delta_ts) for i in items] == [
        ((1, 3, 3), (0, 0, 1)),
        ((1, 3, 3, 1), (0, 0, 1, 3)),
    ]


def test_delta_t_counts_study_days_of_the_persons_day_boundary() -> None:
    # 23:00 and 03:00 the next night are one study day when the day starts at 4 am;
    # 03:00 and 05:00 are two.
    late = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)
    history = [(3, late), (3, late + timedelta(hours=4)), (3, late + timedelta(hours=6))]
    items = card_items("c", history, DayBoundary(4, "UTC"))
    assert [i.delta_ts for i in items] == [(0, 0, 1)]
    midnight = DayBoundary(0, "UTC")
    assert [i.delta_ts for i in card_items("c", history, midnight)] == [(0, 1)]


def test_delta_t_uses_the_persons_time_zone() -> None:
    # 06:00 and 10:00 UTC are one study day in UTC; in New York (UTC-5) they are 01:00,
    # still the day before (the day starts at 4 am), and 05:00: two study days.
    first = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)
    history = [(3, first), (3, first + timedelta(hours=4))]
    assert card_items("c", history, DayBoundary(4, "UTC")) == []
    (item,) = card_items("c", history, DayBoundary(4, "America/New_York"))
    assert item.delta_ts == (0, 1)


def test_items_are_ordered_by_target_time_across_cards() -> None:
    log = [
        ("a", 3, _at(0)),
        ("a", 3, _at(5)),
        ("b", 3, _at(1)),
        ("b", 3, _at(3)),
        ("b", 3, _at(9)),
    ]
    items = build_items(log, DayBoundary(4, "UTC"))
    assert [(i.card, i.at) for i in items] == [("b", _at(3)), ("a", _at(5)), ("b", _at(9))]
    converted = to_fsrs_items(items)
    assert repr(converted[0]) == (
        "FSRSItem { reviews: [FSRSReview { rating: 3, delta_t: 0 }, "
        "FSRSReview { rating: 3, delta_t: 2 }] }"
    )


def test_clamp_rounds_and_keeps_scheduler_bounds() -> None:
    raw = [*DEFAULT_PARAMETERS]
    raw[0], raw[20] = 123.456789, 0.05
    clamped = clamp(raw)
    assert clamped[0] == 100.0
    assert clamped[20] == 0.1
    assert clamped[1] == round(DEFAULT_PARAMETERS[1], 4)


def test_combine_weights_folds_by_size() -> None:
    pooled = combine([Metrics(0.2, 0.1, 100), Metrics(0.5, 0.0, 300)])
    assert pooled.items == 400
    assert pooled.log_loss == pytest.approx(0.425)
    assert pooled.rmse_bins == pytest.approx((0.01 * 100 / 400) ** 0.5)


def test_holdout_refuses_too_few_items() -> None:
    with pytest.raises(ValueError, match="too few"):
        holdout([], folds=5)


def test_synthetic_recall_follows_the_forgetting_curve() -> None:
    assert retrievability(TRUE, 5.0, 5.0) == pytest.approx(0.9)
    assert retrievability(TRUE, 0.0, 5.0) == 1.0


def _items(seed: int) -> list[FSRSItem]:
    reviews = generate(TRUE, cards=300, days=200, start=T0, seed=seed)
    log = sorted(((str(r.card), r.rating, r.at) for r in reviews), key=lambda r: (r[0], r[2]))
    return to_fsrs_items(build_items(log, DayBoundary(4, "UTC")))


def test_fitting_recovers_a_known_model() -> None:
    """Fit to one learner's history; judge on a second, independent history of theirs."""
    train, test = _items(seed=1), _items(seed=2)
    fitted = fit(train)
    candidates = {"default": DEFAULT_PARAMETERS, "fitted": fitted, "true": tuple(TRUE)}
    on_test = {name: evaluate(p, test).log_loss for name, p in candidates.items()}
    assert on_test["fitted"] < on_test["default"] - 0.015, on_test
    assert on_test["fitted"] < on_test["true"] + 0.005, on_test
    judged = holdout(train)
    assert judged.fitted.log_loss < judged.default.log_loss - 0.01
    assert judged.fitted.items == judged.default.items > len(train) * 5 // 6 - 5
