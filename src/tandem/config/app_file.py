"""Provides the user's app preferences in ``config.toml``: theme, keymap, log folder.

The file is small and hand-editable::

    theme = "nord"

    [keymap]
    "review.good" = "3,g"
    "home.new_session" = "ctrl+n"

    [logs]
    folder = "/home/alice/team/logs"

It is read with ``tomllib``. When a preference changes, that one value is changed in place
with ``tomlkit`` (the user's comments, key order and other keys stay) and the file is written
atomically. A malformed file is never overwritten: it raises ``BadInputError`` instead.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tandem.config.files import write_atomically
from tandem.models import BadInputError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["AppConfig", "AppConfigFile", "dump", "load", "save"]


@dataclass(frozen=True)
class AppConfig:
    """What the TUI remembers between runs."""

    theme: str | None = None
    """The Textual theme's name; ``None`` means Textual's default."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys (comma separated), applied with ``App.set_keymap``."""
    logs_folder: str | None = None
    """The shared review log folder (``tandem logs init DIR``); ``None``: reviews stay here."""

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> AppConfig:
        """The preferences in a parsed file; raises ``ValueError`` naming what is wrong.

        Checked by hand, not with pydantic: the file is read at every start, and two keys
        do not justify loading pydantic before the first screen.
        """
        unknown = sorted(set(data) - {"theme", "keymap", "logs"})
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown setting (known: theme, [keymap], [logs])")
        folder = _logs_folder(data.get("logs", {}))
        return cls(_theme(data.get("theme")), _keymap(data.get("keymap", {})), folder)


def _theme(theme: object) -> str | None:
    if theme is not None and not isinstance(theme, str):
        raise ValueError(f'theme: must be a string, e.g. "nord", not {theme!r}')
    if theme is not None and (not theme.strip() or "\n" in theme):
        raise ValueError('theme: must be a theme\'s name, e.g. "nord"')
    return theme


def _keymap(keymap: object) -> dict[str, str]:
    if not isinstance(keymap, dict):
        raise ValueError('keymap: must be a table, e.g. [keymap] "review.good" = "3,g"')
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str):
            raise ValueError(f'keymap.{binding_id}: must be a string of keys, e.g. "ctrl+n"')
        if not all(key.strip() for key in keys.split(",")):
            raise ValueError(f'keymap: {binding_id!r} needs keys, e.g. "ctrl+n" or "n,f2"')
    return dict(keymap)


def _logs_folder(logs: object) -> str | None:
    if not isinstance(logs, dict) or set(logs) - {"folder"}:
        raise ValueError('logs: must be a table with one key, e.g. [logs] folder = "/path"')
    folder = logs.get("folder")
    if folder is not None and (not isinstance(folder, str) or not folder.strip()):
        raise ValueError('logs.folder: must be the path of a folder, e.g. "/home/me/logs"')
    return folder


def load(path: Path) -> AppConfig:
    """Reads ``path``; a missing file means the defaults.

    Raises:
        BadInputError: the file is not valid TOML or holds unknown or mistyped keys.
    """
    return _parsed(_read(path), path)


def _read(path: Path) -> str:
    """The file's text; ``""`` when there is no file."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError as error:
        raise BadInputError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise BadInputError(f"{path}: cannot be read: {error.strerror or error}") from None


def _parsed(text: str, path: Path) -> AppConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadInputError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise BadInputError(f"{path}: not valid TOML: nested too deeply") from None
    try:
        return AppConfig.from_toml(data)
    except ValueError as error:
        raise BadInputError(f"{path}: {error}") from None


def save(path: Path, config: AppConfig) -> None:
    """Writes ``config`` to ``path`` atomically (temp file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, dump(config).encode("utf-8"))


def dump(config: AppConfig) -> str:
    """The TOML text of ``config``: ``theme`` first, then a ``[keymap]`` table."""
    lines: list[str] = []
    if config.theme is not None:
        lines.append(f"theme = {_string(config.theme)}")
    if config.keymap:
        if lines:
            lines.append("")
        lines.append("[keymap]")
        lines.extend(f"{_string(k)} = {_string(v)}" for k, v in sorted(config.keymap.items()))
    if config.logs_folder is not None:
        lines += [""] if lines else []
        lines += ["[logs]", f"folder = {_string(config.logs_folder)}"]
    return "\n".join(lines) + "\n" if lines else ""


class AppConfigFile:
    """The config file of one tandem run: read it, or change one preference in it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> AppConfig:
        """The preferences in the file (see ``load``)."""
        return load(self.path)

    def set_theme(self, theme: str | None) -> None:
        """Saves ``theme``, keeping the rest of the file as it is now on disk.

        Raises:
            BadInputError: the file on disk is malformed; it is left untouched.
        """
        from tandem.config.app_edit import with_theme  # tomlkit: only when a value is written

        self._change(
            lambda config: replace(config, theme=theme), lambda text: with_theme(text, theme)
        )

    def set_logs_folder(self, folder: str | None) -> None:
        """Saves the review log folder, keeping the rest of the file as it is on disk.

        Raises:
            BadInputError: the file on disk is malformed; it is left untouched.
        """
        from tandem.config.app_edit import with_logs_folder

        self._change(
            lambda config: replace(config, logs_folder=folder),
            lambda text: with_logs_folder(text, folder),
        )

    def _change(self, update: Callable[[AppConfig], AppConfig], edit: Callable[[str], str]) -> None:
        """Writes ``edit(text)`` when ``update`` changes the preferences the file holds."""
        text = _read(self.path)
        current = _parsed(text, self.path)
        wanted = update(current)
        if wanted == current:
            return
        if text:
            write_atomically(self.path, edit(text).encode("utf-8"))
        else:  # nothing to keep: a new file is laid out as ``dump`` does it
            save(self.path, wanted)


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
