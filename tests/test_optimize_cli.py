"""``tandem optimize``: the report, --json, --dry-run, and the refusal's exit code."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.services import Services

from .test_optimize_service import studied


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_report_shows_the_figures_and_saves(runner: CliRunner, svc: Services) -> None:
    studied(svc)
    result = runner.invoke(cli, ["optimize", "--as", "alice", "--retention"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "FSRS defaults" in out
    assert "fitted on earlier" in out
    assert "log loss" in out
    assert "RMSE(bins)" in out
    assert "Saved the fitted parameters" in out
    assert "0.90" in out
    assert "← now" in out
    assert svc.ctx.people.settings("alice").parameters is not None  # saved by the CLI


def test_json_dry_run(runner: CliRunner, svc: Services) -> None:
    studied(svc)
    result = runner.invoke(cli, ["optimize", "--as", "alice", "--json", "--dry-run"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is True
    assert data["saved"] is False
    assert data["better"] is True
    assert data["holdout"]["fitted"]["log_loss"] < data["holdout"]["default"]["log_loss"]
    assert {"log_loss", "rmse_bins", "items"} == set(data["history_fitted"])
    assert len(data["fitted"]) == 21
    assert data["advice"] is None  # no --retention: no simulation
    assert svc.ctx.people.settings("alice").parameters is None
    again = runner.invoke(cli, ["optimize", "--as", "alice", "--json", "--dry-run", "--retention"])
    rows = json.loads(again.stdout)["advice"]["rows"]
    assert [row["retention"] for row in rows] == [0.8, 0.85, 0.9, 0.95]


def test_too_few_reviews_exits_1_with_a_clear_message(runner: CliRunner, svc: Services) -> None:
    svc.people.add("alice")
    result = runner.invoke(cli, ["optimize", "--as", "alice"])
    assert result.exit_code == 1
    assert "alice has 0 usable reviews (of 0); optimizing needs at least 400" in result.stderr


def test_unknown_person(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["optimize", "--as", "nobody", "--json"])
    assert result.exit_code == 65
    assert "no person named 'nobody'" in result.stderr


def test_the_daily_backup_is_made_only_by_a_run_that_saves(
    runner: CliRunner, svc: Services
) -> None:
    """The day's backup comes before the first write; a dry run, or a run whose fit is not
    better (here: the parameters are already the fitted ones), writes nothing and makes none."""
    import shutil

    from tandem.storage.db import Store
    from tandem.storage.people import PeopleRepo

    studied(svc)
    dry = runner.invoke(cli, ["optimize", "--as", "alice", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert svc.backups.existing() == []
    saved = runner.invoke(cli, ["optimize", "--as", "alice", "--json"])
    assert json.loads(saved.stdout)["saved"] is True
    assert {"backup", "save"} <= set(json.loads(saved.stdout)["seconds"])
    [made] = svc.backups.existing()
    assert made.reason == "daily"
    backup = Store(made.path)  # made before the parameters were saved
    try:
        assert backup.repo(PeopleRepo).settings("alice").parameters is None
    finally:
        backup.close()
    assert svc.ctx.people.settings("alice").parameters is not None
    shutil.rmtree(svc.backups.folder)  # no backup today any more
    again = runner.invoke(cli, ["optimize", "--as", "alice", "--json"])
    assert json.loads(again.stdout)["saved"] is False
    assert svc.backups.existing() == []
