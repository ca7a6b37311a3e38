"""Provides keeping a database healthy: doctor, replay, backups and restore.

Modules: ``doctor`` (integrity and invariants), ``doctor_parallel`` (a long log's check
on two cores), ``doctor_settings`` (stored settings checked),
``replay`` (states recomputed from the log), ``rebuild`` (every state, once, when a migration
asks), ``backups`` (verified, thinned, restore),
``placement`` (a warning for folders where SQLite is not safe).
"""

__all__ = [
    "backups",
    "doctor",
    "doctor_parallel",
    "doctor_settings",
    "placement",
    "rebuild",
    "replay",
]
