"""The merge driver in real git: a bare team repository, two clones, pulls in both orders."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from tandem.cli import cli

from .gitrepo import clone_with_driver, git, run_git

HEAD = '+++\ntitle = "Git"\n+++\n\nWhat we covered.'
ONE = "Q: What does git rebase do?\nA: Replays commits.\n<!-- id: aaaa1111 · by: alice -->"
TWO = "Q: What does git reflog show?\nA: Where HEAD has been.\n<!-- id: bbbb2222 · by: bob -->"


def card(n: str, who: str) -> str:
    return f"Q: question {n}\nA: answer {n}\n<!-- id: {n} · by: {who} -->"


def deck(*blocks: str) -> str:
    return "\n\n".join([HEAD, *blocks]) + "\n"


def team(tmp_path: Path) -> tuple[Path, Path]:
    """A team repository made by ``tandem init``, with one deck, cloned twice (driver set)."""
    remote = tmp_path / "team.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    first = tmp_path / "first"
    git(tmp_path, "clone", "-q", str(remote), str(first))
    result = CliRunner().invoke(cli, ["init", str(first)])
    assert result.exit_code == 0, result.output
    (first / "decks" / "git.md").write_text(deck(ONE, TWO))
    git(first, "add", "-A")
    git(first, "commit", "-qm", "a team deck")
    git(first, "push", "-q", "origin", "HEAD:main")
    clones = []
    for name in ("alice", "bob"):
        clones.append(clone_with_driver(remote, tmp_path / name))
    return clones[0], clones[1]


def commit(clone: Path, text: str, message: str) -> None:
    (clone / "decks" / "git.md").write_text(text)
    git(clone, "commit", "-qam", message)


def pull(clone: Path) -> subprocess.CompletedProcess[str]:
    return run_git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")


def test_cards_added_by_both_merge_clean_in_both_orders(tmp_path: Path) -> None:
    alice, bob = team(tmp_path)
    one_edited = ONE.replace("Replays commits.", "Replays commits onto another base.")
    # Round 1: alice pushes first, bob's pull merges.
    commit(alice, deck(one_edited, TWO, card("a1a1a1a1", "alice")), "alice: a card, an edit")
    commit(bob, deck(ONE, TWO, card("b1b1b1b1", "bob")), "bob: a card")
    git(alice, "push", "-q", "origin", "HEAD:main")
    assert pull(bob).returncode == 0
    git(bob, "push", "-q", "origin", "HEAD:main")
    assert pull(alice).returncode == 0
    # The one who merges (bob) keeps his order: his new card, then the one he pulled.
    round_one = deck(one_edited, TWO, card("b1b1b1b1", "bob"), card("a1a1a1a1", "alice"))
    for clone in (alice, bob):
        assert (clone / "decks" / "git.md").read_text() == round_one
    # Round 2: bob pushes first (he edits a card and adds one), alice's pull merges.
    two_edited = TWO.replace("Where HEAD has been.", "Where HEAD has been, for 90 days.")
    commit(bob, round_one.replace(TWO, two_edited) + "\n" + card("b2b2b2b2", "bob") + "\n", "bob")
    commit(alice, round_one + "\n" + card("a2a2a2a2", "alice") + "\n", "alice: another card")
    git(bob, "push", "-q", "origin", "HEAD:main")
    assert pull(alice).returncode == 0
    git(alice, "push", "-q", "origin", "HEAD:main")
    assert pull(bob).returncode == 0
    final = deck(
        one_edited,
        two_edited,
        card("b1b1b1b1", "bob"),
        card("a1a1a1a1", "alice"),
        card("a2a2a2a2", "alice"),
        card("b2b2b2b2", "bob"),
    )
    for clone in (alice, bob):
        assert (clone / "decks" / "git.md").read_text() == final
        assert git(clone, "status", "--porcelain") == ""
    assert git(alice, "log", "--merges", "--oneline").count("\n") == 2


def test_one_card_edited_by_both_is_the_only_conflict(tmp_path: Path) -> None:
    alice, bob = team(tmp_path)
    mine, yours = ONE.replace("commits.", "commits (mine)."), ONE.replace("commits.", "(yours)")
    commit(alice, deck(mine, TWO, card("a1a1a1a1", "alice")), "alice")
    commit(bob, deck(yours, TWO), "bob")
    git(alice, "push", "-q", "origin", "HEAD:main")
    done = pull(bob)
    assert done.returncode != 0
    assert "decks/git.md:7: conflict: card aaaa1111 changed on both sides" in done.stderr
    markers = f"<<<<<<< ours\n{yours}\n=======\n{mine}\n>>>>>>> theirs"
    assert (bob / "decks" / "git.md").read_text() == deck(markers, TWO, card("a1a1a1a1", "alice"))
    assert "UU decks/git.md" in git(bob, "status", "--porcelain")
