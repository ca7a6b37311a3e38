"""``tandem merge-file`` as git calls it: files in, the result written into OURS, exit code."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tandem.cli import cli

ONE = "Q: one\nA: 1\n<!-- id: aaaa1111 -->"
TWO = "Q: two\nA: 2\n<!-- id: bbbb2222 -->"
THREE = "Q: three\nA: 3\n<!-- id: cccc3333 -->"


def run(tmp_path: Path, base: bytes, ours: bytes, theirs: bytes) -> tuple[int, str, bytes]:
    paths = []
    for name, data in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f"{name}.tmp"
        path.write_bytes(data)
        paths.append(str(path))
    result = CliRunner().invoke(cli, ["merge-file", *paths, "decks/git.md"])
    return result.exit_code, result.stderr, (tmp_path / "ours.tmp").read_bytes()


def text(*blocks: str) -> bytes:
    return ("\n\n".join(blocks) + "\n").encode()


def test_a_clean_merge_exits_0_with_the_result_in_ours(tmp_path: Path) -> None:
    code, err, merged = run(tmp_path, text(ONE), text(ONE, TWO), text(ONE, THREE))
    assert (code, err, merged) == (0, "", text(ONE, TWO, THREE))


def test_a_conflict_exits_1_and_says_where(tmp_path: Path) -> None:
    mine, yours = ONE.replace("A: 1", "A: one"), ONE.replace("A: 1", "A: uno")
    code, err, merged = run(tmp_path, text(ONE, TWO), text(mine, TWO), text(yours, TWO))
    assert code == 1
    assert err == "decks/git.md:1: conflict: card aaaa1111 changed on both sides\n"
    assert merged == f"<<<<<<< ours\n{mine}\n=======\n{yours}\n>>>>>>> theirs\n\n{TWO}\n".encode()


def test_a_file_that_is_not_a_deck_is_merged_as_text_by_git(tmp_path: Path) -> None:
    broken = b"Q: no answer\n\n" + text(ONE, TWO)
    code, err, merged = run(tmp_path, text(ONE, TWO), broken, text(ONE, TWO, THREE))
    assert code == 0
    assert merged == broken + b"\n" + THREE.encode() + b"\n"
    assert err == (
        "tandem: decks/git.md: not merged card by card (decks/git.md:1: Q: without A: "
        "(a basic card needs an answer)); merged as text\n"
    )


def test_a_text_merge_with_conflicts_exits_1_with_gits_markers(tmp_path: Path) -> None:
    code, _, merged = run(tmp_path, b"\xff base\n", b"\xff ours\n", b"\xff theirs\n")
    assert code == 1
    assert merged == b"<<<<<<< ours\n\xff ours\n=======\n\xff theirs\n>>>>>>> theirs\n"


def test_without_git_a_file_that_is_not_a_deck_is_one_conflict_of_both_versions(
    tmp_path: Path,
) -> None:
    paths = []
    for name, data in (("base", b"\xff\n"), ("ours", b"\xff ours"), ("theirs", b"theirs\n")):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    result = CliRunner().invoke(cli, ["merge-file", *paths], env={"PATH": str(tmp_path)})
    assert result.exit_code == 1
    assert (tmp_path / "ours").read_bytes() == (
        b"<<<<<<< ours\n\xff ours\n=======\ntheirs\n>>>>>>> theirs\n"
    )
