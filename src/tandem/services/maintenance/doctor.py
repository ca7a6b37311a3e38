"""Provides ``doctor``: integrity, the application's invariants, and states against the log."""

from __future__ import annotations

from dataclasses import dataclass, field

from tandem.services.context import Context
from tandem.services.maintenance.doctor_settings import stored_settings_problems
from tandem.services.maintenance.replay import Difference, Replayer
from tandem.services.sync.catalog import QUEUE_OF_ACTIVE_CARD

# name: (query counting the problem, statement repairing it or None)
_INVARIANTS: dict[str, tuple[str, str | None]] = {
    "state of a card that does not exist": (
        "SELECT count(*) FROM card_state WHERE card NOT IN (SELECT key FROM cards)",
        "DELETE FROM card_state WHERE card NOT IN (SELECT key FROM cards)",
    ),
    "state of a person who does not exist": (
        "SELECT count(*) FROM card_state WHERE person NOT IN (SELECT name FROM people)",
        "DELETE FROM card_state WHERE person NOT IN (SELECT name FROM people)",
    ),
    "card without a state for a person": (
        "SELECT count(*) FROM cards c JOIN people p WHERE c.retired = 0 AND NOT EXISTS "
        "(SELECT 1 FROM card_state s WHERE s.person = p.name AND s.card = c.key)",
        "INSERT INTO card_state (person, card, deck_id, pos, queue, due) "
        "SELECT p.name, c.key, n.deck_id, c.pos, 0, c.created_at FROM cards c "
        "JOIN notes n ON n.id = c.note_id JOIN people p WHERE c.retired = 0 AND NOT EXISTS "
        "(SELECT 1 FROM card_state s WHERE s.person = p.name AND s.card = c.key)",
    ),
    "retired card still in a queue": (
        "SELECT count(*) FROM card_state WHERE queue != -3 AND card IN "
        "(SELECT key FROM cards WHERE retired = 1)",
        "UPDATE card_state SET queue = -3 WHERE queue != -3 AND card IN "
        "(SELECT key FROM cards WHERE retired = 1)",
    ),
    "active card taken out of the queues": (
        "SELECT count(*) FROM card_state WHERE queue = -3 AND card IN "
        "(SELECT key FROM cards WHERE retired = 0)",
        f"UPDATE card_state SET queue = {QUEUE_OF_ACTIVE_CARD} WHERE queue = -3 AND card IN "
        "(SELECT key FROM cards WHERE retired = 0)",
    ),
    "state in the wrong deck": (
        "SELECT count(*) FROM card_state s JOIN cards c ON c.key = s.card "
        "JOIN notes n ON n.id = c.note_id WHERE s.deck_id != n.deck_id",
        "UPDATE card_state SET deck_id = (SELECT n.deck_id FROM cards c JOIN notes n "
        "ON n.id = c.note_id WHERE c.key = card_state.card) WHERE deck_id != (SELECT n.deck_id "
        "FROM cards c JOIN notes n ON n.id = c.note_id WHERE c.key = card_state.card)",
    ),
    "review of a card that does not exist": (
        "SELECT count(*) FROM reviews WHERE card NOT IN (SELECT key FROM cards)",
        None,
    ),
    "review of a person who does not exist": (
        "SELECT count(*) FROM reviews WHERE person NOT IN (SELECT name FROM people)",
        None,
    ),
}


@dataclass
class DoctorReport:
    """What doctor found (and, with rebuild or repair, fixed)."""

    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    problems: dict[str, int] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)
    settings: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per person, the stored settings refused: field -> problem (repair resets them)."""
    rebuilt: bool = False
    repaired: bool = False

    @property
    def ok(self) -> bool:
        """Nothing is wrong that was not fixed."""
        unfixed = {
            name: count
            for name, count in self.problems.items()
            if count and not (self.repaired and _INVARIANTS[name][1])
        }
        fixed_states = self.rebuilt or self.repaired
        return not (
            self.integrity
            or self.foreign_keys
            or unfixed
            or (self.differences and not fixed_states)
            or (self.settings and not self.repaired)
        )


class Doctor:
    """Checks a database the way Anki's Check Database does, and repairs what it can."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def check(
        self, *, rebuild: bool = False, repair: bool = False, full: bool = False
    ) -> DoctorReport:
        """Runs every check; ``rebuild`` rewrites states from the log, ``repair`` fixes all.

        Everything that is fixed is fixed in one transaction.
        """
        conn = self.ctx.store.conn
        report = DoctorReport(rebuilt=rebuild, repaired=repair)
        pragma = "integrity_check" if full else "quick_check"
        result = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]
        if result != ["ok"]:
            report.integrity = result
        report.foreign_keys = [
            f"{table} row {rowid} -> {parent}"
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
        ]
        with self.ctx.store.write():
            for name, (count, fix) in _INVARIANTS.items():
                report.problems[name] = int(conn.execute(count).fetchone()[0])
                if repair and fix and report.problems[name]:
                    conn.execute(fix)
            report.settings = stored_settings_problems(self.ctx, repair=repair)
            replayer = Replayer(self.ctx)
            for person in self.ctx.people.names():
                if person in report.settings and not repair:
                    continue  # states follow settings: replay once they are repaired
                report.differences += replayer.run(person, fix=rebuild or repair)
        return report
