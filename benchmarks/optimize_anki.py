"""The optimizer beside Anki's: the same reviews, the same fit, and the time from the shell.

Anki's collection gets tandem's benchmark log (the same cards in the same order, each answer
with the revlog type Anki would have written). Then, from the command line, each taking
turns: ``tandem optimize --as p0 --dry-run --json`` and a script that opens the collection and
calls Anki's ``compute_fsrs_params`` (health check off, as in Anki's deck options by
default). Also compares the parameters and the time-series figures (Anki's "Evaluate").
Needs the benchmark-only ``anki`` package; used by ``optimize.py --anki``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from tests.interop.anki_reference import Entry, build_collection  # noqa: E402

from tandem.models import FsrsState, ReviewKind  # noqa: E402
from tandem.services import Services  # noqa: E402

_TYPES = {FsrsState.NEW: 0, FsrsState.LEARNING: 0, FsrsState.REVIEW: 1, FsrsState.RELEARNING: 2}
_ANKI = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
col._backend.compute_fsrs_params(search="", current_params=[], ignore_revlogs_before_ms=0,
                                 num_of_relearning_steps=1, health_check=False)
if sys.argv[2:] == ["evaluate"]:  # Anki's "Evaluate": the held-out check tandem also makes
    col._backend.evaluate_params(search="", ignore_revlogs_before_ms=0,
                                 num_of_relearning_steps=1)
col.close()
"""
_TANDEM = "from tandem.cli import main; main()"


def anki_collection(svc: Services, person: str, path: Path) -> Path:
    """An Anki collection holding ``person``'s log, cards in tandem's creation order."""
    keys = sorted(svc.ctx.cards.positions().items(), key=lambda pair: pair[1])
    number = {key: n for n, (key, _) in enumerate(keys)}
    prev = svc.ctx.reviews.prev_states(person)
    entries = [
        Entry(number[r.card], r.at, int(r.rating or 0), _revlog_type(r.kind, prev[r.id]),
              0 if r.kind in (ReviewKind.RESET, ReviewKind.CRAM) else 2500)
        for r in svc.ctx.reviews.for_person(person)
    ]  # fmt: skip
    col, _ = build_collection(path, len(keys), entries)
    col.close()
    return path


def _revlog_type(kind: ReviewKind, prev: FsrsState) -> int:
    if kind is ReviewKind.RESET:
        return 4
    if kind is ReviewKind.CRAM:
        return 3
    return _TYPES[prev]


def compare(svc: Services, db: Path, decks: Path, collection: Path, runs: int) -> dict[str, Any]:
    """Times both from the shell, taking turns, and compares what they fit and report.

    Both run from bytecode, as installed code does: Anki's modules are compiled at install,
    while tandem from a source checkout would compile all its modules on every run when
    PYTHONDONTWRITEBYTECODE is set (about half a CPU-second). The bytecode goes to a temporary
    folder and is written by a first run of each, not timed.
    """
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=cache)
        return _compare(svc, db, decks, collection, runs, env)


def _compare(
    svc: Services, db: Path, decks: Path, collection: Path, runs: int, env: dict[str, str]
) -> dict[str, Any]:
    tandem = [sys.executable, "-c", _TANDEM, "--db", str(db), "--decks", str(decks),
              "optimize", "--as", "p0", "--dry-run", "--json"]  # fmt: skip
    anki = [sys.executable, "-c", _ANKI, str(collection)]
    both = [*anki, "evaluate"]
    seconds: dict[str, list[float]] = {"tandem": [], "anki": [], "anki optimize + evaluate": []}
    out = ""
    for run in range(runs + 1):
        for name, command in (("anki", anki), ("tandem", tandem),
                              ("anki optimize + evaluate", both)):  # fmt: skip
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            if run:  # the first run writes the bytecode
                seconds[name].append(time.perf_counter() - start)
            out = done.stdout if name == "tandem" else out
    ours = json.loads(out)
    from anki.collection import Collection

    col = Collection(str(collection))
    theirs = col._backend.compute_fsrs_params(
        search="", current_params=[], ignore_revlogs_before_ms=0, num_of_relearning_steps=1,
        health_check=False,
    )  # fmt: skip
    judged = col._backend.evaluate_params(
        search="", ignore_revlogs_before_ms=0, num_of_relearning_steps=1
    )
    col.close()
    tandem_s, anki_s = statistics.median(seconds["tandem"]), statistics.median(seconds["anki"])
    both_s = statistics.median(seconds["anki optimize + evaluate"])
    return {
        "tandem optimize --dry-run seconds (median, from the shell)": tandem_s,
        "anki compute_fsrs_params seconds (median, from the shell)": anki_s,
        "ratio": tandem_s / anki_s,
        "anki compute_fsrs_params + evaluate_params seconds (median, from the shell)": both_s,
        "ratio to the same work": tandem_s / both_s,
        "items": [ours["items"], theirs.fsrs_items],
        "largest parameter difference": max(
            abs(a - round(b, 4)) for a, b in zip(ours["fitted"], theirs.params, strict=True)
        ),
        "time-series log loss (tandem, anki)": [
            ours["holdout"]["fitted"]["log_loss"],
            judged.log_loss,
        ],  # fmt: skip
        "time-series RMSE(bins) (tandem, anki)": [
            ours["holdout"]["fitted"]["rmse_bins"],
            judged.rmse_bins,
        ],  # fmt: skip
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs seconds": seconds,
    }
