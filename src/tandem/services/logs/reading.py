"""Provides reading a device file from where the last sync stopped, never trusting it blindly.

What was read of a file is kept as a ``Cursor``: how many bytes and lines, and the SHA-256 of
those bytes. A file that is shorter now, or whose first bytes hash otherwise, was rewritten:
it is reported and not read again until someone trusts it (``tandem logs trust``). A last
line without its newline is a file still being written or synced: it waits for the next sync.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from tandem.services.logs.folder import DeviceFile
from tandem.services.logs.lines import Entry, parse_line

MAX_RETRIES = 5000
"""Lines of one file kept to try again (unknown card, time ahead); more are dropped."""


@dataclass(frozen=True)
class Cursor:
    """How much of one device file this database has read."""

    folder: str
    consumed: int = 0
    lines: int = 0
    sha256: str = hashlib.sha256(b"").hexdigest()
    size: int = -1
    mtime_ns: int = -1
    retry: tuple[tuple[int, str], ...] = ()
    """Lines read but not imported yet (card not synced here yet, time ahead of ours)."""
    distrust: str | None = None
    """Why the file is no longer read (it shrank or its past lines changed)."""

    def to_dict(self) -> dict[str, Any]:
        """The cursor as JSON values (kept in the database's ``settings``)."""
        return {
            "folder": self.folder, "consumed": self.consumed, "lines": self.lines,
            "sha256": self.sha256, "size": self.size, "mtime_ns": self.mtime_ns,
            "retry": [list(item) for item in self.retry], "distrust": self.distrust,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cursor:
        """The cursor ``to_dict`` gave (``KeyError``/``ValueError`` if it was edited)."""
        retry = tuple((int(line), str(raw)) for line, raw in data.get("retry", []))
        return cls(str(data["folder"]), int(data["consumed"]), int(data["lines"]),
                   str(data["sha256"]), int(data["size"]), int(data["mtime_ns"]), retry,
                   data.get("distrust"))  # fmt: skip


@dataclass
class Chunk:
    """What one read of a file found: entries to apply, problems, and the cursor after."""

    file: DeviceFile
    cursor: Cursor
    entries: list[tuple[int, str, Entry]] = field(default_factory=list)
    """(line number, line text, entry), retried lines first, then the new ones in order."""
    problems: list[str] = field(default_factory=list)
    waiting: bool = False
    """The file ends in an incomplete line, left for the next sync."""

    def where(self, line: int) -> str:
        """``file:line`` of one of the file's lines, for a problem."""
        return f"{self.file.path}:{line}"


def read_new(file: DeviceFile, cursor: Cursor) -> Chunk:
    """The lines of ``file`` after ``cursor`` (and the lines it keeps to retry), parsed.

    A malformed line is a problem (``file:line: message``) and is passed over for good.
    """
    chunk = Chunk(file, cursor)
    if cursor.distrust:
        chunk.problems.append(f"{file.path}: {cursor.distrust}; not read since "
                              f"(`tandem logs trust {file.rel}` reads it again)")  # fmt: skip
        return chunk
    _parse(chunk, [(n, raw.encode("utf-8")) for n, raw in cursor.retry])
    try:
        stat = file.path.stat()
        if (stat.st_size, stat.st_mtime_ns) == (cursor.size, cursor.mtime_ns):
            chunk.cursor = replace(cursor, retry=())
            return chunk
        data = file.path.read_bytes()
    except OSError as error:
        chunk.problems.append(f"{file.path}: cannot read: {error.strerror or error}")
        return chunk
    distrust = _rewritten(data, cursor)
    if distrust:
        chunk.problems.append(f"{file.path}: {distrust}; not trusted, not read")
        chunk.cursor = replace(cursor, distrust=distrust)
        return chunk
    end = data.rfind(b"\n") + 1
    fresh = data[cursor.consumed : end].split(b"\n")[:-1]
    _parse(chunk, list(enumerate(fresh, start=cursor.lines + 1)))
    chunk.waiting = end < len(data)
    chunk.cursor = replace(cursor, consumed=end, lines=cursor.lines + len(fresh),
                           sha256=hashlib.sha256(data[:end]).hexdigest(), size=len(data),
                           mtime_ns=stat.st_mtime_ns, retry=())  # fmt: skip
    return chunk


def _rewritten(data: bytes, cursor: Cursor) -> str | None:
    if len(data) < cursor.consumed:
        return f"shrank from {cursor.consumed} to {len(data)} bytes since it was read"
    if hashlib.sha256(data[: cursor.consumed]).hexdigest() != cursor.sha256:
        return f"its first {cursor.lines} line(s) changed since they were read"
    return None


def _parse(chunk: Chunk, lines: list[tuple[int, bytes]]) -> None:
    for number, raw in lines:
        if not raw.strip():
            continue
        try:
            entry = parse_line(raw)
        except ValueError as error:
            chunk.problems.append(f"{chunk.where(number)}: {error}; skipped")
            continue
        chunk.entries.append((number, raw.decode("utf-8"), entry))


def with_retries(cursor: Cursor, retry: list[tuple[int, str]]) -> tuple[Cursor, int]:
    """``cursor`` keeping ``retry`` (up to ``MAX_RETRIES``); and how many were dropped."""
    kept = tuple(retry[:MAX_RETRIES])
    return replace(cursor, retry=kept), len(retry) - len(kept)
