"""Provides backups: automatic and on demand, verified, thinned like Anki's, and restore."""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from tandem.config.checks import checked
from tandem.config.settings import BackupPolicy
from tandem.models import MissingInputError, StorageError
from tandem.services.context import Context
from tandem.storage.app_settings import AppSettingsRepo
from tandem.storage.backup import BackupFile, backup_name, list_backups, remove_litter

_POLICY_KEY = "backups"


class Backups:
    """Verified copies of the database in the backups folder beside it."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def folder(self) -> Path:
        return self.ctx.store.backups_folder

    def existing(self) -> list[BackupFile]:
        """The backups, oldest first."""
        return list_backups(self.folder)

    def make(self, reason: str = "manual", *, thin: bool = True) -> BackupFile:
        """Makes a verified backup now; then thins the older ones (unless ``thin`` is off).

        Raises:
            StorageError: the backup could not be written (nothing is thinned then).
        """
        remove_litter(self.folder)
        remove_litter(self.folder.parent)
        at = self.ctx.clock.now()
        target, number = self.folder / backup_name(at, reason), 1
        while target.exists():  # two backups in one millisecond (a frozen clock in tests)
            number += 1
            target = self.folder / backup_name(at, f"{reason}-{number}")
        path = self.ctx.store.backup_to(target)
        if thin:
            self.thin()
        return BackupFile(path, at, reason)

    def daily_if_due(self) -> BackupFile | None:
        """Makes the day's backup if there is none yet today (local time).

        Raises:
            StorageError: the backup could not be made (callers warn and go on: their own
                writes are checked as ever).
        """
        if self.ctx.store.path == ":memory:":
            return None
        today = self.ctx.clock.now().astimezone().date()
        if any(b.at.astimezone().date() == today for b in self.existing()):
            return None
        return self.make("daily")

    def policy(self) -> BackupPolicy:
        stored = self.ctx.store.repo(AppSettingsRepo).get(_POLICY_KEY)
        return BackupPolicy.from_json(stored) if stored else BackupPolicy()

    def set_policy(self, policy: BackupPolicy) -> None:
        """Saves the policy, checked first (raises ``InvalidFieldsError``; nothing saved)."""
        policy = checked(BackupPolicy, asdict(policy), "backup policy")
        with self.ctx.store.write():
            self.ctx.store.repo(AppSettingsRepo).put(_POLICY_KEY, policy.to_json())

    def thin(self) -> list[BackupFile]:
        """Deletes backups the policy does not keep; returns them.

        Kept: every backup of today, the newest, and the newest backup of each of the last
        ``daily`` days, ``weekly`` weeks and ``monthly`` months that have one.
        """
        backups = list(reversed(self.existing()))  # newest first
        if not backups:
            return []
        today = self.ctx.clock.now().astimezone().date()
        policy = self.policy()
        seen: dict[str, set[object]] = {"day": set(), "week": set(), "month": set()}
        limits = {"day": policy.daily, "week": policy.weekly, "month": policy.monthly}
        removed = []
        for index, backup in enumerate(backups):
            keys = _periods(backup.at)
            fresh = [p for p in keys if keys[p] not in seen[p] and len(seen[p]) < limits[p]]
            if index == 0 or fresh or backup.at.astimezone().date() == today:
                for period, key in keys.items():
                    seen[period].add(key)
            else:
                backup.path.unlink(missing_ok=True)
                removed.append(backup)
        return removed

    def restore(self, source: Path) -> BackupFile:
        """Replaces the database with ``source`` after backing up the current state.

        ``source`` is copied and checked first (a sound tandem database with every table
        and column, once migrated); only then is the current state backed up, without
        thinning: a restore never deletes a backup. Returns the backup of the state before.

        Raises:
            MissingInputError: there is no such file.
            BadInputError: ``source`` is not a sound, complete tandem database.
            StorageError: the copy or the backup could not be written.
        """
        if not source.is_file():
            raise MissingInputError(f"{source}: no such file")
        parent = Path(self.ctx.store.path).parent
        try:
            staging = tempfile.TemporaryDirectory(
                prefix=f".tandem-restore-{os.getpid()}-", dir=parent
            )
        except OSError as error:
            raise StorageError(f"{parent}: cannot write: {error.strerror}") from None
        with staging as folder:
            copy = self.ctx.store.restorable_copy(source, Path(folder))
            before = self.make("before-restore", thin=False)
            self.ctx.store.restore_from(copy)
        from tandem.services.maintenance.rebuild import rebuild_if_due

        for name in self.ctx.people.names():
            self.ctx.forget_person(name)  # the backup's settings, not the ones read before
        rebuild_if_due(self.ctx)  # a backup from an older schema: its states, rebuilt now
        return before


def _periods(at: datetime) -> dict[str, object]:
    local = at.astimezone()
    iso = local.isocalendar()
    return {"day": local.date(), "week": (iso.year, iso.week), "month": (local.year, local.month)}
