"""``tandem stats`` and ``tandem report`` on the command line (frozen clock, fixture team)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tandem.cli import cli
from tandem.cli.common import CliState
from tandem.models import FrozenClock
from tandem.services import Services

from .test_stats import build_team


@pytest.fixture
def team(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    svc = build_team(tmp_path, clock)
    yield svc
    svc.close()


def run(team: Services, *args: str) -> Result:
    """Runs the CLI on the fixture's services (so "today" is the frozen clock's)."""
    return CliRunner().invoke(cli, list(args), obj=CliState(services=team))


def test_stats_text(team: Services) -> None:
    result = run(team, "stats", "--as", "alice")
    assert result.exit_code == 0, result.output
    assert "alice: study day 2026-03-04" in result.output
    assert "streak: 3 days" in result.output
    assert "7 days: all 60.0% (3/5); young 75.0% (3/4); mature 0.0% (0/1)" in result.output
    assert "1 lapse  aaaa0001  el perro" in result.output


def test_stats_json_schema(team: Services) -> None:
    result = run(team, "stats", "--as", "alice", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {
        "schema", "person", "today", "counts", "streak", "activity", "forecast",
        "retention", "hardest", "calibration",
    }  # fmt: skip
    assert data["counts"] == {"total": 6, "new": 1, "learning": 0, "review": 4,
                              "relearning": 1, "suspended": 0, "buried": 0, "leech": 0}  # fmt: skip
    assert data["streak"] == {"days": 3, "last_day": "2026-03-04", "studied_today": True}
    assert data["activity"]["reviews"] == 18
    assert data["activity"]["days"][-1] == {
        "date": "2026-03-04",
        "reviews": 1,
        "cram": 0,
        "duration_ms": 2000,
    }
    assert len(data["activity"]["days"]) == 12
    assert len(data["forecast"]) == 30
    assert data["retention"][0]["young"] == {"reviews": 4, "passed": 3, "rate": 0.75}
    assert data["retention"][2]["all"]["passed"] == 6
    assert data["calibration"]["generous"] == 3
    assert data["hardest"][0]["key"] == "aaaa0001"


def test_stats_with_partner(team: Services) -> None:
    result = run(team, "stats", "--as", "alice", "--with", "bob", "--json")
    pair = json.loads(result.output)["pair"]
    assert pair["only_a_knows"]["count"] == 1
    assert pair["only_a_knows"]["cards"][0]["key"] == "bbbb0001"
    assert pair["both_missing"]["cards"][0]["again"] == 4
    text = run(team, "stats", "--as", "alice", "--with", "bob").output
    assert "only alice knows: 1" in text
    assert "both keep missing: 1" in text


def test_stats_errors(team: Services) -> None:
    assert run(team, "stats", "--as", "zed").exit_code == 65
    assert run(team, "stats").exit_code == 2


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_report_formats_to_stdout(team: Services, fmt: str) -> None:
    result = run(team, "report", "--format", fmt, "--since", "2026-02-26", "--until", "2026-03-04")
    assert result.exit_code == 0, result.output
    assert "alice" in result.output
    assert "2026-02-26" in result.output


def test_report_to_file_with_levels(team: Services, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    args = ["report", "--format", "csv", "-o", str(out), "--since", "2026-02-26"]
    result = run(team, *args, "--level", "cards")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert ["card", "alice", "", "", "aaaa0002", "again", "2"] in rows
    assert ["report", "", "", "", "", "until", "2026-03-04"] in rows
    run(team, *args, "--level", "totals")
    totals = out.read_text(encoding="utf-8")
    assert ",card," not in totals
    assert ",topic," not in totals


def test_report_html_file(team: Services, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(team, "report", "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "2026-02-03 to 2026-03-04" in html
    assert "<script src" not in html


def test_report_bad_dates(team: Services, tmp_path: Path) -> None:
    assert run(team, "report", "--since", "2026-13-01").exit_code == 2
    refused = run(team, "report", "--since", "2026-03-05", "--until", "2026-03-04")
    assert refused.exit_code == 65
    assert "is after" in refused.output
    missing = run(team, "report", "-o", str(tmp_path / "no" / "such" / "r.md"))
    assert missing.exit_code == 74


def test_commands_build_their_own_services() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["people", "add", "alice"]).exit_code == 0
    result = runner.invoke(cli, ["stats", "--as", "alice", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["activity"]["reviews"] == 0
    assert runner.invoke(cli, ["report", "--format", "md"]).exit_code == 0
