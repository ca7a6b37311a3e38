"""``tandem review`` starts without click when its options are the usual ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
    add_notes(svc, 2, deck="verbs.md")
    svc.close()
    done = _main("review", "--as", "alice", "--cram", "--bogus-option-absent")
    assert done.returncode == 2  # click's usage error
    assert "No such option '--bogus-option-absent'" in done.stderr
    done = _main(
        "--db", os.environ["TANDEM_DB"], "review", "--cram", "--as", "ALICE", "--deck", "verbs*"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == """Alice deck:verbs* True True"""


@pytest.mark.parametrize("click_path", [False, True])
def test_a_focused_review_with_nothing_to_study_says_so_and_opens_no_screen(
    svc: Services, click_path: bool
) -> None:
    """A deck, tag or search that matches nothing, or nothing due, or nothing left to cram:
    one line on stderr saying which, exit 0 (nothing to do), and no screen."""
    svc.people.add("alice")
    add_notes(svc, 2, deck="spanish.md")
    svc.cards.suspend("alice", "deck:spanish.md")
    add_notes(svc, 1, deck="git.md", prefix="g")
    (later,) = add_notes(svc, 1, deck="later.md", prefix="l")
    far = svc.cards.due_on("alice", days=36_000)  # after any real now (the CLI runs on it)
    svc.cards.set_due("alice", [later], far)
    svc.close()
    before = ("--db", os.environ["TANDEM_DB"]) if click_path else ()
    cases = [
        (("--deck", "nope"), "tandem: no card matches deck:nope: nothing to review"),
        (("--tag", "verbs"), "tandem: no card matches tag:verbs: nothing to review"),
        (
            ("--search", "zebra", "--deck", "git*"),
            "tandem: no card matches (zebra) deck:git*: nothing to review",
        ),
        (
            ("--deck", "later.md"),
            "tandem: nothing is due for alice among the cards deck:later.md matches: nothing "
            "to review (--cram studies them anyway)",
        ),
        (  # not "--cram studies them": cramming leaves suspended cards out too
            ("--deck", "spanish.md"),
            "tandem: every card deck:spanish.md matches is suspended or buried for alice: "
            "nothing to review (tandem cards unsuspend/unbury)",
        ),
        (
            ("--deck", "spanish.md", "--cram"),
            "tandem: every card deck:spanish.md matches is suspended or buried for alice: "
            "nothing to cram (tandem cards unsuspend/unbury)",
        ),
    ]
    for options, told in cases:
        done = _main(*before, "review", "--as", "alice", *options)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", told + "\n"), options
    opened = _main(*before, "review", "--as", "alice", "--deck", "git*")
    assert opened.stdout.startswith("alice deck:git* False")  # a card to show: the screen


def test_a_deck_file_not_synced_yet_is_synced_before_it_is_found_empty(svc: Services) -> None:
    svc.people.add("alice")
    svc.close()
    decks = Path(os.environ["TANDEM_DECKS"])
    decks.mkdir(parents=True, exist_ok=True)
    (decks / "fresh.md").write_text("Q: uno\nA: one\n")  # the screen would sync it first
    fresh = _main("review", "--as", "alice", "--deck", "fresh.md")
    assert fresh.stdout.startswith("alice deck:fresh.md False"), fresh.stderr


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


def test_the_screen_gets_the_sitting_that_found_its_first_card(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check reads the first card of a focused sitting; the screen takes that sitting
    (its read-ahead holds the card), so a focused review reads it once."""
    import tandem.tui
    from tandem.cli.review_start import start_review

    svc.people.add("alice")
    add_notes(svc, 2, deck="spanish.md")
    opened: dict[str, object] = {}
    monkeypatch.setattr(tandem.tui, "run_app", lambda _svc, **options: opened.update(options))
    start_review(svc, "alice", None, "spanish.md", None, False, print)
    session = opened["review_session"]
    assert opened["review_search"] == "deck:spanish.md"
    assert session is not None
    card = session.next_card()  # type: ignore[attr-defined]
    assert card is not None
    assert card.key == "n0000"
    opened.clear()
    start_review(svc, "alice", None, None, None, False, print)  # no focus: the screen's own
    assert opened["review_session"] is None


# ``tandem review`` up to the screen's start: which of the modules a plain card does not
# need were loaded by then.
UNTIL_RUN = """
import sys
import tandem.tui.app as app
def run(self, **_):
    print(*sorted({"markdown_it", "textual.widgets._markdown", "click"} & set(sys.modules)))
app.TandemApp.run = run
sys.argv = ["tandem", *sys.argv[1:]]
from tandem.cli import main
main()
"""


def test_review_starts_its_screen_without_markdown(svc: Services) -> None:
    # Markdown comes with the first card that has some (the one here is plain), also when
    # the decks folder has media (the terminal is asked how it draws images: no terminal here).
    svc.people.add("alice")
    add_notes(svc, 2, deck="spanish.md")
    (svc.paths.decks / "media").mkdir(parents=True, exist_ok=True)
    svc.close()
    done = subprocess.run([sys.executable, "-c", UNTIL_RUN, "review", "--as", "alice"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
