"""Provides ``doctor``: integrity, the application's invariants, and states against the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tandem.services.context import Context
from tandem.services.maintenance.doctor_parallel import check_in_two, pieces
from tandem.services.maintenance.doctor_settings import stored_settings_problems
from tandem.services.maintenance.replay import Difference, Replayer
from tandem.storage.integrity import IntegrityChecks, can_repair

if TYPE_CHECKING:
    from tandem.services.cards.merging import Merged
    from tandem.storage.aliases import Clash


@dataclass
class DoctorReport:
    """What doctor found (and, with rebuild or repair, fixed)."""

    integrity: list[str] = field(default_factory=list)
    file_checked: bool = True
    """Whether SQLite checked the file's pages (see ``QUICK_CHECK_UP_TO``)."""
    foreign_keys: list[str] = field(default_factory=list)
    problems: dict[str, int] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)
    settings: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per person, the stored settings refused: field -> problem (repair resets them)."""
    clashes: list[Clash] = field(default_factory=list)
    """Retired cards with reviews whose text a live card has (repair merges them)."""
    merged: list[Merged] = field(default_factory=list)
    rebuilt: bool = False
    repaired: bool = False

    @property
    def ok(self) -> bool:
        """Nothing is wrong that was not fixed."""
        unfixed = {
            name: count
            for name, count in self.problems.items()
            if count and not (self.repaired and can_repair(name))
        }
        fixed_states = self.rebuilt or self.repaired
        return not (
            self.integrity
            or self.foreign_keys
            or unfixed
            or (self.differences and not fixed_states)
            or (self.settings and not self.repaired)
            or (self.clashes and not self.repaired)
        )


QUICK_CHECK_UP_TO = 64 * 1024 * 1024
"""Up to this size ``doctor`` runs SQLite's ``quick_check`` by default; a bigger database's
pages are checked with ``--full`` only (``integrity_check``): reading every page of a
400 MB file takes 2-11 s (cached or not), more than all of tandem's own checks and the
replay of a million reviews. A damaged page still shows when a query reads it."""


class Doctor:
    """Checks a database the way Anki's Check Database does, and repairs what it can."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def check(
        self, *, rebuild: bool = False, repair: bool = False, full: bool = False
    ) -> DoctorReport:
        """Runs every check; ``rebuild`` rewrites states from the log, ``repair`` fixes all;
        ``full`` runs SQLite's ``integrity_check`` (else ``quick_check``, for a database up to
        ``QUICK_CHECK_UP_TO``).

        Everything that is fixed is fixed in one transaction.
        """
        checks = self.ctx.store.repo(IntegrityChecks)
        report = DoctorReport(rebuilt=rebuild, repaired=repair)
        pages = full or checks.size_bytes() <= QUICK_CHECK_UP_TO
        report.file_checked = pages
        fix = rebuild or repair
        with self.ctx.store.write():
            if not repair:  # read first: a person whose settings are refused is not replayed
                report.settings = stored_settings_problems(self.ctx, repair=False)
            if not fix and self._check_on_two_cores(report, full=full, pages=pages):
                return report
            if pages:
                report.integrity = checks.sqlite_problems(full=full)
            references = checks.foreign_key_rows()
            report.foreign_keys = checks.foreign_key_problems(references)
            report.problems = checks.invariant_problems(repair=repair, foreign_keys=references)
            if repair:
                report.settings = stored_settings_problems(self.ctx, repair=True)
            self._clashes(report, repair=repair)
            replayer = Replayer(self.ctx)
            for person in self.ctx.people.names():
                if person in report.settings and not repair:
                    continue  # states follow settings: replay once they are repaired
                report.differences += replayer.run(person, fix=fix)
        return report

    def _check_on_two_cores(self, report: DoctorReport, *, full: bool, pages: bool) -> bool:
        """Checks a long log on two cores (``doctor_parallel``), fixing nothing; ``False``:
        better in one process (then nothing was done)."""
        people = [person for person in self.ctx.people.names() if person not in report.settings]
        parts = pieces(self.ctx, people)
        if parts is None:
            return False
        report.differences, tables = check_in_two(self.ctx, parts, full=full, pages=pages)
        report.integrity = tables.integrity or []
        report.foreign_keys = tables.foreign_keys
        report.problems = tables.problems
        report.clashes = tables.clashes
        return True

    def _clashes(self, report: DoctorReport, *, repair: bool) -> None:
        """Finds clashes resolved by hand; with ``repair``, merges each retired card into
        the live one (the first live one, when several have its text)."""
        from tandem.services.cards.merging import CardMerger

        merger = CardMerger(self.ctx)
        report.clashes = merger.clashes()
        if repair:
            done: set[str] = set()
            for clash in report.clashes:
                if clash.retired not in done:  # several live cards with its text: the first
                    done.add(clash.retired)
                    report.merged.append(merger.merge(clash.retired, clash.live))
