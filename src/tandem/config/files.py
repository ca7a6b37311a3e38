"""Provides writing a file atomically: a temp file beside it, fsynced, renamed over it."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from tandem.models import StorageError


def copy_atomically(path: Path, source: Path) -> None:
    """``write_atomically`` with the bytes of the file ``source``, streamed (never all in
    memory).

    Raises:
        StorageError: the file could not be written (disk full, read-only, no permission).
    """
    with source.open("rb") as data:
        _write_atomically(path, lambda out: shutil.copyfileobj(data, out, 1 << 20))


def write_atomically(path: Path, data: bytes) -> None:
    """Writes ``data`` to a temp file beside ``path``, fsyncs it, and renames it over.

    A new file gets the permissions the umask gives (``mkstemp`` makes it 0600); a file
    that was there keeps its own. The temp file's name holds this process's id, so a later
    run can tell the litter of a writer that was killed (``tandem.decks.files``).

    Raises:
        StorageError: the file could not be written (disk full, read-only, no permission).
    """
    _write_atomically(path, lambda out: out.write(data))


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    try:
        handle, temp = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=f".{os.getpid()}.tmp", dir=path.parent
        )
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _write_error(path, error) from None
        raise


def _write_error(path: Path, error: OSError) -> StorageError:
    return StorageError(f"{path}: cannot write: {error.strerror or error}; nothing was changed")


@lru_cache(maxsize=1)
def _umask() -> int:
    """The process's umask. Linux tells it in /proc; elsewhere setting it is the only way
    to read it (set and set back at once)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def open_regular(path: Path) -> BinaryIO:
    """Opens a file given by the user for reading; a FIFO or a device is refused at once
    (opened without waiting for a writer, then checked).

    Raises:
        OSError: the file cannot be opened, or is not a regular file (``EINVAL``).
    """
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(22, "not a regular file", str(path))
        os.set_blocking(handle, True)
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def process_alive(pid: int) -> bool:
    """Tells whether a process with this id runs on this machine (then its files are not
    litter, whoever owns it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, and belongs to someone else
        return True
    return True
