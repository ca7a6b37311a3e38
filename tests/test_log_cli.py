"""tandem logs init/status/trust, people share/unshare, and sync with a log folder."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config.app_file import AppConfig, dump, load
from tandem.config.device import device_id, is_device_id

from .logfolder import write_decks


@pytest.fixture
def runner(tmp_path: Path) -> CliRunner:
    write_decks(tmp_path / "decks")
    runner = CliRunner()
    for args in (["people", "add", "alice"], ["sync"]):
        assert runner.invoke(cli, args).exit_code == 0
    return runner


def _ok(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_logs_init_records_the_folder_and_makes_the_device_once(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = _ok(runner, "logs", "init", str(tmp_path / "team" / "logs"))
    config = tmp_path / "home" / "config"
    device = (config / "device").read_text().strip()
    assert is_device_id(device)
    assert f"this device: {device}" in out
    recorded = tomllib.loads((config / "config.toml").read_text())
    assert recorded == {"logs": {"folder": str(tmp_path / "team" / "logs")}}
    assert (tmp_path / "team" / "logs").is_dir()
    assert device_id(config) == device
    located = json.loads(_ok(runner, "locate", "--json"))
    assert located["logs"] == str(tmp_path / "team" / "logs")


def test_sharing_needs_a_folder_and_a_known_person(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["people", "share", "alice"])
    assert result.exit_code == 66
    assert "tandem logs init DIR" in result.output
    _ok(runner, "logs", "init", str(tmp_path / "logs"))
    assert runner.invoke(cli, ["people", "share", "nobody"]).exit_code == 65
    assert "alice shares (report level topics); 0 reviews published" in _ok(
        runner, "people", "share", "alice"
    )
    status = _ok(runner, "logs", "status")
    assert "alice: shared (topics)" in status
    assert ".jsonl: 0 lines read, this device" in status  # the first sync reads it
    _ok(runner, "people", "unshare", "alice")
    assert "alice: not shared" in _ok(runner, "logs", "status")


def test_sync_reads_and_publishes_and_reports_bad_lines_without_failing(
    runner: CliRunner, tmp_path: Path
) -> None:
    _ok(runner, "logs", "init", str(tmp_path / "logs"))
    _ok(runner, "people", "share", "alice", "--level", "cards")
    phone = tmp_path / "logs" / "alice" / "phone-0000.jsonl"
    phone.write_text('{"id": "p-1", "card": "more0001", "person": "alice", "rating": 3, '
                     '"at": "2026-01-04T10:00:00Z", "grader": "alice"}\nnot json\n')  # fmt: skip
    result = runner.invoke(cli, ["sync"])
    assert result.exit_code == 0, result.output
    assert "reviews: 1 added, 0 taken back, 0 published (2 of 2 files had new lines)" in (
        result.output
    )
    assert f"{phone}:2: not JSON" in result.output
    data = json.loads(_ok(runner, "sync", "--json"))
    assert data["logs"]["added"] == 0
    assert data["added"] == 0  # the deck part, as before
    status = json.loads(_ok(runner, "logs", "status", "--json"))
    assert sorted((f["rel"], f["lines"], f["own"]) for f in status["files"]) == sorted(
        [
            (f"alice/{status['device']}.jsonl", 1, True),
            ("alice/phone-0000.jsonl", 2, False),
        ]
    )


def test_logs_trust_reads_a_rewritten_file_again(runner: CliRunner, tmp_path: Path) -> None:
    _ok(runner, "logs", "init", str(tmp_path / "logs"))
    _ok(runner, "people", "share", "alice")
    phone = tmp_path / "logs" / "alice" / "phone-0000.jsonl"
    line = ('{"id": "p-%d", "card": "more000%d", "person": "alice", "rating": 3, '
            '"at": "2026-01-04T10:0%d:00Z", "grader": "alice"}\n')  # fmt: skip
    phone.write_text(line % (1, 1, 1))
    _ok(runner, "sync")
    phone.write_text(line % (2, 2, 2) + line % (3, 3, 3))
    out = runner.invoke(cli, ["sync"]).output
    assert "its first 1 line(s) changed since they were read; not trusted, not read" in out
    assert "NOT READ" in _ok(runner, "logs", "status")
    out = _ok(runner, "logs", "trust", "alice/phone-0000.jsonl")
    assert "reviews: 2 added" in out
    assert runner.invoke(cli, ["logs", "trust", "alice/nothing.jsonl"]).exit_code == 65


def test_the_logs_table_of_config_toml_round_trips(tmp_path: Path) -> None:
    config = AppConfig(theme="nord", keymap={"review.good": "g"}, logs_folder="/team/logs")
    text = dump(config)
    assert text.endswith('[logs]\nfolder = "/team/logs"\n')
    (tmp_path / "c.toml").write_text(text)
    assert load(tmp_path / "c.toml") == config
    (tmp_path / "c.toml").write_text("[logs]\nfolder = 3\n")
    with pytest.raises(Exception, match="logs.folder: must be the path of a folder"):
        load(tmp_path / "c.toml")


def test_a_device_id_is_made_once_even_by_two_at_a_time(tmp_path: Path) -> None:
    first = device_id(tmp_path / "config")
    assert device_id(tmp_path / "config") == first
    assert os.listdir(tmp_path / "config") == ["device"]
    (tmp_path / "config" / "device").write_text("Not An Id!\n")
    with pytest.raises(Exception, match="is not a device id"):
        device_id(tmp_path / "config")
