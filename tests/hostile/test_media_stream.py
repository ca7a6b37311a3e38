"""Item 8 (packages): an import streams a package's media to disk, never holding them all in
memory; every cap is kept while streaming. Peak memory: benchmarks/hostile.py (``apkg``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tandem.interop import Limits
from tandem.interop.archive import Archive
from tandem.models import BadInputError
from tests.hostile.conftest import dump, folder, invoke
from tests.hostile.test_jail import _package_with_media
from tests.hostile.test_memory import LIMIT_KB, peak

PICTURE = bytes(range(256)) * 4_000  # 1 MB


def package_of_media(target: Path, blob: bytes, count: int) -> Path:
    """The cloze fixture with ``count`` media files of bytes ``blob`` listed in its media map
    (the first shown by a note): an import reads them all."""
    import json
    import zipfile

    shown = _package_with_media(target.with_name("one.apkg"), "cell.png", b"")
    names = {str(number): f"cell{number or ''}.png" for number in range(count)}
    with zipfile.ZipFile(shown) as source, zipfile.ZipFile(target, "w") as archive:
        for member in source.namelist():
            if member not in names and member != "media":
                archive.writestr(member, source.read(member))
        archive.writestr("media", json.dumps(names))
        for member in names:
            archive.writestr(member, blob)
    return target


def test_media_go_to_the_decks_folder_without_being_read_into_memory(
    world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = Archive.read

    def only_small(self: Archive, name: str, cap: int) -> bytes:
        assert name != "0", "a media file was read into memory"
        return read(self, name, cap)

    monkeypatch.setattr(Archive, "read", only_small)
    package = _package_with_media(world / "pics.apkg", "cell.png", PICTURE)
    result = invoke("import", str(package), "--as", "alice")
    assert result.exit_code == 0, result.output
    assert (world / "decks" / "biology" / "media" / "cell.png").read_bytes() == PICTURE
    litter = [n for n in os.listdir(world / "decks" / "biology" / "media") if n != "cell.png"]
    assert litter == []


def test_a_media_file_over_its_cap_is_refused_while_it_streams(world: Path) -> None:
    from tandem.config import resolve_paths
    from tandem.services import build_services

    package = _package_with_media(world / "big.apkg", "cell.png", PICTURE)
    before, files = dump(world / "tandem.db"), folder(world / "decks")
    svc = build_services(resolve_paths())
    try:
        svc.importer.limits = Limits(media_file_bytes=100_000)
        with pytest.raises(BadInputError, match=r"member '0' is (too large|over 100000 bytes)"):
            svc.importer.run(package)
    finally:
        svc.close()
    assert (dump(world / "tandem.db"), folder(world / "decks")) == (before, files)


@pytest.mark.slow
def test_a_package_of_180_mb_of_media_is_imported_in_under_200_mb(world: Path) -> None:
    big = os.urandom(60 << 20)
    package = package_of_media(world / "pics.apkg", big, 3)
    code, kb = peak("import", str(package), "--as", "alice")
    assert code == 0
    assert kb < LIMIT_KB, f"{kb} KB"
    assert (world / "decks" / "biology" / "media" / "cell.png").read_bytes() == big
