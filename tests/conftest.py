"""Shared fixtures: no test touches real user data or the repository's own ``decks/``; time is
frozen; cards are easy to make; hypothesis runs a quick profile unless told otherwise."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from tandem.config import resolve_paths
from tandem.models import FrozenClock
from tandem.services import Services, build_services
from tandem.services.sync.outcome import SyncReport
from tandem.storage.db import Store
from tandem.storage.note_rows import DeckRow, NoteRow

START = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
REPOSITORY = Path(__file__).resolve().parent.parent

# Hypothesis profiles. "quick", the default, runs a fifth of the examples: 20 where a test
# keeps hypothesis' default of 100, and a fifth of what a test asks for through examples().
# "full" (CI: ``--hypothesis-profile=full``) runs hypothesis' defaults and every count as
# written in the tests.
QUICK_SHARE = 5
settings.register_profile("full")
settings.register_profile("quick", max_examples=100 // QUICK_SHARE)
settings.load_profile("quick")  # --hypothesis-profile, read after this file, overrides it


def examples(full: int) -> int:
    """``max_examples`` for a test that asks for ``full``: all of them in the full profile."""
    if settings.get_current_profile_name() == "full":
        return full
    return max(1, full // QUICK_SHARE)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TANDEM_DB", str(tmp_path / "tandem.db"))
    monkeypatch.setenv("TANDEM_DECKS", str(tmp_path / "decks"))
    monkeypatch.setenv("TZ", "UTC")


def copy_sample_decks(target: Path) -> Path:
    """Copies the bundled sample decks to ``target`` and returns it.

    The bundled decks are the files git tracks in the repository's ``decks/``: the README's
    tour writes session logs and imported decks there, which are not the samples, and a test
    that synced the folder itself would write card ids into the user's files. Where git lists
    none (no git, or not a checkout), every file of the folder is copied.
    """
    source = REPOSITORY / "decks"
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "decks"],
            cwd=REPOSITORY, capture_output=True, check=True, timeout=60,
        ).stdout.decode()  # fmt: skip
        files = [REPOSITORY / name for name in listed.split("\0") if name]
    except (OSError, subprocess.SubprocessError):
        files = []
    files = [path for path in files or source.rglob("*") if path.is_file()]
    assert files, f"no sample decks in {source}"
    for path in files:
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
    return target


@pytest.fixture
def sample_decks(tmp_path: Path) -> Path:
    """A copy of the bundled sample decks, never the repository's folder itself."""
    return copy_sample_decks(tmp_path / "sample-decks")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture(params=["decks kept", "decks parsed again"])
def held_cards_both_ways(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that uses it runs twice: with the parsed decks kept in memory, and with none
    kept (a folder too large to hold), when each file is parsed again as its cards are saved."""
    if request.param == "decks parsed again":
        monkeypatch.setattr("tandem.services.sync.reading.HELD_CARDS", 0)


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


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Writes ``files`` (path under ``root``: text) as UTF-8, making their folders."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def first_sync(root: Path, decks: dict[str, str], people: tuple[str, ...]) -> SyncReport:
    """A database ``root/t.db`` with ``people``, and a first sync of ``decks`` written into
    ``root/decks``; closed after."""
    folder = write_files(root / "decks", decks)
    svc = build_services(
        resolve_paths(root / "t.db", folder), db=Store(root / "t.db"), clock=FrozenClock(START)
    )
    for name in people:
        svc.people.add(name)
    try:
        return svc.sync.run()
    finally:
        svc.close()
