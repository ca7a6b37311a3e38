"""``tandem init``: what it writes into a team deck repository, and what it never touches."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from tandem.cli import cli
from tandem.decks.writer import format_text

FILES = [
    "decks/README.md",
    "decks/.tandemignore",
    ".pre-commit-config.yaml",
    ".github/workflows/decks.yml",
    ".gitattributes",
]


def init(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["init", *args])
    assert result.exit_code == 0, result.output
    return result


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git/" not in str(p.relative_to(root)) + "/"
    }


def test_a_new_folder_gets_every_file_and_the_git_commands_to_run(tmp_path: Path) -> None:
    root = tmp_path / "team"
    result = init(str(root))
    assert result.output == (
        "created  decks/\n"
        + "".join(f"created  {name}\n" for name in FILES)
        + "not in a git work tree: after git init, wire the merge driver with\n"
        "  git config merge.tandem.name 'tandem: deck files merged card by card'\n"
        "  git config merge.tandem.driver 'tandem merge-file %O %A %B %P'\n"
    )
    assert sorted(snapshot(root)) == sorted(FILES)
    assert (root / ".gitattributes").read_text() == "decks/**/*.md merge=tandem\n"
    workflow = (root / ".github/workflows/decks.yml").read_text()
    assert "      - run: tandem check --require-ids --format github\n" in workflow
    assert "      - run: tandem fmt --check\n" in workflow
    assert '      - run: python -m pip install "tandem==0.1.0"\n' in workflow
    hooks = (root / ".pre-commit-config.yaml").read_text()
    for hook in ("tandem-ids", "tandem-fmt", "tandem-check"):
        assert f"      - id: {hook}\n" in hooks
    assert "        entry: tandem check --require-ids\n" in hooks
    readme = (root / "decks/README.md").read_text()
    assert format_text(readme) == readme  # tandem fmt --check passes on it, no card in it
    assert not (root / ".git").exists()


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    init(str(tmp_path))
    before = snapshot(tmp_path)
    config = (tmp_path / ".git/config").read_bytes()
    result = init(str(tmp_path))
    assert result.output == "".join(
        f"kept  {name}\n"
        for name in [
            "decks/",
            *FILES,
            "git config merge.tandem.name",
            "git config merge.tandem.driver",
        ]
    )
    assert snapshot(tmp_path) == before
    assert (tmp_path / ".git/config").read_bytes() == config


def test_inside_a_repository_the_driver_is_set_in_its_config(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    sub = tmp_path / "teams" / "spanish"
    result = init(str(sub))
    assert "set      git config merge.tandem.driver\n" in result.output
    assert git(sub, "config", "--get", "merge.tandem.driver") == "tandem merge-file %O %A %B %P"
    assert (
        git(sub, "config", "--get", "merge.tandem.name") == "tandem: deck files merged card by card"
    )
    assert (sub / ".gitattributes").is_file()


def test_existing_files_and_settings_are_kept(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    git(tmp_path, "config", "merge.tandem.driver", "python -m tandem merge-file %O %A %B %P")
    (tmp_path / ".gitattributes").write_bytes(b"*.png binary")
    (tmp_path / ".pre-commit-config.yaml").write_bytes(b"repos: []\n")
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "README.md").write_bytes(b"Our own readme.\n")
    result = init(str(tmp_path))
    assert "kept      decks/README.md\n" in result.output
    assert "kept      .pre-commit-config.yaml\n" in result.output
    assert "added to  .gitattributes\n" in result.output
    assert "kept      git config merge.tandem.driver\n" in result.output
    assert (
        tmp_path / ".gitattributes"
    ).read_bytes() == b"*.png binary\ndecks/**/*.md merge=tandem\n"
    assert (tmp_path / ".pre-commit-config.yaml").read_bytes() == b"repos: []\n"
    assert (tmp_path / "decks" / "README.md").read_bytes() == b"Our own readme.\n"
    driver = git(tmp_path, "config", "--get", "merge.tandem.driver")
    assert driver == "python -m tandem merge-file %O %A %B %P"


def test_a_tandem_url_uses_the_shipped_hooks_and_installs_from_it(tmp_path: Path) -> None:
    init(str(tmp_path), "--tandem-url", "https://example.org/tandem.git", "--tandem-rev", "v2")
    hooks = (tmp_path / ".pre-commit-config.yaml").read_text()
    assert "  - repo: https://example.org/tandem.git\n    rev: v2\n" in hooks
    assert "        args: [--require-ids]\n" in hooks
    workflow = (tmp_path / ".github/workflows/decks.yml").read_text()
    assert 'pip install "git+https://example.org/tandem.git@v2"\n' in workflow


def test_a_url_that_would_break_the_files_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--tandem-url", 'x"\n#'])
    assert result.exit_code == 2
    assert "--tandem-url" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_shipped_hooks_are_the_three_tandem_commands() -> None:
    manifest = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text()
    for hook, entry in (
        ("tandem-ids", "tandem fmt --ids"),
        ("tandem-fmt", "tandem fmt"),
        ("tandem-check", "tandem check"),
    ):
        block = manifest.split(f"- id: {hook}\n", 1)[1].split("- id:", 1)[0]
        assert f"  entry: {entry}\n" in block
        assert "  language: python\n" in block
        assert "  pass_filenames: true\n" in block
