"""Provides ``svc.logs``: the shared review log folder — set-up, sharing, and the exchange.

The exchange is what ``tandem sync`` and the TUI's background sync do with the folder: read
the new lines of every device file of the people of this database (this device's own
files included: a database restored from a backup takes back what it lost), apply them in
one transaction, then publish what no file holds yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tandem.models import MissingInputError, NotFoundError, TandemError
from tandem.services.context import Context
from tandem.services.logs.applying import Applier
from tandem.services.logs.folder import LogFolder, append_lines
from tandem.services.logs.journal import publish_missing, scan_person
from tandem.services.logs.lines import OFF, Sharing, sharing_line
from tandem.services.logs.reading import Chunk, Cursor, read_new
from tandem.services.logs.setup import Cursors, configured_folder, init_folder


@dataclass
class ExchangeReport:
    """What one exchange with the folder did."""

    folder: str
    files: int = 0
    files_read: int = 0
    added: int = 0
    retracted: int = 0
    cards: int = 0
    published: int = 0
    waiting: int = 0
    """Lines read but held back: card not here yet, or time ahead of this clock."""
    problems: list[str] = field(default_factory=list)
    not_here: list[str] = field(default_factory=list)
    """People with files in the folder who do not study with this database."""

    @property
    def changed(self) -> bool:
        """Whether reviews came in, went out of the database, or were published."""
        return bool(self.added or self.retracted or self.published)


@dataclass(frozen=True)
class FileStatus:
    """One device file as this database has read it."""

    rel: str
    lines: int
    waiting: int
    distrust: str | None
    own: bool


@dataclass
class FolderStatus:
    """The folder, this device, who shares, and each file of the people here."""

    folder: str
    device: str
    sharing: dict[str, str] = field(default_factory=dict)
    """Person of this database -> their newest choice (a level, or ``off``)."""
    files: list[FileStatus] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Logs:
    """The log folder of this machine, for the people of this database."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def folder(self) -> LogFolder | None:
        """The configured folder, or ``None`` (``tandem logs init`` sets one)."""
        return configured_folder(self.ctx.paths)

    def init(self, directory: Path) -> LogFolder:
        """Records ``directory`` as the log folder (made if needed); makes the device id."""
        folder = init_folder(self.ctx.paths, directory)
        self.ctx.journal.folder = folder
        self.ctx.journal.forget()
        return folder

    def share(self, person: str, level: str) -> int:
        """Starts publishing ``person``'s reviews, with ``level`` for a lead's report.

        Returns:
            How many of their reviews were published now (their history, the first time).
        """
        folder = self._choose(person, level)
        published, problems = publish_missing(self.ctx, folder, only=person)
        if problems:
            raise TandemError(problems[0])
        return published

    def unshare(self, person: str) -> None:
        """Stops publishing ``person``'s reviews, on every device (what is published stays)."""
        self._choose(person, OFF)

    def _choose(self, person: str, level: str) -> LogFolder:
        folder = self._required()
        self.ctx.person(person)
        if not folder.root.is_dir():
            raise MissingInputError(f"{folder.root}: the log folder is not there (not mounted?)")
        own = folder.own_file(person).path
        try:
            append_lines(own, [sharing_line(Sharing(person, level, self.ctx.clock.now()))],
                         sync=True)  # fmt: skip
        except OSError as error:
            raise TandemError(f"{own}: cannot write: {error.strerror or error}") from None
        self.ctx.journal.forget()
        return folder

    def exchange(self) -> ExchangeReport | None:
        """Reads the folder's new lines into the database, then publishes what is missing.

        Returns ``None`` when no folder is set up. Bad lines are reported and skipped.

        Raises:
            MissingInputError: the configured folder is not there (a drive not mounted).
        """
        folder = self.folder()
        if folder is None:
            return None
        if not folder.root.is_dir():
            raise MissingInputError(
                f"{folder.root}: the log folder is not there "
                "(not mounted? `tandem logs init DIR` sets another)"
            )
        report = ExchangeReport(str(folder.root))
        chunks = self._read(folder, report)
        cursors = Cursors(self.ctx, folder)
        with self.ctx.store.write():
            applied = Applier(self.ctx, self.ctx.clock.now()).run(chunks)
            for chunk in chunks:
                if chunk.cursor != cursors.get(chunk.file.rel):
                    cursors.put(chunk.file.rel, chunk.cursor)
        report.added, report.retracted = applied.added, applied.retracted
        report.cards, report.waiting = applied.cards, applied.waiting
        report.problems += applied.problems
        report.published, problems = publish_missing(self.ctx, folder)
        report.problems += problems
        self.ctx.journal.forget()
        return report

    def _read(self, folder: LogFolder, report: ExchangeReport) -> list[Chunk]:
        files, report.problems = folder.files()
        people = set(self.ctx.people.names())
        cursors = Cursors(self.ctx, folder)
        chunks = []
        for file in files:
            if file.person not in people:
                if file.person not in report.not_here:
                    report.not_here.append(file.person)
                continue
            before = cursors.get(file.rel)
            chunk = read_new(file, before)
            report.files += 1
            report.files_read += chunk.cursor.lines != before.lines
            chunks.append(chunk)
        return chunks

    def trust(self, rel: str) -> None:
        """Reads the file ``rel`` (``person/device.jsonl``) again from its start, by id:
        reviews already here are skipped, none is taken out."""
        folder = self._required()
        cursors = Cursors(self.ctx, folder)
        files, _ = folder.files()
        if rel not in {file.rel for file in files}:
            raise NotFoundError(f"{rel}: no such device file in {folder.root}")
        with self.ctx.store.write():
            cursors.put(rel, Cursor(str(folder.root)))

    def status(self) -> FolderStatus:
        """Where the folder is, who shares, and how far each file has been read."""
        folder = self._required()
        status = FolderStatus(str(folder.root), folder.device)
        files, status.problems = folder.files()
        people = set(self.ctx.people.names())
        for person in sorted(people):
            sharing = scan_person(folder, person).sharing
            if sharing is not None:
                status.sharing[person] = sharing.level
        cursors = Cursors(self.ctx, folder)
        for file in files:
            if file.person in people:
                cursor, own = cursors.get(file.rel), file.device == folder.device
                status.files.append(
                    FileStatus(file.rel, cursor.lines, len(cursor.retry), cursor.distrust, own)
                )
        return status

    def reread_choices(self) -> None:
        """Reads who shares again before the next answer is published (after a sync in
        another connection brought someone's new choice)."""
        self.ctx.journal.forget()

    def _required(self) -> LogFolder:
        folder = self.folder()
        if folder is None:
            raise MissingInputError("no log folder here yet: `tandem logs init DIR` sets one")
        return folder
