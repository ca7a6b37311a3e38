"""Provides the rebuild a schema migration asks for: every state from the log, once.

A migration that changes what the log means (schema v5: Anki's study days, history rules and
leeches) cannot replay the log itself (storage knows no scheduler), so it leaves a note in
the database's settings; the services rebuild every state when they next open it, in one
transaction, and say so. When no note is there this costs one indexed read.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.models.wording import counted
from tandem.services.context import Context
from tandem.storage.app_settings import REBUILD_DUE, AppSettingsRepo


@dataclass(frozen=True)
class Rebuilt:
    """A rebuild made on open: why, and how many states changed."""

    reason: str
    people: int
    changed: int

    def describe(self) -> str:
        return (
            f"{self.reason}: every card state was rebuilt from the review log "
            f"({counted(self.people, 'person')}, {counted(self.changed, 'state')} changed)"
        )


def rebuild_if_due(ctx: Context) -> Rebuilt | None:
    """Rebuilds every person's states if a migration asked for it; ``None`` if none did."""
    settings = ctx.store.repo(AppSettingsRepo)
    if settings.rebuild_due() is None:
        return None
    from tandem.services.maintenance.replay import Replayer

    with ctx.store.write():
        reason = settings.rebuild_due()  # again under the lock: another process may have won
        if reason is None:
            return None
        people = ctx.people.names()
        replayer = Replayer(ctx)
        changed = sum(replayer.fix(person) for person in people)
        settings.delete(REBUILD_DUE)
    return Rebuilt(reason, len(people), changed)
