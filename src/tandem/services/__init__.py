"""Provides tandem's use cases and ``build_services``, the one composition root.

One package per use case; each says in its ``__init__`` what it offers:
``study`` (daily review: next card, answer, undo), ``quiz`` (partners quiz each other),
``sync`` (deck files -> database, check, fmt), ``authoring`` (sessions and cards written),
``cards`` (find cards, unsuspend), ``stats``, ``report`` (the learning lead's report),
``optimize`` (personal FSRS parameters), ``anki`` (import and export), ``maintenance``
(doctor, replay, backups). ``people``, ``reviewlog`` (the log as JSON Lines),
``log_direct`` (its import into an empty log) and ``logfile`` (reading a log file) are
single modules; ``context`` is what they share.
Services import each other's modules on first use, so a command loads only what it needs.
"""

from tandem.services.factory import Services, build_services

__all__ = ["Services", "build_services"]
