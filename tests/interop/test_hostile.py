"""Hostile and broken packages: all refused with exit 65, naming the file, nothing written."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard
from click.testing import CliRunner

from tandem.cli import cli
from tandem.interop import Limits
from tandem.services import Services
from tandem.storage.db import Store
from tests.interop.conftest import CLOZE, VOCAB, edited_package

SMALL = Limits(members=20, collection_bytes=1 << 20, media_file_bytes=1 << 16,
               media_total_bytes=1 << 17)  # fmt: skip


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _legacy_members() -> dict[str, bytes]:
    with zipfile.ZipFile(CLOZE) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_slip(tmp: Path) -> Path:
    return _zip(tmp / "slip.apkg", {**_legacy_members(), "../../evil.sh": b"echo pwned"})


def absolute_member(tmp: Path) -> Path:
    return _zip(tmp / "abs.apkg", {**_legacy_members(), "/etc/evil": b"x"})


def zip_bomb(tmp: Path) -> Path:
    return _zip(tmp / "bomb.apkg", {"collection.anki21": b"\0" * (4 << 20), "media": b"{}"})


def lying_zip_header(tmp: Path) -> Path:
    path = _zip(tmp / "lie.apkg", {"collection.anki21": b"\0" * 1000, "media": b"{}"})
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def zstd_bomb(tmp: Path) -> Path:
    frame = zstandard.ZstdCompressor().compress(b"\0" * (8 << 20))
    return _zip(tmp / "zbomb.apkg", {"collection.anki21b": frame, "collection.anki2": b"x"})


def zstd_bomb_streamed(tmp: Path) -> Path:
    compressor = zstandard.ZstdCompressor().compressobj()  # no content size in the header
    frame = compressor.compress(b"\0" * (8 << 20)) + compressor.flush()
    return _zip(tmp / "zbomb2.apkg", {"collection.anki21b": frame})


def truncated(tmp: Path) -> Path:
    path = tmp / "truncated.apkg"
    path.write_bytes(VOCAB.read_bytes()[: VOCAB.stat().st_size // 2])
    return path


def not_a_zip(tmp: Path) -> Path:
    path = tmp / "notzip.apkg"
    path.write_text("this is not a package\n")
    return path


def no_collection(tmp: Path) -> Path:
    return _zip(tmp / "empty.apkg", {"media": b"{}"})


def not_sqlite(tmp: Path) -> Path:
    return _zip(tmp / "notsqlite.apkg", {"collection.anki21": b"hello" * 100})


def wrong_database(tmp: Path) -> Path:
    db = tmp / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE things (id INTEGER)")
    conn.commit()
    conn.close()
    return _zip(tmp / "wrongdb.apkg", {"collection.anki21": db.read_bytes()})


def corrupt_database(tmp: Path) -> Path:
    data = bytearray(_legacy_members()["collection.anki21"])
    data[4096:] = b"\xff" * (len(data) - 4096)
    return _zip(tmp / "corruptdb.apkg", {"collection.anki21": bytes(data)})


def unsafe_media_name(tmp: Path) -> Path:
    members = {**_legacy_members(), "media": json.dumps({"0": "../x.png"}).encode(), "0": b"x"}
    return _zip(tmp / "media.apkg", members)


def too_many_members(tmp: Path) -> Path:
    return _zip(tmp / "many.apkg", {**_legacy_members(), **{str(i): b"" for i in range(30)}})


def bad_text_header(tmp: Path) -> Path:
    path = tmp / "bad.txt"
    path.write_text("#separator:nonsense\na\tb\n")
    return path


HOSTILE: list[Callable[[Path], Path]] = [
    zip_slip, absolute_member, zip_bomb, lying_zip_header, zstd_bomb, zstd_bomb_streamed,
    truncated, not_a_zip, no_collection, not_sqlite, wrong_database, corrupt_database,
    unsafe_media_name, too_many_members, bad_text_header,
]  # fmt: skip


@pytest.mark.parametrize("build", HOSTILE, ids=lambda f: f.__name__)
def test_refused_with_exit_65_and_nothing_written(
    build: Callable[[Path], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tandem.services.anki.importing.Limits", lambda: SMALL)
    runner = CliRunner()
    assert runner.invoke(cli, ["people", "add", "alice"]).exit_code == 0
    package = build(tmp_path)
    result = runner.invoke(cli, ["import", str(package), "--as", "alice"])
    assert result.exit_code == 65, result.output
    assert package.name in result.output
    decks = tmp_path / "decks"
    assert not decks.exists() or not any(decks.rglob("*"))
    assert not (tmp_path / "evil.sh").exists()
    store = Store(tmp_path / "tandem.db")
    try:
        assert store.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    finally:
        store.close()


def test_default_limits_refuse_a_declared_bomb(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(lying_zip_header(tmp_path))])
    assert result.exit_code == 65
    assert "too large" in result.output


def test_missing_file_is_66(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "nope.apkg")])
    assert result.exit_code == 66


def test_text_in_number_columns_and_impossible_times_are_read_safely(
    svc: Services, tmp_path: Path
) -> None:
    def edit(conn: sqlite3.Connection) -> None:
        first, second = (row[0] for row in conn.execute("SELECT id FROM revlog LIMIT 2"))
        conn.execute("UPDATE revlog SET id = 99999999999999999 WHERE id = ?", (first,))
        conn.execute("UPDATE revlog SET time = 'slow', ease = '3' WHERE id = ?", (second,))
        conn.execute("UPDATE cards SET did = 'a deck?' WHERE ord = 1")

    svc.people.add("alice")
    package = edited_package(CLOZE, tmp_path / "typed.apkg", edit)
    summary = svc.importer.run(package, person="alice")
    assert summary.skipped == {"review-log entries with an impossible time": 1}
    assert (summary.notes, summary.reviews) == (10, 4)
