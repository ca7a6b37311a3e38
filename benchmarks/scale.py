"""Benchmark: a heavy user's collection, 100,000 cards and about a million reviews.

Builds the collection once and keeps it (``--cache``, default ``~/.cache/tandem-bench``):
100 deck files of basic cards, a person ``me`` with a synthetic history over every card
(about 9.5 reviews a card), a partner ``bob`` with a shorter one over a tenth of them, and a
fifth of ``me``'s answers graded by ``bob``. A copy of it is brought to this tandem's schema
with the study days worked out, as a first ``stats`` after an upgrade does (timed, rows
"(once)"). Then each command runs in a fresh process on a copy of that (flushed to disk
before timing), ``--repeat`` times, and the table gives the median wall time and the
largest peak resident memory.

``log import`` reads the log ``log export`` wrote into an empty database with the same
decks; ``sync, cold`` syncs ``--sync-cards`` cards in 100 files into an empty database.

Run: ``python benchmarks/scale.py [--cards 100000] [--days 430] [--repeat 3]
[--only NAME ...] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common import write_decks
from tandem.config import resolve_paths
from tandem.scheduling.optimize_fit import DEFAULT_PARAMETERS
from tandem.services import build_services
from tandem.services.optimize.simulate_log import add_synthetic_log
from tandem.storage.db import Store

FILES = 100
"""Deck files the cards are spread over."""
TRUE = (1.0, 3.0, 8.0, 20.0, *DEFAULT_PARAMETERS[4:20], 0.45)
"""The synthetic learner's memory (as in ``optimize.py``)."""


@dataclass(frozen=True)
class Command:
    """One timed command: its arguments after ``tandem`` and what it needs first."""

    name: str
    args: tuple[str, ...]
    setup: str = ""
    """``""``: the built database; ``"log"``: an empty one with the exported log at hand;
    ``"cold"``: an empty database and the big deck folder."""


COMMANDS = (
    Command("stats --as me", ("stats", "--as", "me")),
    Command("stats --as me --with bob", ("stats", "--as", "me", "--with", "bob")),
    Command("report --format html (whole log)", ("report", "--since", "2000-01-01",
                                                  "--format", "html", "-o", "{out}/r.html")),
    Command("report … --level cards", ("report", "--since", "2000-01-01", "--format", "html",
                                       "--level", "cards", "-o", "{out}/r.html")),
    Command("doctor", ("doctor",)),
    Command("backup", ("backup",)),
    Command("optimize --as me --dry-run", ("optimize", "--as", "me", "--dry-run")),
    Command("log export --as me", ("log", "export", "--as", "me", ">{out}/me.jsonl")),
    Command("log import (the export)", ("log", "import", "{log}"), setup="log"),
    Command("sync, cold", ("sync",), setup="cold"),
)  # fmt: skip


def build(folder: Path, cards: int, days: int) -> dict[str, float]:
    """Builds the collection in ``folder`` unless it is there; returns what building took."""
    done = folder / "built.json"
    if done.exists():
        return dict(json.loads(done.read_text()))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    write_decks(folder / "decks", FILES, cards // FILES)
    db = folder / "tandem.db"
    svc = build_services(resolve_paths(db, folder / "decks"), db=Store(db))
    svc.people.add("me")
    svc.people.add("bob")
    start = time.perf_counter()
    svc.sync.run()
    synced = time.perf_counter() - start
    keys = sorted(row.card for row in svc.ctx.states.for_person("me"))
    start = time.perf_counter()
    reviews = add_synthetic_log(svc.ctx, "me", keys, TRUE, days=days, seed=1)
    reviews += add_synthetic_log(svc.ctx, "bob", keys[::10], TRUE, days=days // 2, seed=2)
    logged = time.perf_counter() - start
    svc.close()
    with sqlite3.connect(db) as conn:  # a fifth of me's answers asked by bob, as in a quiz
        conn.execute("UPDATE reviews SET grader = 'bob' WHERE person = 'me' AND seq % 5 = 0")
    figures = {"cards": cards, "reviews": reviews, "sync_s": synced, "log_s": logged}
    done.write_text(json.dumps(figures))
    return figures


_PEAK = """
import atexit, sys
peak_file, sys.argv = sys.argv[1], ["tandem", *sys.argv[2:]]
def _peak():
    status = open("/proc/self/status").read()
    open(peak_file, "w").write(status.split("VmHWM:")[1].split()[0])
atexit.register(_peak)
from tandem.cli import main
main()
"""
"""Runs tandem and writes its peak resident memory (kB, ``VmHWM``) to a file at exit:
``ru_maxrss`` of a child counts the parent's memory at the fork."""


def run_once(args: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Runs ``tandem ARGS`` in a fresh process: wall seconds and peak RSS in MB.

    An argument ``>FILE`` sends the output to FILE (else it is dropped)."""
    out = next((a[1:] for a in args if a.startswith(">")), os.devnull)
    args = [a for a in args if not a.startswith(">")]
    with tempfile.NamedTemporaryFile(suffix=".peak") as peak, open(out, "wb") as stdout:
        start = time.perf_counter()
        proc = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-c", _PEAK, peak.name, *args],
            env=env,
            stdout=stdout,
            stderr=subprocess.PIPE,
            check=False,
        )
        wall = time.perf_counter() - start
        if proc.returncode not in (0, 1):  # stats/doctor may report findings with 1
            raise SystemExit(
                f"tandem {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]!r}"
            )
        return wall, int(Path(peak.name).read_text() or 0) / 1024


def _flushed_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


UPGRADED = "upgraded.db"
"""The built database brought to this tandem's schema, beside the work folder."""


def upgraded(built: Path, target: Path) -> dict[str, float]:
    """A copy of the built database in ``target`` brought to this tandem's schema with its
    study days worked out (``StudyDays.refresh``): what a first ``stats`` does once after
    an upgrade, timed apart from the commands (seconds per step)."""
    _flushed_copy(built / "tandem.db", target)
    start = time.perf_counter()
    store = Store(target)
    figures = {"migrate": time.perf_counter() - start}
    svc = build_services(resolve_paths(target, built / "decks"), db=store)
    for person in ("me", "bob"):
        start = time.perf_counter()
        svc.stats.person(person)
        figures[f"study days of {person}"] = time.perf_counter() - start
    svc.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    return figures


def _prepare(command: Command, built: Path, work: Path, sync_decks: Path) -> dict[str, str]:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = dict(os.environ, TANDEM_HOME=str(work / "home"), TANDEM_DB=str(work / "t.db"))
    env["TANDEM_DECKS"] = str(built / "decks")
    if command.setup == "cold":
        env["TANDEM_DECKS"] = str(sync_decks)
        return env
    if command.setup == "log":
        _empty_with_people(work / "t.db", built / "decks")
        return env
    _flushed_copy(work.parent / UPGRADED, work / "t.db")
    return env


def _empty_with_people(db: Path, decks: Path) -> None:
    svc = build_services(resolve_paths(db, decks), db=Store(db))
    svc.people.add("me")
    svc.people.add("bob")
    svc.sync.run()
    svc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=430)
    parser.add_argument("--sync-cards", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "tandem-bench")
    parser.add_argument("--only", nargs="*", help="run only commands whose name starts so")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    built = options.cache / f"scale-{options.cards}-{options.days}"
    figures = build(built, options.cards, options.days)
    print(f"collection: {figures['cards']:,} cards, {figures['reviews']:,} reviews ({built})")
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sync_decks = root / "sync-decks"
        log = root / "me.jsonl"
        for step, seconds in upgraded(built, root / UPGRADED).items():
            print(f"{'(once) ' + step:<36} {seconds:>8.2f} s", flush=True)
        for command in COMMANDS:
            if options.only and not any(command.name.startswith(o) for o in options.only):
                continue
            if command.setup == "cold" and not sync_decks.exists():
                write_decks(sync_decks, FILES, options.sync_cards // FILES)
            if command.setup == "log" and not log.exists():
                env = _prepare(Command("", ()), built, root / "w", sync_decks)
                run_once(("log", "export", "--as", "me", f">{log}"), env)
            walls, peaks = [], []
            for _ in range(options.repeat):
                env = _prepare(command, built, root / "w", sync_decks)
                args = [a.replace("{out}", str(root / "w")).replace("{log}", str(log))
                        for a in command.args]  # fmt: skip
                wall, peak = run_once(args, env)
                walls.append(wall)
                peaks.append(peak)
            results[command.name] = {"seconds": statistics.median(walls), "peak_mb": max(peaks)}
            print(f"{command.name:<36} {results[command.name]['seconds']:>8.2f} s "
                  f"{results[command.name]['peak_mb']:>8.0f} MB", flush=True)  # fmt: skip
    if options.json:
        options.json.write_text(json.dumps({"collection": figures, "results": results}, indent=2))


if __name__ == "__main__":
    main()
