"""The app's background sync takes in the review log folder; answers and undos publish."""

from __future__ import annotations

import json
from pathlib import Path

from tandem.services import Services
from tandem.tui import TandemApp

from .conftest import SIZE, Toasts, finish_sync

LINE = ('{"id": "phone-1", "card": "n0004", "person": "alice", "rating": 3, '
        '"at": "2026-03-04T09:30:00Z", "grader": "alice"}\n')  # fmt: skip


async def test_the_start_up_sync_reads_the_folder_and_answers_are_published(
    alice: Services, tmp_path: Path, toasts: Toasts
) -> None:
    folder = alice.logs.init(tmp_path / "logs")
    alice.logs.share("alice", "topics")
    (tmp_path / "logs" / "alice" / "phone-0000.jsonl").write_text(LINE + "{broken\n")
    app = TandemApp(alice, review_as="alice")
    notes: list[str] = []
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await finish_sync(pilot)
        notes = list(toasts.messages)
        await pilot.press("space", "3")
        await pilot.pause()
        await pilot.press("space", "1", "u")
        await pilot.pause()
    assert alice.ctx.reviews.known_ids(["phone-1"]) == {"phone-1"}
    assert "Review log folder: 1 reviews from other devices" in notes
    assert any(n.startswith("1 line or file of the log folder skipped:") for n in notes)
    own = (tmp_path / "logs" / "alice" / f"{folder.device}.jsonl").read_text().splitlines()
    kinds = [next(iter(json.loads(line))) for line in own]
    assert kinds == ["share", "id", "id", "retract"]
    assert json.loads(own[3])["retract"] == json.loads(own[2])["id"]
