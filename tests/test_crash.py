"""Nothing lost: SIGKILL at random points, a full disk, and a state machine of user actions."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.services import build_services
from tandem.services.sync.checking import check_paths
from tandem.storage.backup import integrity_problem
from tandem.storage.db import Store

WORKER = Path(__file__).with_name("crash_worker.py")


def _prepare(root: Path) -> None:
    (root / "decks" / "sessions").mkdir(parents=True)
    svc = build_services(resolve_paths(decks=root / "decks"), db=Store(root / "t.db"))
    svc.people.add("alice")
    svc.people.add("bob")
    svc.people.update_settings("alice", svc.people.settings("alice").updated({"new_per_day": 9999}))
    svc.authoring.start_session("Crash", ["alice", "bob"])
    svc.close()


def _env() -> dict[str, str]:
    src = str(Path(__file__).parent.parent / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing_confirmed(tmp_path: Path) -> None:
    _prepare(tmp_path)
    rng = random.Random(20261129)
    confirmed: set[str] = set()
    for run in range(50):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(tmp_path), str(run)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
        )  # fmt: skip
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        assert "Traceback" not in err, err
        # Only whole lines confirm: the kill can cut the last one short ("R " and no id).
        whole = out[: out.rfind("\n") + 1].splitlines()
        confirmed |= {line.split()[1] for line in whole if line.startswith("R ")}
        assert integrity_problem(tmp_path / "t.db") is None
        conn = sqlite3.connect(tmp_path / "t.db")
        stored = {row[0] for row in conn.execute("SELECT id FROM reviews")}
        conn.close()
        assert confirmed <= stored, f"run {run}: lost {confirmed - stored}"
        Store(tmp_path / f"fresh-{run}.db").close()  # a killed migration starts over cleanly
        svc = build_services(resolve_paths(decks=tmp_path / "decks"), db=Store(tmp_path / "t.db"))
        assert check_paths([tmp_path / "decks"], tmp_path / "decks") == []  # no half-written file
        svc.sync.run()  # picks up a card written to its file before the kill
        report = svc.doctor.check(full=True)
        assert report.ok, (run, report.problems, [d.describe() for d in report.differences[:3]])
        svc.close()
    assert len(confirmed) > 50


FULL_WORKER = """
import resource, signal, sys
from tandem.config import resolve_paths
from tandem.models import Rating, StorageError
from tandem.services import build_services
from tandem.storage.db import Store
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
db = sys.argv[1]
svc = build_services(resolve_paths(), db=Store(db))
session = svc.study("alice")
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    while (card := session.next_card()) is not None:
        print("R", session.answer(card.key, Rating.AGAIN).review_id, flush=True)
except StorageError as error:
    print("FULL", error.message, flush=True)
"""


def test_disk_full_is_a_clear_error_and_nothing_half_saved(tmp_path: Path) -> None:
    _prepare(tmp_path)
    db = tmp_path / "t.db"
    svc = build_services(resolve_paths(decks=tmp_path / "decks"), db=Store(db))
    from tandem.services.authoring.writer import CardDraft

    deck = svc.decks.list()[0].path
    for number in range(40):
        svc.authoring.add_card(
            deck, CardDraft("basic", "x" * 2000 + str(number), "y" * 2000), "bob"
        )
    svc.close()
    size = db.stat().st_size  # the WAL may grow as large as the database, then no more
    proc = subprocess.run(
        [sys.executable, "-c", FULL_WORKER, str(db), str(size + 20_000)],
        capture_output=True, text=True, env=_env(), timeout=120,
    )  # fmt: skip
    lines = proc.stdout.splitlines()
    assert lines[-1].startswith("FULL "), (proc.stdout, proc.stderr)
    assert "could not write to the disk (is it full?)" in lines[-1]
    assert lines[-1].endswith("nothing was saved")
    confirmed = {line.split()[1] for line in lines if line.startswith("R ")}
    assert integrity_problem(db) is None
    svc = build_services(resolve_paths(decks=tmp_path / "decks"), db=Store(db))
    stored = {r.id for r in svc.ctx.reviews.for_person("alice")}
    assert stored == confirmed  # the failing answer is not half there
    assert svc.doctor.check(full=True).ok
