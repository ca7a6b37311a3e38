"""Anki's history rules come in with an import: resets, cramming, restarts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tandem.models import CardState, Rating, ReviewKind
from tandem.services import Services
from tests.interop.conftest import CLOZE, edited_package


def test_resets_cramming_and_restarts_come_in_as_anki_counts_them(
    svc: Services, tmp_path: Path
) -> None:
    """Anki's Forget (manual, factor 0) and a filtered deck without rescheduling (factor 0)
    are kept as such; the card's memory starts afresh at the reset."""
    day = 86_400_000
    t0 = 1795000000000  # well before the fixture's own answers

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM revlog")
        cid = conn.execute("SELECT min(id) FROM cards").fetchone()[0]
        rows = [
            (t0, 3, 2500, 0),  # learning: Good
            (t0 + 3 * day, 3, 2500, 1),  # review: Good
            (t0 + 4 * day, 0, 0, 4),  # Forget
            (t0 + 5 * day, 4, 2500, 0),  # learning again: Easy
            (t0 + 6 * day, 1, 0, 3),  # cramming: Again, schedules nothing
        ]
        conn.executemany(
            "INSERT INTO revlog VALUES (?, ?, -1, ?, 0, 0, ?, 0, ?)",
            [(rid, cid, ease, factor, kind) for rid, ease, factor, kind in rows],
        )

    svc.people.add("alice")
    summary = svc.importer.run(edited_package(CLOZE, tmp_path / "k.apkg", edit), person="alice")
    assert (summary.reviews, summary.resets) == (4, 1)
    (card,) = {r.card for r in svc.ctx.reviews.for_person("alice")}
    log = svc.ctx.reviews.for_card("alice", card)
    assert [r.kind for r in log] == [ReviewKind.REVIEW, ReviewKind.REVIEW, ReviewKind.RESET,
                                     ReviewKind.REVIEW, ReviewKind.CRAM]  # fmt: skip
    state = svc.ctx.states.get("alice", card)
    assert state is not None
    fresh = svc.ctx.person("alice").scheduler.review(card, CardState(), Rating.EASY, log[3].at)
    assert state.memory == fresh  # only the answer after the reset counts; cramming none
