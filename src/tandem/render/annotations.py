"""Provides problems in deck files as GitHub Actions annotations (``::error file=…::…``).

A CI that runs ``tandem check --format github`` shows each problem on the line of the diff
it is about. The escaping follows GitHub's workflow-command rules (``@actions/core``'s
``escapeData`` and ``escapeProperty``): ``%``, carriage return and line feed everywhere, and
``:`` and ``,`` in a property, where they would end the value.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from tandem.decks.problems import Problem

_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def github_annotations(problems: Iterable[Problem], cwd: Path | None = None) -> list[str]:
    """One ``::error file=PATH,line=N::MESSAGE`` line per problem.

    Args:
        problems: what ``tandem check`` found.
        cwd: the folder paths are made relative to (the repository root, where a CI
            runs); by default the working directory. A path outside it stays as it is.
    """
    base = Path(os.path.abspath(cwd if cwd is not None else Path.cwd()))
    return [annotation(_relative(p.path, base), p.line, p.message) for p in problems]


def annotation(path: str, line: int, message: str) -> str:
    """One error annotation, its path and message escaped."""
    return f"::error file={path.translate(_PROPERTY)},line={line}::{message.translate(_DATA)}"


def _relative(path: str, base: Path) -> str:
    full = Path(os.path.abspath(path))
    try:
        return full.relative_to(base).as_posix()
    except ValueError:
        return path
