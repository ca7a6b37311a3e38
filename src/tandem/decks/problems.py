"""Provides the problems found in deck files and the error that carries them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from tandem.models.errors import BadInputError


class Problem(BaseModel):
    """One problem found in a deck file, printed as ``path:line: message``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DeckError(BadInputError):
    """A deck file is invalid; ``problems`` lists everything found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = [str(problem) for problem in self.problems]
        super().__init__("\n".join(lines), details=lines)
