"""Snapshots of the main screens at 100x30 with a frozen clock (update: --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tandem.config import resolve_paths
from tandem.models import FrozenClock
from tandem.services import Services, build_services
from tandem.storage import Store
from tandem.tui import TandemApp

from ..conftest import add_notes
from .conftest import add_card

SnapCompare = Callable[..., bool]
SIZE = (100, 30)
BROKEN = "Q: a question without an answer\n\nA: an answer alone\n\nQ: [bold]fine[/]\nA: yes\n"
CODE = "Which command shows where `HEAD` has been?"
ANSWER = "```sh\ngit reflog --date=iso\n```\n\nEntries expire after **90 days**."


@pytest.fixture
def snap_svc(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    """Services whose decks folder is the relative ``decks``, so no temp path is on screen."""
    monkeypatch.chdir(tmp_path)
    services = build_services(
        resolve_paths(decks="decks"), db=Store(tmp_path / "snap.db"), clock=clock
    )
    yield services
    services.close()


@pytest.fixture
def studied(snap_svc: Services) -> Services:
    snap_svc.people.add("alice")
    snap_svc.people.add("bob")
    add_card(snap_svc, "code0001", CODE, ANSWER, title="Git essentials")
    add_notes(snap_svc, 3, deck="spanish.md", prefix="s")
    return snap_svc


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_review_front(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_review_revealed(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, press=["space"], run_before=_settle)


def test_summary(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, review_as="bob", sync_on_start=False)
    keys = ["space", "4"] * 4 + ["_"]
    assert snap_compare(app, terminal_size=SIZE, press=keys, run_before=_settle)


def test_help(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"], run_before=_settle)


def test_sync_errors_and_no_people(snap_compare: SnapCompare, snap_svc: Services) -> None:
    (snap_svc.paths.decks).mkdir()
    (snap_svc.paths.decks / "broken.md").write_text(BROKEN, encoding="utf-8")
    app = TandemApp(snap_svc)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)
