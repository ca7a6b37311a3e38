"""Memory states agree with Anki's card by card (runs where the benchmark-only ``anki`` is).

A learner's history with late-night sessions, resets, restarts and cramming goes into a
collection of Anki's own; Anki computes each card's memory state (``compute_memory_state``)
and exports the package; tandem imports it and must hold the same stability and difficulty
for every card, to 1e-4 relative.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.config.settings import PersonSettings
from tandem.models import FrozenClock, FsrsState
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .anki_reference import (
    FILTERED,
    LEARNING,
    MANUAL,
    Entry,
    anki_states,
    build_collection,
    export_package,
    history,
    now_utc,
)

pytest.importorskip("anki.collection")
CARDS = 80


def imported_states(svc: Services) -> dict[int, tuple[FsrsState, float | None, float | None]]:
    """alice's state of each card, by the number in its question."""
    rows = svc.ctx.store.conn.execute(
        "SELECT n.question, s.state, s.stability, s.difficulty FROM card_state s "
        "JOIN cards c ON c.key = s.card JOIN notes n ON n.id = c.note_id "
        "WHERE s.person = 'alice'"
    ).fetchall()
    return {int(q.split()[-1]): (FsrsState(state), s, d) for q, state, s, d in rows}


def _restarts(entries: list[Entry]) -> int:
    last: dict[int, int] = {}
    found = 0
    for entry in entries:
        if entry.type == FILTERED and entry.factor == 0:
            continue
        found += entry.type == LEARNING and last.get(entry.card, LEARNING) not in (LEARNING, MANUAL)
        last[entry.card] = entry.type
    return found


def test_every_cards_stability_and_difficulty_are_ankis(tmp_path: Path) -> None:
    now = now_utc()
    entries = history(CARDS, days=150, end=now - timedelta(hours=1), seed=5)
    kinds = {(e.type, e.factor == 0) for e in entries}
    assert {(MANUAL, True), (FILTERED, True)} <= kinds  # resets and cramming
    late = [e for e in entries if e.at.hour < 4]
    assert len(late) > len(entries) // 10  # late-night answers, before the day boundary
    assert _restarts(entries)  # learning answers after reviews, without a reset before

    col, ids = build_collection(tmp_path / "anki" / "collection.anki2", CARDS, entries)
    theirs = anki_states(col, ids)
    package = export_package(col, tmp_path / "parity.apkg")
    col.close()

    svc = build_services(resolve_paths(tmp_path / "t.db", tmp_path / "decks"),
                         db=Store(tmp_path / "t.db"), clock=FrozenClock(now))  # fmt: skip
    svc.people.add("alice")
    svc.people.update_settings("alice", PersonSettings(timezone="UTC"))
    summary = svc.importer.run(package, person="alice")
    assert summary.reviews + summary.resets == len(entries)
    ours = imported_states(svc)
    compared = 0
    for number, anki in enumerate(theirs):
        state, stability, difficulty = ours[number]
        if anki is None:
            assert state is FsrsState.NEW, number
            continue
        assert stability == pytest.approx(anki[0], rel=1e-4), number
        assert difficulty == pytest.approx(anki[1], rel=1e-4), number
        compared += 1
    assert compared > CARDS * 3 // 4
    assert svc.doctor.check().ok
    svc.close()


def test_the_optimizer_fits_and_judges_what_anki_does(tmp_path: Path) -> None:
    """The same reviews give the same items, so the same parameters as Anki's
    ``compute_fsrs_params`` and the same figures as its time-series evaluation."""
    now = now_utc()
    cards = 400
    entries = history(cards, days=200, end=now - timedelta(hours=1), seed=11)
    col, _ = build_collection(tmp_path / "anki" / "collection.anki2", cards, entries)
    anki = col._backend.compute_fsrs_params(
        search="", current_params=[], ignore_revlogs_before_ms=0, num_of_relearning_steps=1,
        health_check=False,
    )  # fmt: skip
    judged = col._backend.evaluate_params(
        search="", ignore_revlogs_before_ms=0, num_of_relearning_steps=1
    )
    package = export_package(col, tmp_path / "parity.apkg")
    col.close()
    svc = build_services(resolve_paths(tmp_path / "t.db", tmp_path / "decks"),
                         db=Store(tmp_path / "t.db"), clock=FrozenClock(now))  # fmt: skip
    svc.people.add("alice")
    svc.people.update_settings("alice", PersonSettings(timezone="UTC"))
    svc.importer.run(package, person="alice")
    result = svc.optimizer.run("alice", dry_run=True)
    assert result.items == anki.fsrs_items
    assert result.fitted == pytest.approx([round(p, 4) for p in anki.params], abs=1e-4)
    assert result.holdout.fitted.log_loss == pytest.approx(judged.log_loss, rel=1e-5)
    assert result.holdout.fitted.rmse_bins == pytest.approx(judged.rmse_bins, rel=1e-4)
    svc.close()


@pytest.mark.slow
def test_the_next_intervals_before_fuzz_are_ankis(tmp_path: Path) -> None:
    """Anki's fuzz is off only in its test mode, read once per process: the benchmark runs
    in a process of its own and compares every card in review, button by button."""
    root = Path(__file__).parent.parent.parent
    out = tmp_path / "parity.json"
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "scheduler_parity.py"), "--cards", "80",
         "--days", "120", "--seeds", "4", "--json", str(out)],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    figures = json.loads(out.read_text())
    assert figures["intervals"] > 60
    assert figures["equal"] == figures["intervals"]
    assert figures["s_max"] < 1e-4
    assert figures["d_max"] < 1e-4
