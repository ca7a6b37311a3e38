"""`tandem log import --skip-unknown`: one line on a card not here no longer refuses a log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.models import BadInputError, FrozenClock
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .conftest import add_notes


def _line(rid: str, card: str, at: str, rating: int = 3, **more: object) -> str:
    line = {"id": rid, "card": card, "person": "alice", "rating": rating,
            "at": f"2026-03-0{at}Z", "grader": "alice", **more}  # fmt: skip
    return json.dumps(line)


LOG = [
    _line("r1", "n0000", "1T10:00:00"),
    _line("r2", "wsrysr80", "1T10:05:00"),  # the other clone's id for the same card
    _line("r3", "n0001", "1T10:10:00"),  # a retired card: history is kept
    "{not json",
    _line("r4", "n0000", "2T10:00:00", rating=9),
    _line("r5", "n0000", "3T10:00:00", grader="carol"),
    _line("r1", "n0000", "1T10:00:00", rating=1),  # r1 again, other content
    _line("r6", "n0000", "3T10:00:00", rating=4),
]


@pytest.fixture
def alice(tmp_path: Path, clock: FrozenClock) -> Services:
    svc = build_services(resolve_paths(), db=Store(tmp_path / "tandem.db"), clock=clock)
    svc.people.add("alice")
    add_notes(svc, 2)
    with svc.ctx.store.write():
        svc.catalog.retire_note("n0001")
    return svc


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "alice.jsonl"
    path.write_text("\n".join(LOG) + "\n")
    return path


def test_without_the_flag_nothing_is_imported_and_the_flag_is_named(
    alice: Services, log: Path
) -> None:
    with pytest.raises(BadInputError) as raised:
        alice.log.import_file(log)
    assert raised.value.message == (
        f"{log}: 5 bad line(s); nothing was imported (--skip-unknown imports the others)"
    )
    assert raised.value.details[0] == f"{log}:2: card: unknown card 'wsrysr80'"
    assert alice.ctx.reviews.count() == 0


def test_skip_unknown_imports_the_rest_and_counts_what_it_left_out(
    alice: Services, log: Path
) -> None:
    result = alice.log.import_file(log, skip_unknown=True)
    assert (result.added, result.skipped, result.refused) == (3, 0, 5)
    assert result.problems == (
        f"{log}:2: card: unknown card 'wsrysr80'",
        f"{log}:4: not JSON: Expecting property name enclosed in double quotes",
        f"{log}:5: rating: Input should be less than or equal to 4",
        f"{log}:6: grader: unknown person 'carol'",
        f"{log}:7: id: 'r1' also on line 1 with other content",
    )
    landed = {r.id: (r.card, r.rating) for r in alice.ctx.reviews.for_person("alice")}
    assert landed == {"r1": ("n0000", 3), "r3": ("n0001", 3), "r6": ("n0000", 4)}
    again = alice.log.import_file(log, skip_unknown=True)
    assert (again.added, again.skipped, again.refused) == (0, 3, 5)


def test_cli_skip_unknown(alice: Services, log: Path) -> None:
    alice.close()
    refused = CliRunner().invoke(cli, ["log", "import", str(log)])
    assert refused.exit_code == 65
    assert "--skip-unknown imports the others" in refused.stderr
    taken = CliRunner().invoke(cli, ["log", "import", "--skip-unknown", str(log)])
    assert taken.exit_code == 0, taken.output
    assert (
        taken.stdout == "3 reviews added, 0 already here, 5 lines left out; 2 card states rebuilt\n"
    )
    assert taken.stderr.splitlines()[0] == f"  {log}:2: card: unknown card 'wsrysr80'"
    as_json = CliRunner().invoke(cli, ["log", "import", "--skip-unknown", "--json", str(log)])
    data = json.loads(as_json.stdout)
    assert (data["added"], data["skipped"], data["refused"], len(data["problems"])) == (0, 3, 5, 5)
