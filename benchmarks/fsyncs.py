"""Provides the count of fsync calls one answer costs, measured with strace.

The worker marks the start and the end of its answers with a ``getppid`` call, so only the
fsyncs made while answering count (not those of opening, or of the checkpoint at close).
Enough answers are made that the WAL's automatic checkpoints (every 1,000 pages) are in it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ANSWERS = 200
WORKER = """
import os, sys
sys.path.insert(0, {here!r})
from sides import AnkiSide, TandemSide
side = {{"tandem": TandemSide, "anki": AnkiSide}}[sys.argv[1]]()
folder, count = sys.argv[2], int(sys.argv[3])
if side.name == "tandem":
    side.root = __import__("pathlib").Path(folder)
else:
    side.path = folder + "/collection.anki2"
side.open()
side.next_card()
done = 0
os.getppid()  # start mark
for _ in range(count):
    card = side.next_card()
    if card is None:
        break
    side.answer(card)
    done += 1
os.getppid()  # end mark
side.close()
print(done)
"""


def fsyncs_per_answer(side: str, folder: Path) -> float | None:
    """fsync + fdatasync calls per answer (None when strace is missing)."""
    if shutil.which("strace") is None:
        return None
    synced, answered = _count(side, folder, ANSWERS)
    return round(synced / answered, 3) if answered else None


def _count(side: str, folder: Path, answers: int) -> tuple[int, int]:
    """(fsync calls between the marks, answers made) of one run of the worker."""
    code = WORKER.format(here=str(Path(__file__).parent))
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as trace:
        done = subprocess.run(
            ["strace", "-f", "-qq", "-e", "trace=fsync,fdatasync,getppid", "-o", trace.name,
             sys.executable, "-c", code, side, str(folder), str(answers)],
            check=True, capture_output=True, text=True, env=os.environ.copy(),
        )  # fmt: skip
        lines = Path(trace.name).read_text().splitlines()
        marks = [number for number, line in enumerate(lines) if "getppid(" in line]
        between = lines[marks[0] : marks[-1]] if len(marks) >= 2 else []
        calls = sum(1 for line in between if "sync(" in line)
        return calls, int(done.stdout.split()[-1])
