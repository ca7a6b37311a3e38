"""Provides the shared review log folder: per-device JSON Lines files that travel by git or
any synced folder, and the lead's report made from them.

Modules: ``service`` (``svc.logs``: set-up, sharing, the exchange of ``tandem sync``),
``lines`` (the kinds of line), ``folder`` (``DIR/<person>/<device>.jsonl``, appending),
``reading`` (new lines since the last read, rewritten files), ``sorting`` (which lines
count), ``applying`` (new reviews in, retracted ones out, states replayed), ``journal``
(publishing answers after their commit), ``setup`` (the folder in ``config.toml``, what was
read of each file), ``team`` (the lead's report from the folder alone), ``team_cache``
(what a report replayed, kept), ``team_load`` (a cache's first load, person by person on
every core), ``replaying`` (many histories at once, on every core), ``review_days`` (each
review's study day and gap, as a first load replays it).
"""

__all__ = [
    "applying",
    "folder",
    "journal",
    "lines",
    "reading",
    "replaying",
    "review_days",
    "service",
    "setup",
    "sorting",
    "team",
    "team_cache",
    "team_load",
]
