"""Provides the deck files on disk: listing them, statting them, reading their bytes.

The decks folder is a jail. A git repository can carry symbolic links, so every entry is
checked before it is read: a link must stay inside the folder and end at a regular file;
FIFOs, devices and sockets are refused (one would hang a sync, ``/dev/zero`` would fill the
memory), and so are names with control characters. Files are opened without following a
final link and read up to a limit. ``deck_target`` is the same check for a file about to be
written.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from tandem.config.files import process_alive
from tandem.decks.foreign import foreign_file_hint, may_be_foreign, sniff_size
from tandem.decks.lines import bad_char
from tandem.models import BadInputError

if TYPE_CHECKING:
    from tandem.decks.ignore import IgnoreRules

_CHUNK = 1 << 20
# A temp file of write_atomically: ".NAME.RANDOM.PID.tmp" (the pid tells a dead writer's).
_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}(?:\.(\d+))?\.tmp$")
TEMP_AGE_S = 24 * 3600
"""A temp file whose writer cannot be told is litter once it is this old."""


class RefusedFile(BadInputError):
    """A deck file that is not read: not a regular file, a link out of the folder, too large,
    a name with control characters, unreadable. ``reason`` says which."""

    def __init__(self, rel: str, reason: str) -> None:
        super().__init__(f"{rel}:1: {reason}")
        self.rel, self.reason = rel, reason


@dataclass
class DeckFile:
    """A ``*.md`` file under the decks folder, with what ``stat`` said of it.

    ``real`` is the file read: ``path`` itself, or where a link inside the folder leads.
    """

    path: Path
    rel: str
    size: int
    mtime_ns: int
    sha256: str | None = field(default=None)
    real: Path | None = field(default=None, repr=False)

    def read(self, limit: int | None = None) -> bytes:
        """The file's bytes; with ``limit``, a larger file is refused unread.

        Raises:
            RefusedFile: the file is not a regular file, too large, or cannot be read.
        """
        data = read_regular(self.real or self.path, limit, self.rel)
        self.sha256 = hashlib.sha256(data).hexdigest()
        return data

    def restat(self) -> DeckFile:
        again = _deck_file(self.path, self.rel, self.real)
        again.read()
        return again


@dataclass
class Listing:
    """What a look at the decks folder found: deck files, refused entries, other tools' exports
    (``foreign``: named, with how to import them; they stop nothing), and the temp files
    interrupted writes left behind (``remove_litter`` deletes those)."""

    files: list[DeckFile] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    litter: list[Path] = field(default_factory=list)
    foreign: list[RefusedFile] = field(default_factory=list)


def list_deck_folder(root: Path, rules: IgnoreRules | None = None) -> Listing:
    """Every ``*.md`` below ``root``, sorted, but hidden files and folders and what the ignore
    rules leave out (``rules``: the decks folder's that ``root`` is in; by default its own).

    Links to folders are not followed; other entries that cannot be deck files are refused.
    A ``.tandemignore`` that cannot be read raises ``BadInputError``.
    """
    from tandem.decks.ignore import IgnoreRules  # it reads its files through this module

    rules = rules or IgnoreRules(root)
    prefix = (rules.relative(root) or ".") + "/"
    listing = Listing()
    base = root.resolve()
    for directory, folders, names in os.walk(root):
        here = Path(directory)
        at = f"{prefix}{here.relative_to(root).as_posix()}/"  # "." parts mean nothing to rules
        kept = (f for f in folders if not f.startswith("."))
        folders[:] = sorted(f for f in kept if not rules.ignores(at + f, folder=True))
        for name in sorted(names):
            path = here / name
            if name.startswith("."):
                if _is_litter(name, path):
                    listing.litter.append(path)
            elif name.endswith(".md") and not rules.ignores(at + name):
                _add(listing, path, path.relative_to(root).as_posix(), base)
            elif may_be_foreign(name) and not rules.ignores(at + name):
                _add_foreign(listing, path, path.relative_to(root).as_posix())
    return listing


def _add_foreign(listing: Listing, path: Path, rel: str) -> None:
    """Names another tool's export in the folder (a regular file only, its head read)."""
    try:
        if path.is_symlink() or not path.is_file():
            return
        size = sniff_size(path.name)
        head = b""
        if size:
            with path.open("rb") as handle:
                head = handle.read(size)
    except OSError:
        return
    hint = foreign_file_hint(path.name, head)
    if hint is not None:
        listing.foreign.append(RefusedFile(rel, hint))


def list_deck_files(root: Path) -> list[DeckFile]:
    """The deck files ``list_deck_folder`` accepts (refused entries are left out)."""
    return list_deck_folder(root).files


def stat_deck_files(root: Path, rels: Iterable[str]) -> Listing:
    """The named files below ``root`` that exist and are not ignored (no walk of the folder)."""
    from tandem.decks.ignore import IgnoreRules

    rules = IgnoreRules(root)
    listing = Listing()
    base = root.resolve()
    for rel in sorted(set(rels)):
        path = root / rel
        if (path.is_symlink() or path.exists()) and not rules.ignores(rel):
            _add(listing, path, rel, base)
    return listing


def _add(listing: Listing, path: Path, rel: str, base: Path) -> None:
    try:
        listing.files.append(_deck_file(path, rel, _real(path, rel, base)))
    except RefusedFile as refused:
        listing.refused.append(refused)


def _real(path: Path, rel: str, base: Path) -> Path:
    """The regular file inside ``base`` that ``path`` is (itself or through links)."""
    if bad_char(rel) or any("\udc80" <= char <= "\udcff" for char in rel):
        raise RefusedFile(rel, "file: name contains control characters")
    try:
        mode = path.lstat().st_mode
        real = path.resolve(strict=True) if stat.S_ISLNK(mode) else path
        if real is not path and not _inside(real, base):
            raise RefusedFile(rel, "file: a symbolic link that leads out of the decks folder")
        mode = real.stat().st_mode
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "a loop"
        raise RefusedFile(rel, f"file: cannot be read ({reason})") from None
    if not stat.S_ISREG(mode):
        raise RefusedFile(rel, f"file: not a regular file ({_kind(mode)})")
    return real


def _inside(path: Path, base: Path) -> bool:
    return path == base or base in path.parents


def _kind(mode: int) -> str:
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a device", stat.S_ISBLK: "a device",
             stat.S_ISSOCK: "a socket", stat.S_ISDIR: "a folder"}  # fmt: skip
    return next((name for test, name in kinds.items() if test(mode)), "not a file")


def read_regular(path: Path, limit: int | None, rel: str | None = None) -> bytes:
    """Reads a regular file, never following a final link nor waiting on a FIFO.

    Raises:
        RefusedFile: not a regular file, larger than ``limit``, or unreadable.
    """
    name = rel if rel is not None else str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise RefusedFile(name, f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(name, f"file: not a regular file ({_kind(info.st_mode)})")
        if limit is not None and info.st_size > limit:
            message = f"file is too large ({info.st_size} bytes; the limit is {limit}); not checked"
            raise RefusedFile(name, message)
        return _read_all(handle, name, limit)
    finally:
        os.close(handle)


def _read_all(handle: int, name: str, limit: int | None) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := os.read(handle, _CHUNK):
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total > limit:  # it grew since fstat
                raise RefusedFile(name, f"file is too large (the limit is {limit}); not checked")
    except OSError as error:
        raise RefusedFile(name, f"cannot read: {error.strerror or error}") from None
    return b"".join(chunks)


def deck_target(root: Path, rel: str) -> Path:
    """Where to write the deck folder's file ``rel``: checked to stay inside the folder.

    Raises:
        BadInputError: ``rel`` leads out of the folder (``..`` or a link on the way), is a
            link itself (tandem never writes through one), or is not a regular file.
    """
    parts = PurePosixPath(rel).parts
    if not parts or ".." in parts or PurePosixPath(rel).is_absolute():
        raise BadInputError(f"{rel}: not inside the decks folder; nothing written")
    base = root.resolve()
    target = base.joinpath(*parts)
    parent = target.parent.resolve()
    if not _inside(parent, base):
        raise BadInputError(
            f"{rel}: a symbolic link on the way leads out of the decks folder; nothing written"
        )
    target = parent / target.name
    if target.is_symlink():
        raise BadInputError(f"{rel}: a symbolic link; tandem does not write through links")
    if target.exists() and not target.is_file():
        raise BadInputError(f"{rel}: not a regular file; nothing written")
    return target


def remove_litter(paths: Iterable[Path]) -> None:
    """Deletes temp files left by interrupted writes (as ``list_deck_folder`` found them)."""
    for path in paths:
        try:
            path.unlink()
        except OSError:
            continue  # gone already, or not ours to delete: the next sync tries again


def _is_litter(name: str, path: Path) -> bool:
    found = _TEMP.match(name)
    if found is None:
        return False
    pid = found.group(1)
    if pid is not None and int(pid) != os.getpid() and not process_alive(int(pid)):
        return True
    try:
        return time.time() - path.lstat().st_mtime > TEMP_AGE_S
    except OSError:
        return False


def _deck_file(path: Path, rel: str, real: Path | None = None) -> DeckFile:
    stat_ = (real or path).stat()
    return DeckFile(path, rel, stat_.st_size, stat_.st_mtime_ns, real=real)
