"""Shared fixtures: no test touches real user data; time is frozen; cards are easy to make."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tandem.storage.note_rows import DeckRow, NoteRow

START = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TANDEM_DB", str(tmp_path / "tandem.db"))
    monkeypatch.setenv("TANDEM_DECKS", str(tmp_path / "decks"))
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def svc(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    services = build_services(resolve_paths(), db=Store(tmp_path / "tandem.db"), clock=clock)
    yield services
    services.close()


def add_notes(
    svc: Services,
    count: int,
    *,
    deck: str = "deck.md",
    reverse: bool = False,
    kind: str = "basic",
    prefix: str = "n",
) -> list[str]:
    """Adds ``count`` notes to ``deck``; returns their card keys in order."""
    keys: list[str] = []
    ctx = svc.ctx
    with ctx.store.write():
        deck_id = ctx.cards.save_deck(DeckRow(id=0, path=deck, title=deck.removesuffix(".md")))
        for number in range(count):
            note_id = f"{prefix}{number:04d}"
            question = (
                f"cloze {{{{c1::one}}}} and {{{{c2::two}}}} {number}"
                if kind == "cloze"
                else f"question {number}"
            )
            note = NoteRow(
                id=note_id,
                deck_id=deck_id,
                kind=kind,
                question=question,
                answer="" if kind == "cloze" else f"answer {number}",
                author="alice",
                content_hash=f"h{number}",
                position=number,
                reverse=reverse,
            )
            variants = ["c1", "c2"] if kind == "cloze" else ["", "r"] if reverse else [""]
            svc.catalog.save_note(note, variants)
            keys += [f"{note_id}:{v}" if v else note_id for v in variants]
    return keys
