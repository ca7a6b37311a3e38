"""doctor compares a state row as read with the replay without making a ``StateRow``: it
agrees exactly when the comparison of the row made from it does."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.models import CardState, FsrsState, Rating, format_utc
from tandem.scheduling.history import Folded
from tandem.services import Services
from tandem.services.maintenance import replay
from tandem.services.maintenance.replay import _agrees, _values_agree
from tandem.storage.states import state_row

from .conftest import add_notes

AT = datetime(2026, 3, 4, 10, 15, tzinfo=UTC)
TIMES = [AT, AT + timedelta(days=3), AT + timedelta(microseconds=1)]
maybe_time = st.one_of(st.none(), st.sampled_from(TIMES))


@st.composite
def stored(draw: st.DrawFn) -> tuple[Any, ...]:
    """A ``card_state`` row as read (``STATE_COLUMNS``)."""
    last = draw(maybe_time)
    return (
        "alice", "k7q2m9x4", 1, 3,
        draw(st.sampled_from([int(state) for state in FsrsState])),
        draw(st.sampled_from([None, 0, 1])),
        draw(st.sampled_from([None, 2.5, 2.5000000000000004])),
        draw(st.sampled_from([None, 5.0, 6.1])),
        format_utc(draw(st.sampled_from(TIMES))),
        None if last is None else format_utc(last),
        draw(st.sampled_from([0, 1, 4])),
        draw(st.sampled_from([0, 1])),
        draw(st.sampled_from([0, 1])),
        draw(st.sampled_from([None, format_utc(AT)])),
        draw(st.sampled_from([0, 1])),
        draw(st.sampled_from([0, 1])),
    )  # fmt: skip


@st.composite
def replayed(draw: st.DrawFn, like: tuple[Any, ...]) -> Folded:
    """A replay's result: often the stored row's own state, else one field apart."""
    row = state_row(like)
    state = row.memory
    if draw(st.booleans()):
        state = CardState(
            draw(st.sampled_from(list(FsrsState))),
            draw(st.sampled_from([None, 0, 1])),
            draw(st.sampled_from([None, 2.5, 2.5000000000000004])),
            draw(st.sampled_from([None, 5.0, 6.1])),
            draw(maybe_time),
            draw(maybe_time),
            draw(st.sampled_from([0, 1, 4])),
            draw(st.sampled_from([0, 1])),
        )
    return Folded(state, [], draw(st.booleans()), draw(st.booleans()))


@given(st.data())
def test_a_row_as_read_agrees_with_a_replay_exactly_when_its_state_row_does(
    data: st.DataObject,
) -> None:
    values = data.draw(stored())
    folded = data.draw(replayed(values))
    assert _values_agree(values, folded) == _agrees(state_row(values), folded)


def test_a_row_agrees_with_its_own_state_and_not_with_another_stability() -> None:
    values = ("alice", "k7q2m9x4", 1, 3, 2, None, 2.5, 5.0, format_utc(TIMES[1]),
              format_utc(AT), 4, 1, 0, None, 0, 0)  # fmt: skip
    same = CardState(FsrsState.REVIEW, None, 2.5, 5.0, TIMES[1], AT, 4, 1)
    assert _values_agree(values, Folded(same))
    other = CardState(FsrsState.REVIEW, None, 2.5000000000000004, 5.0, TIMES[1], AT, 4, 1)
    assert not _values_agree(values, Folded(other))
    assert not _values_agree(values, Folded(same, leech=True))  # the log makes it a leech


def test_the_cycle_collector_is_paused_for_a_check_only(svc: Services) -> None:
    svc.people.add("alice")
    [key] = add_notes(svc, 1)
    svc.study("alice").answer(key, Rating.GOOD)
    seen: list[bool] = []
    fold = replay.fold

    def folding(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return fold(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(replay, "fold", folding)
        assert svc.doctor.check().ok
        gc.disable()
        try:
            assert svc.doctor.check().ok
            assert not gc.isenabled()  # left as it was
        finally:
            gc.enable()
    assert seen == [False, False]
    assert gc.isenabled()
    with pytest.raises(RuntimeError), replay._no_cycle_collection():
        raise RuntimeError
    assert gc.isenabled()


def test_a_card_never_reviewed_is_held_to_what_folding_no_entry_gives(svc: Services) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 3)
    assert replay.fold(svc.ctx.person("alice").scheduler, keys[0], []) == replay._NEVER_REVIEWED
    with svc.ctx.store.write() as conn:
        conn.execute("UPDATE card_state SET reps = 2, leech = 1 WHERE card = ?", (keys[1],))
    [found] = svc.doctor.check().differences
    assert found.card == keys[1]
    assert found.describe() == f"alice {keys[1]}: reps: 2 != 0; leech: True != False"
    assert replay.Folded() == replay._NEVER_REVIEWED  # left as it was
