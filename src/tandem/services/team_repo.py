"""Provides ``tandem init``: a folder made ready to be a team's deck repository in git.

It writes only what is missing (a file that exists is kept as it is, a line already in
``.gitattributes`` is not added again), so running it twice changes nothing. The files it
writes come from ``team_files/``, package data shipped with tandem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tandem import __version__
from tandem.config.files import write_atomically
from tandem.decks.worktree import run_git
from tandem.models import StorageError

ATTRIBUTES_LINE = "decks/**/*.md merge=tandem"
DRIVER = "tandem merge-file %O %A %B %P"
DRIVER_NAME = "tandem: deck files merged card by card"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class Step:
    """What ``init`` did with one file or setting: created, added, kept, or set."""

    what: str
    outcome: str


@dataclass
class InitReport:
    """The steps taken; ``git_commands`` are the commands to run when DIR is not in git."""

    steps: list[Step] = field(default_factory=list)
    git_commands: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Shipped:
    """Where teams get tandem's pre-commit hooks and CI install from (``None``: unknown)."""

    url: str | None = None
    rev: str = f"v{__version__}"


def init_repository(root: Path, shipped: Shipped | None = None) -> InitReport:
    """Makes ``root`` ready to hold a team's decks (see the module doc).

    Raises:
        StorageError: a file or folder could not be written.
    """
    shipped = shipped or Shipped()
    values = {
        "version": __version__,
        "url": shipped.url or "",
        "rev": shipped.rev,
        "install": f"git+{shipped.url}@{shipped.rev}" if shipped.url else f"tandem=={__version__}",
    }
    report = InitReport()
    decks = root / "decks"
    report.steps.append(Step("decks/", _make_folder(decks)))
    pre_commit = "pre-commit-shipped.yaml" if shipped.url else "pre-commit-local.yaml"
    for name, template in (
        ("decks/README.md", "decks-readme.md"),
        ("decks/.tandemignore", "tandemignore"),
        (".pre-commit-config.yaml", pre_commit),
        (".github/workflows/decks.yml", "decks-workflow.yml"),
    ):
        report.steps.append(Step(name, _create(root / name, _template(template, values))))
    report.steps.append(Step(".gitattributes", _add_line(root / ".gitattributes", ATTRIBUTES_LINE)))
    _configure_git(root, report)
    return report


def template_text(name: str) -> str:
    """The text of one of the shipped files in ``team_files/``, placeholders unfilled."""
    return resources.files("tandem.services").joinpath("team_files", name).read_text("utf-8")


def _template(name: str, values: dict[str, str]) -> str:
    # ``{{name}}``, not ``$name``: the files hold regexes and shell text with ``$`` in them.
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template_text(name))


def _make_folder(path: Path) -> str:
    if path.is_dir():
        return "kept"
    try:
        path.mkdir(parents=True)
    except OSError as error:
        raise StorageError(f"cannot create {path}: {error.strerror or error}") from None
    return "created"


def _create(path: Path, text: str) -> str:
    """Writes a new file; one that exists (even empty) is the team's own and stays."""
    if path.exists() or path.is_symlink():
        return "kept"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:  # "x": never over a file
            out.write(text)
    except FileExistsError:
        return "kept"
    except OSError as error:
        raise StorageError(f"cannot write {path}: {error.strerror or error}") from None
    return "created"


def _add_line(path: Path, line: str) -> str:
    """Appends ``line`` unless the file has it already (spaces around it aside)."""
    if not path.exists():
        return _create(path, line + "\n")
    data = path.read_bytes()
    if line in (existing.strip() for existing in data.decode("utf-8", "replace").splitlines()):
        return "kept"
    separator = b"" if not data or data.endswith(b"\n") else b"\n"
    write_atomically(path, data + separator + line.encode() + b"\n")
    return "added to"


def _configure_git(root: Path, report: InitReport) -> None:
    """Sets the merge driver in the repository's own config, or says how to."""
    settings = (("merge.tandem.name", DRIVER_NAME), ("merge.tandem.driver", DRIVER))
    if _git(root, "rev-parse", "--is-inside-work-tree") != "true":
        report.git_commands = [["git", "config", key, value] for key, value in settings]
        return
    for key, value in settings:
        if _git(root, "config", "--local", "--get", key) is not None:
            report.steps.append(Step(f"git config {key}", "kept"))
        elif _git(root, "config", "--local", key, value) is None:
            raise StorageError(f"git config {key} failed in {root}")
        else:
            report.steps.append(Step(f"git config {key}", "set"))


def _git(root: Path, *args: str) -> str | None:
    """Runs git in ``root``: its output, or ``None`` when it fails or git is missing."""
    done = run_git(*args, cwd=root)
    if done is None or done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace").strip()
