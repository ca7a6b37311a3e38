"""Provides what every command shares: global options, the services, errors, JSON output."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tandem.config import Paths, resolve_paths
from tandem.models import ExitCode, TandemError
from tandem.render.terminal import json_safe, shown

if TYPE_CHECKING:
    from tandem.services import Services

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliState:
    """The root context object: options given anywhere on the command line, services."""

    db: str | None = None
    decks: str | None = None
    services: Services | None = field(default=None, repr=False)
    daily_backup_done: bool = False

    def paths(self) -> Paths:
        return resolve_paths(self.db, self.decks)


def _remember(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is not None:
            state = ctx.find_root().ensure_object(CliState)
            setattr(state, name, value)

    return callback


def global_options(command: F) -> F:
    """Adds ``--db`` and ``--decks`` (the contract's global options) to a command."""
    command = click.option(
        "--decks",
        type=click.Path(file_okay=False),
        expose_value=False,
        is_eager=True,
        callback=_remember("decks"),
        help="Deck folder [env TANDEM_DECKS; default ./decks if it exists].",
    )(command)
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        expose_value=False,
        is_eager=True,
        callback=_remember("db"),
        help="Database file [env TANDEM_DB; default in the user data folder].",
    )(command)


def cli_state() -> CliState:
    return click.get_current_context().find_root().ensure_object(CliState)


def services(*, writes: bool = False) -> Services:
    """The services for this run, built on first use (and closed when the run ends).

    Args:
        writes: The command changes the database: the day's automatic backup is made first
            if there is none yet. A command that only reads never writes a backup, and a
            backup that fails is a warning, never a reason to stop the command.
    """
    from tandem.cli.review_start import daily_backup, open_services

    state = cli_state()
    if state.services is None:
        state.services = open_services(state.paths(), _warn)
        click.get_current_context().find_root().call_on_close(state.services.close)
    if writes and not state.daily_backup_done:
        state.daily_backup_done = True
        daily_backup(state.services, _warn)
    return state.services


def backup_before_writing() -> None:
    """The day's automatic backup (as ``services(writes=True)``), for a command that learns
    only midway that it will write: ``optimize`` saves only parameters that are better."""
    services(writes=True)


def _warn(text: str) -> None:
    say(text, err=True)


PERSON_ARGUMENTS = ("person", "asker", "answerer", "partner")
"""A command's parameters that name a person (``--as``, ``--asker``, ``--with``...)."""


def handle_errors(command: F) -> F:
    """Turns a ``TandemError`` into a message on stderr and the contract's exit code.

    A person named in any case (``--as alice``) is passed on as stored (``Alice``).
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _resolve_people(kwargs)
            return command(*args, **kwargs)
        except TandemError as error:
            say(f"tandem: {error.message}", err=True)
            for detail in error.details:
                say(f"  {detail}", err=True)
            sys.exit(int(error.exit_code))
        except KeyboardInterrupt:
            sys.exit(130)

    return wrapper  # type: ignore[return-value]  # wraps preserves the signature; mypy can't tell


def _resolve_people(kwargs: dict[str, Any]) -> None:
    for key in PERSON_ARGUMENTS:
        if isinstance(kwargs.get(key), str):
            kwargs[key] = services().people.resolve(kwargs[key])


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Prints ``text``, whose parts may come from files and logs, with every control and
    bidi character shown escaped (the one sanitiser, ``tandem.render.terminal``)."""
    click.echo(shown(text, lines=True), err=err, nl=nl)


def echo_json(data: Any) -> None:
    """Prints ``data`` as JSON; C1 control and bidi characters in strings as ``\\u`` escapes."""
    click.echo(json_safe(json.dumps(data, indent=2, ensure_ascii=False, default=str)))


def fail(message: str, code: ExitCode = ExitCode.ERROR) -> None:
    say(f"tandem: {message}", err=True)
    sys.exit(int(code))
