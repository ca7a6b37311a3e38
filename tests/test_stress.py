"""Three terminals on one database as fast as they can: nothing lost, nothing locked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.services import build_services
from tandem.services.authoring.writer import CardDraft
from tandem.storage.backup import integrity_problem
from tandem.storage.db import Store

WORKER = Path(__file__).with_name("stress_worker.py")


def _prepare(root: Path) -> None:
    (root / "decks").mkdir()
    svc = build_services(resolve_paths(decks=root / "decks"), db=Store(root / "t.db"))
    for name in ("alice", "bob", "carol"):
        svc.people.add(name)
        roomy = svc.people.settings(name).updated({"new_per_day": 9999})
        svc.people.update_settings(name, roomy)
    deck = svc.authoring.start_session("Stress", ["alice", "bob"])
    for number in range(400):
        svc.authoring.add_card(deck, CardDraft("basic", f"q{number}", f"a{number}"), "alice")
    svc.close()


@pytest.mark.slow
def test_quiz_pair_and_solo_reviewer_at_once(tmp_path: Path) -> None:
    _prepare(tmp_path)
    src = str(Path(__file__).parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = {
        role: subprocess.Popen(
            [sys.executable, str(WORKER), role, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for role in ("asker", "partner", "solo")
    }
    outputs = {role: proc.communicate(timeout=600) for role, proc in procs.items()}
    for role, (out, err) in outputs.items():
        assert procs[role].returncode == 0, (role, err)
        assert "locked" not in err
        assert len(out.splitlines()) == 300, role
    svc = build_services(resolve_paths(decks=tmp_path / "decks"), db=Store(tmp_path / "t.db"))
    assert svc.ctx.reviews.count("bob") == 300  # every grade of the quiz
    assert {r.grader for r in svc.ctx.reviews.for_person("bob")} == {"alice"}
    solo = {line.split()[1] for line in outputs["solo"][0].splitlines()}
    assert solo == {r.id for r in svc.ctx.reviews.for_person("carol")}
    assert svc.ctx.reviews.count("alice") == 0
    assert integrity_problem(tmp_path / "t.db") is None
    report = svc.doctor.check(rebuild=True, full=True)
    assert report.ok
    assert report.differences == []
    edited = svc.authoring.cards(svc.decks.list()[0].path)
    assert any(draft.question.endswith("v299") for _, draft, _ in edited)
