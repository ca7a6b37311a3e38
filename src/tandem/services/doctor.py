"""Provides ``doctor``: database integrity, invariants, and states checked against the log."""

from __future__ import annotations

from dataclasses import dataclass, field

from tandem.services.context import Context
from tandem.services.replay import Difference, Replayer


@dataclass
class DoctorReport:
    """What doctor found (and, with rebuild, fixed)."""

    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    rebuilt: bool = False

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.foreign_keys or self.differences)


class Doctor:
    """Checks a database the way Anki's Check Database does, and rebuilds states."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def check(self, *, rebuild: bool = False, full: bool = False) -> DoctorReport:
        """Runs the checks; with ``rebuild`` writes every state recomputed from the log."""
        conn = self.ctx.store.conn
        report = DoctorReport(rebuilt=rebuild)
        pragma = "integrity_check" if full else "quick_check"
        result = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]
        if result != ["ok"]:
            report.integrity = result
        report.foreign_keys = [
            f"{table} row {rowid} -> {parent}"
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
        ]
        replayer = Replayer(self.ctx)
        with self.ctx.store.write():
            for person in self.ctx.people.names():
                report.differences += replayer.run(person, fix=rebuild)
        return report
