"""Provides the log folder's set-up: where it is (``config.toml``), and what was read of it.

The folder is recorded in the config file by ``tandem logs init DIR``; the device id beside
it (``tandem.config.device``). What this database has read of each device file is kept in
the database's own ``settings`` table, one cursor per file, so a database restored from a
backup reads again what it has not seen.
"""

from __future__ import annotations

import json
from pathlib import Path

from tandem.config import Paths
from tandem.config.device import device_id
from tandem.models import BadInputError, StorageError, format_rfc3339, parse_rfc3339
from tandem.services.context import Context
from tandem.services.logs.folder import LogFolder
from tandem.services.logs.lines import Sharing
from tandem.services.logs.reading import Cursor
from tandem.storage.app_settings import AppSettingsRepo

_CURSOR = "logs.read:"
_CHOICE = "logs.choice:"


def configured_folder(paths: Paths) -> LogFolder | None:
    """The log folder in the config file, with this device's id; ``None`` if there is none.

    Raises:
        BadInputError: the config file or the device file is malformed.
    """
    from tandem.config.app_file import load

    folder = load(paths.config_file).logs_folder
    if folder is None:
        return None
    return LogFolder(Path(folder), device_id(paths.config_dir))


def init_folder(paths: Paths, directory: Path) -> LogFolder:
    """Makes ``directory`` (if needed) this machine's log folder, in the config file.

    Raises:
        BadInputError: ``directory`` is a file, or the config file is malformed.
        StorageError: the folder cannot be made.
    """
    from tandem.config.app_file import AppConfigFile

    root = directory.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise BadInputError(f"{root}: is a file, not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"{root}: cannot make the folder: {error.strerror}") from None
    AppConfigFile(paths.config_file).set_logs_folder(str(root))
    return LogFolder(root, device_id(paths.config_dir))


class Cursors:
    """What this database has read of each device file of one folder."""

    def __init__(self, ctx: Context, folder: LogFolder) -> None:
        self.repo = ctx.store.repo(AppSettingsRepo)
        self.folder = str(folder.root)

    def get(self, rel: str) -> Cursor:
        """The cursor of ``rel`` (a fresh one if the file was never read from this folder)."""
        stored = self.repo.get(_CURSOR + rel)
        if stored is not None:
            try:
                cursor = Cursor.from_dict(json.loads(stored))
            except (ValueError, KeyError, TypeError):
                cursor = None  # a cursor edited by hand: read the file again, by id
            if cursor is not None and cursor.folder == self.folder:
                return cursor
        return Cursor(self.folder)

    def put(self, rel: str, cursor: Cursor) -> None:
        """Keeps ``cursor`` (call inside ``store.write()``)."""
        self.repo.put(_CURSOR + rel, json.dumps(cursor.to_dict()))

    def choice(self, person: str) -> Sharing | None:
        """The newest sharing choice of ``person`` read so far (a report's cache keeps it)."""
        stored = self.repo.get(_CHOICE + person)
        if stored is None:
            return None
        data = json.loads(stored)
        return Sharing(person, str(data["level"]), parse_rfc3339(str(data["at"])))

    def remember_choice(self, choice: Sharing) -> None:
        """Keeps ``choice`` as the newest of its person (call inside ``store.write()``)."""
        data = {"level": choice.level, "at": format_rfc3339(choice.at)}
        self.repo.put(_CHOICE + choice.person, json.dumps(data))
