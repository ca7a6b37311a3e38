"""``tandem review`` starts without click when its options are the usual ones."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tandem.cli.review_start import review_arguments
from tandem.services import Services

from .conftest import add_notes

# Runs ``tandem.cli.main`` with the arguments given, the app's ``run`` replaced by a line
# saying what it would show and whether click had been imported by then.
MAIN = """
import sys
import tandem.tui.app as app
def run(self, **_):
    print(self.review_as, self.review_search, self.review_cram, "click" in sys.modules)
app.TandemApp.run = run
sys.argv = ["tandem", *sys.argv[1:]]
from tandem.cli import main
main()
"""


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", MAIN, *args], capture_output=True, text=True,
                          timeout=120)  # fmt: skip


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (["review", "--as", "me"], {"person": "me"}),
        (
            ["review", "--as=me", "--cram", "--deck", "es*"],
            {"person": "me", "cram": True, "deck": "es*"},
        ),  # fmt: skip
        (
            ["review", "--tag", "verbs", "--as", "me", "--search=is:new"],
            {"person": "me", "tag": "verbs", "search": "is:new"},
        ),  # fmt: skip
        (
            ["review", "--as", "me", "--db", "x.db", "--decks", "d"],
            {"person": "me", "db": "x.db", "decks": "d"},
        ),  # fmt: skip
    ],
)
def test_the_usual_review_options_are_read_without_click(
    args: list[str], found: dict[str, object]
) -> None:
    assert review_arguments(args) == found


@pytest.mark.parametrize(
    "args",
    [
        ["review"],  # --as missing: click says so
        ["review", "--as"],
        ["review", "--as", "me", "--help"],
        ["review", "--as", "me", "--serach", "x"],
        ["review", "--as", "me", "--as", "you"],
        ["--db", "x.db", "review", "--as", "me"],
        ["stats", "--as", "me"],
        [],
    ],
)
def test_anything_else_is_left_to_click(args: list[str]) -> None:
    assert review_arguments(args) is None


def test_a_database_path_that_is_a_folder_is_left_to_click(tmp_path: object) -> None:
    assert review_arguments(["review", "--as", "me", "--db", str(tmp_path)]) is None


def test_review_opens_the_screen_without_importing_click(svc: Services) -> None:
    svc.people.add("Alice")
    add_notes(svc, 2, deck="spanish.md")
    svc.close()
    done = _main("review", "--as", "alice", "--deck", "spanish.md", "--search", "is:new")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == """Alice (is:new) deck:spanish.md False False"""


def test_the_click_path_still_opens_the_same_review(svc: Services) -> None:
    svc.people.add("Alice")
    svc.close()
    done = _main("review", "--as", "alice", "--cram", "--bogus-option-absent")
    assert done.returncode == 2  # click's usage error
    assert "No such option '--bogus-option-absent'" in done.stderr
    done = _main(
        "--db", os.environ["TANDEM_DB"], "review", "--cram", "--as", "ALICE", "--tag", "verbs"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == """Alice tag:verbs True True"""


def test_an_unknown_person_is_refused_as_click_would(svc: Services) -> None:
    svc.close()
    quick = _main("review", "--as", "nobody")
    assert quick.returncode == 65
    assert quick.stderr == "tandem: no person named 'nobody' (add with: tandem people add)\n"
    assert quick.stdout == ""


def test_a_bad_search_is_refused_before_the_screen_opens(svc: Services) -> None:
    svc.people.add("alice")
    svc.close()
    quick = _main("review", "--as", "alice", "--search", "((")
    assert quick.returncode == 65
    assert quick.stderr.startswith("tandem: search:")
    assert quick.stdout == ""
