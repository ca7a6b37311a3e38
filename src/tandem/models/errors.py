"""Provides tandem's error types, each carrying the exit code of the CLI contract."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the CLI contract (sysexits where one fits)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    DATA = 65
    NO_INPUT = 66
    IO = 74
    BUSY = 75


class TandemError(Exception):
    """An error with a message meant for the user and an exit code."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class BadInputError(TandemError):
    """Input data (a deck file, a log, a package) is invalid; nothing was written."""

    exit_code = ExitCode.DATA


class InvalidFieldsError(BadInputError):
    """Values refused field by field; nothing was saved."""

    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(
            message, details=[f"{name}: {problem}" for name, problem in fields.items()]
        )
        self.fields = fields
        """What is wrong with each field, by field name, in plain words."""


class MissingInputError(TandemError):
    """An input file or folder does not exist."""

    exit_code = ExitCode.NO_INPUT


class ChangedElsewhereError(TandemError):
    """What an action was about changed in another terminal since it was shown."""


class NotFoundError(TandemError):
    """A person, card or deck that was named does not exist."""

    exit_code = ExitCode.DATA


class StorageError(TandemError):
    """The database could not be read or written."""

    exit_code = ExitCode.IO


class DatabaseBusyError(TandemError):
    """Another process held the database for longer than tandem waits; retry."""

    exit_code = ExitCode.BUSY
