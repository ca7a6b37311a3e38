"""Provides in-place edits of ``config.toml``'s text: one preference changed with ``tomlkit``,
the user's comments, key order and other keys kept.

Only writing a preference imports this module (and so ``tomlkit``); reading the file at
start-up needs ``tomllib`` only.
"""

from __future__ import annotations

import tomllib

import tomlkit
from tomlkit import TOMLDocument


def with_theme(text: str, theme: str | None) -> str:
    """``text`` with its ``theme`` set to ``theme`` (removed when ``None``)."""
    document = tomlkit.parse(text)
    if theme is None:
        document.remove("theme")
        return _dumped(document)
    new = "theme" not in document
    document["theme"] = theme
    edited = _dumped(document)
    if not new:
        return edited
    # tomlkit puts a new key right above the first table, below the comments that belong
    # to that table; above them is where a person would write it.
    placed = _above_tables(text, tomlkit.dumps({"theme": theme}))
    return placed if _same_toml(placed, edited) else edited


def with_logs_folder(text: str, folder: str | None) -> str:
    """``text`` with its ``[logs] folder`` set to ``folder`` (the table removed when ``None``).

    The text must hold a valid preferences file (``app_file.load`` checks it): ``logs``, if
    there, is a table whose only key is ``folder``.
    """
    document = tomlkit.parse(text)
    if folder is None:
        document.remove("logs")
        return _dumped(document)
    if "logs" not in document:
        document["logs"] = tomlkit.table()
    logs = document["logs"]
    assert isinstance(logs, dict)  # a table, inline table or dotted keys: all dicts
    logs["folder"] = folder
    return _dumped(document)


def _dumped(document: TOMLDocument) -> str:
    # Removing a table can leave the blank line tomlkit put above it at the end.
    text = tomlkit.dumps(document).rstrip("\n")
    return text + "\n" if text else ""


def _above_tables(text: str, setting: str) -> str:
    """``text`` with the ``setting`` line above its first table and the comment lines right
    above that table; at the end when there is no table."""
    lines = text.rstrip("\n").split("\n") if text.strip() else []
    at = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    if at == len(lines):
        return "\n".join([*lines, setting.rstrip("\n")]) + "\n"
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    return "\n".join([*lines[:at], setting.rstrip("\n"), "", *lines[at:]]) + "\n"


def _same_toml(one: str, other: str) -> bool:
    try:
        return tomllib.loads(one) == tomllib.loads(other)
    except tomllib.TOMLDecodeError:  # a multi-line string held a line like a table's
        return False
