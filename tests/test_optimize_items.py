"""Optimize, pure parts: log -> training items, fitting recovers a known memory model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs_rs_python import FSRS, FSRSReview
from hypothesis import given
from hypothesis import strategies as st

from tandem.scheduling.days import DayBoundary
from tandem.scheduling.optimize_fit import DEFAULT_PARAMETERS, clamp, evaluate, fit, holdout
from tandem.scheduling.optimize_items import (
    LogRow,
    StudyDays,
    TrainingItem,
    TrainingItems,
    build_items,
    memory_entries,
)
from tandem.scheduling.optimize_metrics import pooled
from tandem.scheduling.simulate_history import generate, retrievability

T0 = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)

TRUE = list(DEFAULT_PARAMETERS)
TRUE[0:4] = [0.1, 0.5, 1.5, 5.0]  # a learner who forgets new cards much faster
TRUE[8], TRUE[9], TRUE[10], TRUE[20] = 1.0, 0.1, 0.6, 0.5


def _ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


def _at(days: float = 0, hours: float = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours)


def _items(history: list[tuple[int, datetime]], days: DayBoundary) -> list[TrainingItem]:
    rows: list[LogRow] = [("c", rating, _ms(at), "review") for rating, at in history]
    return list(build_items(rows, days, {"c": 1}))


def test_first_review_is_never_a_target() -> None:
    items = _items([(3, _at(0)), (3, _at(2)), (1, _at(7))], DayBoundary(4, "UTC"))
    assert [(i.ratings, i.delta_ts) for i in items] == [
        ((3, 3), (0, 2)),
        ((3, 3, 1), (0, 2, 5)),
    ]
    assert [i.at for i in items] == [_at(2), _at(7)]


def test_same_day_reviews_have_delta_zero_and_are_history_only() -> None:
    history = [(1, _at(0)), (3, _at(0, 0.2)), (3, _at(1)), (1, _at(4)), (3, _at(4, 0.2))]
    items = _items(history, DayBoundary(4, "UTC"))
    assert [(i.ratings, i.delta_ts) for i in items] == [
        ((1, 3, 3), (0, 0, 1)),
        ((1, 3, 3, 1), (0, 0, 1, 3)),
    ]


def test_delta_t_counts_study_days_of_the_persons_day_boundary() -> None:
    # 23:00 and 03:00 the next night are one study day when the day starts at 4 am;
    # 03:00 and 05:00 are two.
    late = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)
    history = [(3, late + timedelta(hours=h)) for h in (0, 4, 6)]
    items = _items(history, DayBoundary(4, "UTC"))
    assert [i.delta_ts for i in items] == [(0, 0, 1)]
    assert [i.delta_ts for i in _items(history, DayBoundary(0, "UTC"))] == [(0, 1)]


def test_delta_t_uses_the_persons_time_zone() -> None:
    # 06:00 and 10:00 UTC are one study day in UTC; in New York (UTC-5) they are 01:00,
    # still the day before (the day starts at 4 am), and 05:00: two study days.
    first = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)
    history = [(3, first), (3, first + timedelta(hours=4))]
    assert _items(history, DayBoundary(4, "UTC")) == []
    (item,) = _items(history, DayBoundary(4, "America/New_York"))
    assert item.delta_ts == (0, 1)


@given(st.datetimes(datetime(2000, 1, 1), datetime(2037, 12, 31), timezones=st.just(UTC)))  # noqa: DTZ001
def test_study_day_numbers_are_the_day_boundarys_dates(at: datetime) -> None:
    """Day starts worked out once, then a search: right in zones a quarter or half hour
    off UTC, and across daylight saving."""
    for zone in ("UTC", "Asia/Kathmandu", "Australia/Lord_Howe", "America/New_York"):
        days = DayBoundary(4, zone)
        ms = _ms(at)
        assert StudyDays(days, ms, ms)(ms) == days.study_date(at).toordinal()
        later = at + timedelta(days=3, hours=5)
        place = StudyDays(days, ms, _ms(later)).places()
        assert place(_ms(later)) - place(ms) == (days.study_date(later) - days.study_date(at)).days


def test_items_are_ordered_by_target_time_across_cards_then_card_number() -> None:
    log: list[LogRow] = [
        ("a", 3, _ms(_at(0)), "review"),
        ("a", 3, _ms(_at(5)), "review"),
        ("b", 3, _ms(_at(1)), "review"),
        ("b", 3, _ms(_at(3)), "review"),
        ("b", 3, _ms(_at(9)), "review"),
        ("c", 3, _ms(_at(1)), "review"),
        ("c", 3, _ms(_at(5)), "review"),  # the same time as a's: card numbers decide
    ]
    items = build_items(log, DayBoundary(4, "UTC"), {"a": 2, "b": 1, "c": 0})
    assert [(i.card, i.at) for i in items] == [
        ("b", _at(3)), ("c", _at(5)), ("a", _at(5)), ("b", _at(9))]  # fmt: skip
    assert list(items.card_ids) == [1, 0, 2, 1]
    assert repr(items.fsrs[0]) == (
        "FSRSItem { reviews: [FSRSReview { rating: 3, delta_t: 0 }, "
        "FSRSReview { rating: 3, delta_t: 2 }] }"
    )
    assert len(build_items([], DayBoundary(4, "UTC"), {})) == 0


def test_clamp_rounds_and_keeps_scheduler_bounds() -> None:
    raw = [*DEFAULT_PARAMETERS]
    raw[0], raw[20] = 123.456789, 0.05
    clamped = clamp(raw)
    assert clamped[0] == 100.0
    assert clamped[20] == 0.1
    assert clamped[1] == round(DEFAULT_PARAMETERS[1], 4)


def test_anki_history_rules_decide_what_the_optimizer_sees() -> None:
    """After the last reset, from the last restart, without cramming (reviews_for_fsrs)."""
    log: list[LogRow] = [
        ("c", 3, _ms(_at(0)), "review"),
        ("c", 3, _ms(_at(2)), "review"),
        ("c", None, _ms(_at(3)), "reset"),
        ("c", 1, _ms(_at(4)), "review"),
        ("c", 3, _ms(_at(6)), "cram"),
        ("c", 3, _ms(_at(9)), "review"),
        ("c", 2, _ms(_at(12)), "restart"),
        ("c", 3, _ms(_at(15)), "review"),
        ("c", 4, _ms(_at(16)), "cram"),
    ]
    assert [row[2] for row in memory_entries(log)] == [_ms(_at(12)), _ms(_at(15))]
    assert [row[2] for row in memory_entries(log[:6])] == [_ms(_at(4)), _ms(_at(9))]
    (item,) = build_items(log, DayBoundary(4, "UTC"), {"c": 1})
    assert (item.ratings, item.delta_ts) == ((2, 3), (0, 3))


def test_pooled_figures_are_fsrs_rs_figures() -> None:
    """With later items weighing more, ``pooled`` is fsrs-rs's ``evaluate``: the same
    predictions and the same bins."""
    items = _synthetic(seed=3)
    for parameters in (DEFAULT_PARAMETERS, tuple(TRUE)):
        ours = pooled(parameters, items, recency=True)
        theirs = FSRS(list(parameters)).evaluate(items.fsrs)
        assert ours.log_loss == pytest.approx(theirs.log_loss, rel=1e-4)
        assert ours.rmse_bins == pytest.approx(theirs.rmse_bins, rel=1e-3)
    assert evaluate(DEFAULT_PARAMETERS, items).items == len(items)


def test_holdout_refuses_too_few_items() -> None:
    with pytest.raises(ValueError, match="too few"):
        holdout(TrainingItems())


def test_synthetic_recall_follows_the_forgetting_curve() -> None:
    assert retrievability(TRUE, 5.0, 5.0) == pytest.approx(0.9)
    assert retrievability(TRUE, 0.0, 5.0) == 1.0


def _synthetic(seed: int) -> TrainingItems:
    reviews = generate(TRUE, cards=300, days=200, start=T0, seed=seed)
    log: list[LogRow] = sorted(
        ((f"{r.card:04d}", r.rating, _ms(r.at), "review") for r in reviews),
        key=lambda r: (r[0], r[2]),
    )
    return build_items(log, DayBoundary(4, "UTC"), {f"{n:04d}": n for n in range(300)})


def test_fitting_recovers_a_known_model() -> None:
    """Fit to one learner's history; judge on a second, independent history of theirs."""
    train, test = _synthetic(seed=1), _synthetic(seed=2)
    fitted = fit(train)
    candidates = {"default": DEFAULT_PARAMETERS, "fitted": fitted, "true": tuple(TRUE)}
    on_test = {name: evaluate(p, test).log_loss for name, p in candidates.items()}
    assert on_test["fitted"] < on_test["default"] - 0.015, on_test
    assert on_test["fitted"] < on_test["true"] + 0.005, on_test
    judged = holdout(train)
    assert judged.fitted.log_loss < judged.default.log_loss - 0.01
    assert judged.fitted.items == judged.default.items > len(train) * 5 // 6 - 5


def test_the_bounds_are_those_settings_are_checked_with() -> None:
    import fsrs.scheduler

    from tandem.scheduling.model import LOWER_BOUNDS, UPPER_BOUNDS

    assert fsrs.scheduler.LOWER_BOUNDS_PARAMETERS == LOWER_BOUNDS
    assert fsrs.scheduler.UPPER_BOUNDS_PARAMETERS == UPPER_BOUNDS


def test_pooled_figures_are_each_items_own_prediction_and_loss() -> None:
    """The held-out figures of the defaults, computed in bulk, are exactly those of each
    item's own prediction from fsrs-rs's memory state before its target."""
    import math

    from fsrs_rs_python import FSRSItem

    items = _synthetic(seed=4)
    later = items.since(len(items) // 6)
    model = FSRS(list(DEFAULT_PARAMETERS))
    decay = -DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / decay) - 1
    losses = []
    for item in later:
        pairs = zip(item.ratings[:-1], item.delta_ts[:-1], strict=True)
        history = [FSRSReview(rating, delta_t) for rating, delta_t in pairs]
        stability = model.memory_state(FSRSItem(history)).stability
        p = (1 + factor * item.delta_ts[-1] / stability) ** decay
        losses.append(math.log(p) if item.ratings[-1] > 1 else math.log(1 - p))
    assert pooled(DEFAULT_PARAMETERS, later).log_loss == pytest.approx(
        -sum(losses) / len(losses), rel=1e-12
    )


def test_the_columns_are_typed_arrays() -> None:
    """A million reviews keep a few bytes a review in the columns, not an int object."""
    from array import array

    items = _synthetic(seed=5)
    assert isinstance(items.review_times, array)
    assert items.review_times.typecode == "q"
    assert isinstance(items.ends, array)
    assert isinstance(items.card_ids, array)  # fsrs-rs takes the array as it is
    assert items.card_ids.typecode == "q"
    first = items.item(0)
    assert first.ratings == tuple(items.review_ratings[items.review_starts[items.ends[0]]:
                                                       items.ends[0] + 1])  # fmt: skip


def test_fsrs_rs_threads_share_the_processs_memory_arena_on_glibc() -> None:
    import platform
    import sys

    from tandem.scheduling.optimize_fit import one_malloc_arena

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert one_malloc_arena() is glibc
