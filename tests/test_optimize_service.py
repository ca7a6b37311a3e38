"""Optimize, the service: refusal, dry run, saving only if better, the replay after saving."""

from __future__ import annotations

import json

import pytest

from tandem.models import ExitCode, Rating, TandemError
from tandem.scheduling.optimize_fit import DEFAULT_PARAMETERS
from tandem.services import Services
from tandem.services.optimize import optimizer as optimizer_module
from tandem.services.optimize.optimizer import MIN_ITEMS, NotEnoughReviewsError
from tandem.services.optimize.simulate_log import add_synthetic_log

from .conftest import add_notes

TRUE = list(DEFAULT_PARAMETERS)
TRUE[0:4] = [0.1, 0.5, 1.5, 5.0]  # a learner who forgets new cards much faster
TRUE[8], TRUE[9], TRUE[10], TRUE[20] = 1.0, 0.1, 0.6, 0.5


def studied(svc: Services, cards: int = 200, days: int = 180) -> list[str]:
    """alice with a synthetic history of ``cards`` cards over ``days`` days."""
    svc.people.add("alice")
    keys = add_notes(svc, cards)
    add_synthetic_log(svc.ctx, "alice", keys, TRUE, days=days, seed=7)
    return keys


def _states(svc: Services) -> list[tuple[object, ...]]:
    return [row.memory.scheduling_fields() for row in svc.ctx.states.for_person("alice")]


def test_too_few_reviews_is_refused_and_changes_nothing(svc: Services) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 20)
    add_synthetic_log(svc.ctx, "alice", keys, TRUE, days=60, seed=1)
    with pytest.raises(NotEnoughReviewsError, match=f"at least {MIN_ITEMS}") as caught:
        svc.optimizer.run("alice")
    assert caught.value.exit_code is ExitCode.ERROR
    assert svc.people.settings("alice").parameters is None


def test_dry_run_reports_but_saves_nothing(svc: Services) -> None:
    studied(svc)
    before = _states(svc)
    result = svc.optimizer.run("alice", dry_run=True)
    assert result.better
    assert not result.saved
    assert result.states_changed == 0
    assert "dry run" in result.decision
    assert svc.people.settings("alice").parameters is None
    assert _states(svc) == before
    assert result.advice is None  # the simulation runs only when asked for
    assert "simulate" not in result.seconds


def test_better_parameters_are_saved_and_the_log_replayed(svc: Services) -> None:
    keys = studied(svc)
    before = {row.card: row.memory for row in svc.ctx.states.for_person("alice")}
    stages: list[str] = []
    result = svc.optimizer.run(
        "alice", simulate=True, progress=lambda stage, _done, _total: stages.append(stage)
    )
    assert result.holdout.fitted.log_loss < result.holdout.default.log_loss
    assert result.history_fitted.log_loss < result.history_previous.log_loss
    assert result.saved
    assert svc.people.settings("alice").parameters == result.fitted
    assert len(result.fitted) == 21
    # The replay: every state now is what the log gives with the new parameters ...
    assert svc.doctor.check().differences == []
    after = {row.card: row.memory for row in svc.ctx.states.for_person("alice")}
    changed = [key for key in keys if after[key].due != before[key].due]
    assert result.states_changed == len(
        [k for k in keys if after[k].scheduling_fields() != before[k].scheduling_fields()]
    )
    assert changed, "due dates follow the new parameters"
    # ... and the scheduler uses them for the next answer too.
    assert svc.ctx.person("alice").scheduler.settings.parameters == result.fitted
    assert stages[0] == "read"
    assert {"evaluate", "fit", "save", "simulate"} <= set(stages)
    assert result.advice is not None


def test_parameters_that_are_not_better_are_not_saved(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    studied(svc)
    worse = list(DEFAULT_PARAMETERS)
    worse[0:4] = [60.0, 70.0, 80.0, 90.0]  # claims every new card is remembered for months
    monkeypatch.setattr(optimizer_module, "fit", lambda *_a, **_k: tuple(worse))
    result = svc.optimizer.run("alice")
    assert not result.better
    assert not result.saved
    assert "kept the current parameters" in result.decision
    assert svc.people.settings("alice").parameters is None


def test_a_second_run_keeps_what_is_already_fitted(svc: Services) -> None:
    studied(svc)
    first = svc.optimizer.run("alice")
    second = svc.optimizer.run("alice")
    assert first.saved
    assert second.previous == first.fitted == second.fitted
    assert not second.saved
    assert "already" in second.decision


def test_retention_advice_and_json(svc: Services) -> None:
    studied(svc)
    session = svc.study("alice")  # one answer with a duration, to exercise the costs
    session.answer(svc.ctx.states.for_person("alice")[0].card, Rating.GOOD, duration_ms=5000)
    result = svc.optimizer.run("alice", dry_run=True, simulate=True)
    assert result.advice is not None
    rows = result.advice.rows
    assert [row.retention for row in rows] == [0.8, 0.85, 0.9, 0.95]
    assert result.advice.current == 0.9
    minutes = [row.minutes_per_day for row in rows]
    assert minutes == sorted(minutes)
    assert rows[-1].remembered > rows[0].remembered
    assert result.advice.workload.cards == 200
    data = json.loads(json.dumps(result.to_dict()))
    assert data["holdout"]["folds"] == 5
    assert set(data["holdout"]["fitted"]) == {"log_loss", "rmse_bins", "items"}
    assert len(data["advice"]["rows"]) == 4
    assert data["decision"] == result.decision


def test_the_persons_own_retention_is_in_the_table(svc: Services) -> None:
    studied(svc)
    settings = svc.people.settings("alice").updated({"desired_retention": 0.87})
    svc.people.update_settings("alice", settings)
    advice = svc.optimizer.advice("alice")
    assert [row.retention for row in advice.rows] == [0.8, 0.85, 0.87, 0.9, 0.95]


def test_a_failure_inside_fsrs_rs_is_a_clear_error(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    studied(svc)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ValueError("InvalidInput")

    monkeypatch.setattr(optimizer_module, "holdout", refuse)
    with pytest.raises(TandemError, match="fsrs-rs could not fit alice's reviews: InvalidInput"):
        svc.optimizer.run("alice")
    assert svc.people.settings("alice").parameters is None


def test_the_log_read_card_by_card_gives_the_items_of_the_whole_log(svc: Services) -> None:
    """``ReviewsRepo.memory_log`` (one row a card, cards in number order) makes the very
    items that the log read entry by entry makes, Anki's history rules included."""
    from datetime import timedelta

    from tandem.models import FsrsState, Review, ReviewKind
    from tandem.scheduling.optimize_items import LogRow, build_items, items_from_logs

    keys = studied(svc, cards=60, days=90)
    first = next(r for r in svc.ctx.reviews.for_person("alice") if r.card == keys[3])
    reset = Review("reset-1", keys[3], "alice", None, first.at + timedelta(days=30), "alice",
                   kind=ReviewKind.RESET)  # fmt: skip
    svc.ctx.reviews.add(reset, FsrsState.REVIEW)
    entries = sorted(svc.ctx.reviews.for_person("alice"), key=lambda r: (r.card, r.at))
    rows: list[LogRow] = [
        (r.card, None if r.rating is None else int(r.rating), round(r.at.timestamp() * 1000),
         str(r.kind))
        for r in entries
    ]  # fmt: skip
    days = svc.ctx.person("alice").days
    logs = svc.ctx.reviews.memory_log("alice")
    positions = svc.ctx.cards.positions()
    assert [log[1] for log in logs] == sorted(positions[key] for key in keys)
    assert all(log[3] == sorted(log[3]) for log in logs)
    with_reset = next(log for log in logs if log[0] == keys[3])
    assert with_reset[4] is not None
    assert "reset" in with_reset[4]
    assert all(log[4] is None for log in logs if log[0] != keys[3])
    ours, theirs = items_from_logs(logs, days), build_items(rows, days, positions)
    assert list(ours) == list(theirs)
    assert [repr(item) for item in ours.fsrs] == [repr(item) for item in theirs.fsrs]
    assert ours.card_ids == theirs.card_ids
    assert not any(item.card == keys[3] and item.at < reset.at for item in ours)


def test_the_cycle_collector_is_off_while_fitting_and_back_after(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The items are hundreds of thousands of acyclic objects: the collector would only walk
    them over and over. It is back on afterwards, also when the fit fails, and a collector
    that was off stays off."""
    import gc

    studied(svc)
    seen: list[bool] = []
    real = optimizer_module.holdout

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(optimizer_module, "holdout", recording)
    assert gc.isenabled()
    assert svc.optimizer.run("alice", dry_run=True).better
    assert seen == [False]
    assert gc.isenabled()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ValueError("InvalidInput")

    monkeypatch.setattr(optimizer_module, "holdout", refuse)
    with pytest.raises(TandemError):
        svc.optimizer.run("alice")
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(TandemError):
            svc.optimizer.run("alice")
        assert not gc.isenabled()
    finally:
        gc.enable()
