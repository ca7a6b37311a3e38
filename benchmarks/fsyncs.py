"""Provides the count of fsync calls one answer costs, measured with strace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ANSWERS = 30
WORKER = """
import sys
sys.path.insert(0, {here!r})
from sides import AnkiSide, TandemSide
side = {{"tandem": TandemSide, "anki": AnkiSide}}[sys.argv[1]]()
folder, count = sys.argv[2], int(sys.argv[3])
if side.name == "tandem":
    side.root = __import__("pathlib").Path(folder)
else:
    side.path = folder + "/collection.anki2"
side.open()
done = 0
for _ in range(count):
    card = side.next_card()
    if card is None:
        break
    side.answer(card)
    done += 1
side.close()
print(done)
"""


def fsyncs_per_answer(side: str, folder: Path) -> float | None:
    """fsync + fdatasync calls per answer (None when strace is missing)."""
    if shutil.which("strace") is None:
        return None
    (base, _), (synced, answered) = (_count(side, folder, n) for n in (0, ANSWERS))
    return round((synced - base) / answered, 2) if answered else None


def _count(side: str, folder: Path, answers: int) -> tuple[int, int]:
    """(fsync calls, answers made) of one run of the worker."""
    code = WORKER.format(here=str(Path(__file__).parent))
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as trace:
        done = subprocess.run(
            ["strace", "-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", trace.name,
             sys.executable, "-c", code, side, str(folder), str(answers)],
            check=True, capture_output=True, text=True, env=os.environ.copy(),
        )  # fmt: skip
        calls = sum(1 for line in Path(trace.name).read_text().splitlines() if "sync(" in line)
        return calls, int(done.stdout.split()[-1])
