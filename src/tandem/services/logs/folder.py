"""Provides the log folder's layout: ``DIR/<person>/<device>.jsonl``, and appending to it.

Every device writes only its own files (one per person who studies on it and shares), and
only at their end, so a file-sync tool never sees two writers of one file and a git merge
of the folder is a union of new files and appended lines.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tandem.config.device import is_device_id
from tandem.config.settings import validate_person_name

SUFFIX = ".jsonl"


@dataclass(frozen=True)
class DeviceFile:
    """One device's file of one person's reviews."""

    person: str
    device: str
    path: Path

    @property
    def rel(self) -> str:
        """The file's name in the folder: ``person/device.jsonl``."""
        return f"{self.person}/{self.device}{SUFFIX}"


@dataclass(frozen=True)
class LogFolder:
    """The shared folder as this device sees it."""

    root: Path
    device: str

    def own_file(self, person: str) -> DeviceFile:
        """The file this device writes for ``person``."""
        return DeviceFile(person, self.device, self.root / person / f"{self.device}{SUFFIX}")

    def files(self) -> tuple[list[DeviceFile], list[str]]:
        """Every device file, by person then device, and what was found that is not one.

        Hidden names (a sync tool's own files, such as ``.stfolder``) are passed over.
        """
        found: list[DeviceFile] = []
        odd: list[str] = []
        for folder in _listing(self.root):
            if folder.is_symlink():  # the folder is shared: a link could lead anywhere
                odd.append(f"{folder}: a symbolic link; not read")
                continue
            if not folder.is_dir():
                continue
            try:
                validate_person_name(folder.name)
            except ValueError:
                odd.append(f"{folder}: not a person's folder (a name like alice); not read")
                continue
            files, problems = self.person_files(folder.name)
            found += files
            odd += problems
        return found, odd

    def person_files(self, person: str) -> tuple[list[DeviceFile], list[str]]:
        """``person``'s device files, and the files of their folder that are not one."""
        found, odd = [], []
        for path in _listing(self.root / person):
            if path.suffix == SUFFIX and path.is_symlink():
                odd.append(f"{path}: a symbolic link; not read")
                continue
            if path.suffix != SUFFIX or not path.is_file():
                continue
            if is_device_id(path.stem):
                found.append(DeviceFile(person, path.stem, path))
            else:
                odd.append(f"{path}: not a device's file (a sync tool's conflict copy?); not read")
        return found, odd


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except (FileNotFoundError, NotADirectoryError):
        return []


def append_lines(path: Path, lines: list[str], *, sync: bool) -> None:
    """Appends ``lines`` to ``path`` in one write, creating the file (and the person's folder,
    not the log folder itself).

    A last line left without its newline (a crash while writing) is ended first, so the
    torn line stays one bad line and the new ones are whole. ``sync`` waits for the disk
    (``fsync``); without it, a line lost in a crash is published again by the next sync.

    Raises:
        OSError: the folder or file cannot be written.
    """
    if not lines:
        return
    path.parent.mkdir(exist_ok=True)  # the person's folder; a folder not mounted stays absent
    payload = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "ab+") as out:
        size = out.seek(0, os.SEEK_END)
        if size:
            out.seek(size - 1)
            if out.read(1) != b"\n":
                payload = b"\n" + payload
        view = memoryview(payload)
        while view:
            written = os.write(out.fileno(), view)
            view = view[written:]
        if sync:
            os.fsync(out.fileno())
