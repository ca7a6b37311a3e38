"""Items 2 and 3 for the shared review log folder: another device's file is checked line by
line like ``log import`` checks one (a grader who is nobody, a year-1 time), and a link in
the folder is never followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.models import FrozenClock
from tests.logfolder import Machine, laptop_and_desktop, review_json


@pytest.fixture
def pair(tmp_path: Path, clock: FrozenClock) -> tuple[Machine, Machine]:
    """Alice's laptop (sharing) and her desktop, one folder."""
    return laptop_and_desktop(tmp_path, clock)


def test_a_device_file_line_graded_by_nobody_or_dated_year_one_is_skipped(
    pair: tuple[Machine, Machine],
) -> None:
    laptop, desktop = pair
    other = laptop.logs / "alice" / "phone-0000.jsonl"
    other.write_text(
        review_json("r-1") + "\n"
        + review_json("r-2", grader="mallory\x1b]0;x\x07") + "\n"
        + review_json("r-3", at="0001-01-01T00:00:00Z") + "\n"
    )  # fmt: skip
    report = desktop.exchange()
    assert desktop.svc.ctx.reviews.known_ids(["r-1", "r-2", "r-3"]) == {"r-1"}
    assert f"{other}:2: grader: unknown person 'mallory\\x1b]0;x\\x07'; skipped" in report.problems
    assert any(p.startswith(f"{other}:3: at:") for p in report.problems)


def test_a_link_in_the_log_folder_is_not_followed(
    pair: tuple[Machine, Machine], tmp_path: Path
) -> None:
    laptop, desktop = pair
    private = tmp_path / "private.jsonl"
    private.write_text(review_json("secret-1") + "\n")
    (laptop.logs / "alice" / "phone-0000.jsonl").symlink_to(private)
    report = desktop.exchange()
    assert desktop.svc.ctx.reviews.known_ids(["secret-1"]) == set()
    assert any("a symbolic link; not read" in problem for problem in report.problems)
