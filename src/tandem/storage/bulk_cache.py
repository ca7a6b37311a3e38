"""Provides a larger page cache for a bulk write (a first sync of a big deck folder)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

BULK_CACHE_KIB = 32_768
"""The page cache while a bulk write runs (32 MiB; SQLite's sorter, which makes the state
rows and indexes in key order after the inserts, may take as much again). With SQLite's
default of 2 MiB, a first sync of a million cards puts each new key into indexes of tens of
MB at a random place: nearly every insert missed the cache and pushed a changed page out to
the WAL, to be read and written again later, so the sync grew faster than its cards."""


@contextmanager
def bulk_cache(conn: sqlite3.Connection, bulk: bool) -> Iterator[None]:
    """With ``bulk``, the connection's page cache is ``BULK_CACHE_KIB`` while the block
    runs (the memory is given back after it); without, nothing changes."""
    if not bulk:
        yield
        return
    before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")
