"""Two machines share one team repository (decks/ and logs/) through a real git remote."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.models import FrozenClock

from .gitrepo import git
from .logfolder import Machine, machine, states, write_decks

pytestmark = pytest.mark.slow


def _clone(remote: Path, target: Path) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(target))
    return target


def _team(tmp_path: Path) -> Path:
    """A bare team repository with the decks in it."""
    remote = tmp_path / "team.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    first = _clone(remote, tmp_path / "first")
    write_decks(first / "decks")
    git(first, "add", "decks")
    git(first, "commit", "-qm", "decks")
    git(first, "push", "-q", "origin", "HEAD:main")
    return remote


def _tandem(m: Machine, *args: str) -> str:
    """Runs the real command line as machine ``m`` (its database, config and decks)."""
    paths = m.svc.paths
    env = {"TANDEM_HOME": str(paths.data_dir.parent), "TANDEM_DB": str(paths.db),
           "TANDEM_DECKS": str(paths.decks)}  # fmt: skip
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _round(m: Machine, clone: Path) -> None:
    """What a person does to share: sync, commit the logs, pull (a merge), push, sync."""
    _tandem(m, "sync")
    git(clone, "add", "logs")
    git(clone, "commit", "-qm", f"reviews from {m.name}", "--allow-empty")
    git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    git(clone, "push", "-q", "origin", "HEAD:main")
    _tandem(m, "sync")


def test_laptop_and_desktop_converge_through_git(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tandem.services.factory.SystemClock", lambda: clock)
    remote = _team(tmp_path)
    clones = {name: _clone(remote, tmp_path / f"{name}-clone") for name in ("laptop", "desktop")}
    laptop, desktop = (
        machine(tmp_path, name, clock, clones[name] / "decks", clones[name] / "logs", ["alice"])
        for name in ("laptop", "desktop")
    )
    _tandem(laptop, "people", "share", "alice", "--level", "cards")
    cards = [f"more{n:04d}" for n in range(12)] + ["head0001", "perro001", "cloze001:c2"]
    for step in range(30):
        clock.advance(minutes=23 * (step % 4) + 2, hours=7 * (step % 5 == 0))
        m = laptop if step % 3 else desktop
        m.answer("alice", cards[(step * 5) % len(cards)], 1 + (step * 3) % 4)
        if step % 7 == 6:
            _round(m, clones[m.name])
    for m in (laptop, desktop, laptop):
        _round(m, clones[m.name])
    assert states(laptop.svc) == states(desktop.svc)
    assert _tandem(laptop, "due", "--json") == _tandem(desktop, "due", "--json")
    assert laptop.svc.ctx.reviews.count() == desktop.svc.ctx.reviews.count() == 30
    log = git(clones["laptop"], "log", "--merges", "--oneline")
    assert log  # the histories did diverge, and merged without a conflict
    files = sorted(p.name for p in (clones["laptop"] / "logs" / "alice").iterdir())
    assert len(files) == 2  # one file per device
