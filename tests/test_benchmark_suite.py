"""The side-by-side benchmark suite runs (tiny sizes), so it cannot rot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_sample_decks

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_tiny_run_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "60", "--rounds", "1",
         "--apkg-notes", "20", "--startup-runs", "1", "--optimize-reviews", "4000",
         "--json", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    table = report["sizes"]["60"]
    for operation in ("open", "first next card after open", "next card in a session", "answer",
                      "answer CPU", "100-answer session", "due counts per deck",
                      "bulk add"):  # fmt: skip
        assert table[operation]["tandem"]["median_ms"] > 0
    assert "import .apkg (20 notes)" in report["import"]
    assert "next card in a session" in done.stdout
    start = report["startup"]
    assert 0 < start["minimal textual app"]["median_s"] < start["tandem review"]["max_s"] * 10
    if "optimize" in report:  # Anki's side runs where anki is installed
        row = report["optimize"]["optimize, from the shell"]
        assert row["tandem"]["median_ms"] > 0
        assert row["agreement"]["largest parameter difference"] < 1e-3
        graphs = report["optimize"]["stats / Anki's graphs"]
        assert graphs["tandem"]["median_ms"] > 0
        assert graphs["anki"]["median_ms"] > 0
        assert "stats / Anki's graphs" in done.stdout


@pytest.mark.slow
def test_keypress_benchmark_runs(tmp_path: Path) -> None:
    # The benchmark reviews the decks beside its folder: a copy of it beside a copy of the
    # sample decks, so what the repository's decks/ holds now does not matter.
    script = tmp_path / "benchmarks" / "keypress.py"
    script.parent.mkdir()
    shutil.copy2(ROOT / "benchmarks" / "keypress.py", script)
    copy_sample_decks(tmp_path / "decks")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(script), "--answers", "3"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {line.split("  ")[0] for line in done.stdout.splitlines()[1:]}
    assert {"screen, space", "screen, 3", "app, 3"} <= rows


@pytest.mark.slow
def test_scale_benchmark_times_every_command(tmp_path: Path) -> None:
    out = tmp_path / "scale.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--cards", "300", "--days", "60",
         "--sync-cards", "300", "--repeat", "1", "--cache", str(tmp_path / "cache"),
         "--json", str(out)],
        capture_output=True, text=True, env=env, timeout=300, cwd=ROOT / "benchmarks",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert report["collection"]["cards"] == 300
    assert report["collection"]["reviews"] > 300
    names = {"stats --as me", "stats --as me --with bob", "doctor", "log export --as me",
             "log import (the export)", "sync, cold", "optimize --as me --dry-run",
             "backup"}  # fmt: skip
    assert names <= report["results"].keys()
    for figures in report["results"].values():
        assert figures["seconds"] > 0
        assert figures["peak_mb"] > 10  # read from the child's own VmHWM


def test_sync_sql_benchmark_lists_the_statements_of_a_cold_sync() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "sync_sql.py"), "--files", "3",
         "--cards-per-file", "20", "--top", "50"],
        capture_output=True, text=True, env=env, timeout=300, cwd=ROOT / "benchmarks",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "cold sync of 60 cards in 3 files, 2 people" in done.stdout
    assert "(many) INSERT INTO notes" in done.stdout
    assert "INSERT INTO card_state" in done.stdout
