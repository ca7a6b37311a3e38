"""Provides safe reading of an untrusted zip package: exact names, member and size caps.

Nothing is ever extracted by member name: members are read into memory by exact name, with
the declared size checked first and the real size capped while streaming (zip bombs and
lying headers fail fast). zstd data is stream-decompressed with a cap as well.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO, Protocol

from tandem.models import BadInputError

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """Caps that an untrusted package must stay under."""

    members: int = 100_000
    collection_bytes: int = 1 << 30
    media_file_bytes: int = 100 << 20
    media_total_bytes: int = 2 << 30
    read_seconds: float = 120.0
    """How long reading the collection's tables may take."""


class Archive:
    """A zip file opened for reading members by exact name. Use as a context manager."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.limits = path, limits
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, EOFError, ValueError) as error:
            raise BadInputError(f"{path}: not a valid zip package ({error})") from None
        except OSError as error:
            raise BadInputError(f"{path}: cannot read: {error.strerror}") from None
        infos = self._zip.infolist()
        if len(infos) > limits.members:
            self.close()
            raise BadInputError(f"{path}: too many members ({len(infos)} > {limits.members})")
        self._infos = {info.filename: info for info in infos}
        for name in self._infos:
            if not is_plain_name(name):
                self.close()
                raise BadInputError(f"{path}: suspicious member name {name!r}; refused")

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str, cap: int) -> bytes:
        """The member ``name``'s bytes, refusing more than ``cap`` (declared or real)."""
        info = self._infos.get(name)
        if info is None:
            raise BadInputError(f"{self.path}: no member {name!r}")
        if info.file_size > cap:
            raise BadInputError(
                f"{self.path}: member {name!r} is too large ({info.file_size} bytes > {cap})"
            )
        out = bytearray()
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    if len(out) > cap:
                        raise BadInputError(f"{self.path}: member {name!r} is over {cap} bytes")
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise BadInputError(f"{self.path}: member {name!r} is corrupt ({error})") from None
        return bytes(out)

    def head(self, name: str, size: int) -> bytes:
        """The first ``size`` bytes of the member ``name`` (it exists)."""
        try:
            with self._zip.open(self._infos[name]) as member:
                return member.read(size)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise BadInputError(f"{self.path}: member {name!r} is corrupt ({error})") from None

    def copy_to(self, name: str, cap: int, out: BinaryIO, *, zstd: bool = False) -> None:
        """Writes the member ``name`` (decompressed from zstd with ``zstd``) to ``out`` as it
        is read, refusing more than ``cap`` bytes: the collection never sits in memory."""
        info = self._infos.get(name)
        if info is None:
            raise BadInputError(f"{self.path}: no member {name!r}")
        if info.file_size > cap and not zstd:
            raise BadInputError(
                f"{self.path}: member {name!r} is too large ({info.file_size} bytes > {cap})"
            )
        what = f"{self.path}: {name}"
        try:
            if zstd:
                with self._zip.open(info) as head:  # a frame header: at most 18 bytes
                    _check_declared(head.read(18), cap, what)
            with self._zip.open(info) as member:
                if zstd:
                    _copy_unzstd(member, out, cap, what)
                else:
                    _copy_capped(member, out, cap, what)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise BadInputError(f"{self.path}: member {name!r} is corrupt ({error})") from None


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _check_declared(head: bytes, cap: int, what: str) -> None:
    import zstandard  # deferred: only packages in the latest format need it

    try:
        declared = zstandard.frame_content_size(head)
    except zstandard.ZstdError as error:
        raise BadInputError(f"{what}: not zstd data ({error})") from None
    if declared > cap:
        raise BadInputError(f"{what}: decompresses to {declared} bytes (> {cap}); refused")


def _copy_unzstd(member: IO[bytes], out: BinaryIO, cap: int, what: str) -> None:
    import zstandard

    reader = zstandard.ZstdDecompressor().stream_reader(member, read_across_frames=True)
    try:
        _copy_capped(reader, out, cap, what)
    except zstandard.ZstdError as error:
        raise BadInputError(f"{what}: corrupt zstd data ({error})") from None


def _copy_capped(source: _Readable, out: BinaryIO, cap: int, what: str) -> None:
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > cap:
            raise BadInputError(f"{what}: decompresses to more than {cap} bytes; refused")
        out.write(chunk)


def unzstd(data: bytes, cap: int, what: str) -> bytes:
    """Stream-decompresses zstd ``data``, refusing output larger than ``cap`` bytes."""
    import zstandard  # deferred: only packages in the latest format need it

    try:
        declared = zstandard.frame_content_size(data)
    except zstandard.ZstdError as error:
        raise BadInputError(f"{what}: not zstd data ({error})") from None
    if declared > cap:
        raise BadInputError(f"{what}: decompresses to {declared} bytes (> {cap}); refused")
    out = bytearray()
    reader = zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True)
    try:
        while chunk := reader.read(_CHUNK):
            out += chunk
            if len(out) > cap:
                raise BadInputError(f"{what}: decompresses to more than {cap} bytes; refused")
    except zstandard.ZstdError as error:
        raise BadInputError(f"{what}: corrupt zstd data ({error})") from None
    return bytes(out)


def maybe_unzstd(data: bytes, cap: int, what: str) -> bytes:
    """``data`` decompressed when it is a zstd frame, else as is."""
    return unzstd(data, cap, what) if data.startswith(ZSTD_MAGIC) else data


def is_plain_name(name: str) -> bool:
    """Tells whether ``name`` is one harmless path component (no ``..``, slash, NUL)."""
    return (
        name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
        and ":" not in name
        and not name.startswith("~")
        and len(name.encode("utf-8", "replace")) <= 255
    )
