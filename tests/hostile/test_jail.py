"""Item 2: the decks folder is a jail. Links a git repository can carry never lead a read or a
write outside it; FIFOs and devices are never opened as deck files."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from tandem.services import Services
from tests.hostile.conftest import dump, folder, invoke, run
from tests.interop.conftest import CLOZE, edited_package


def _package_with_media(target: Path, name: str, data: bytes) -> Path:
    """The cloze fixture whose first note shows the image ``name`` (bytes ``data``)."""

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE notes SET flds = ? || flds WHERE id = (SELECT min(id) FROM notes)",
            (f'<img src="{name}">',),
        )

    edited = edited_package(CLOZE, target.with_name("edited.apkg"), edit)
    with zipfile.ZipFile(edited) as source, zipfile.ZipFile(target, "w") as archive:
        for member in source.namelist():
            if member not in ("media", "0"):
                archive.writestr(member, source.read(member))
        archive.writestr("media", json.dumps({"0": name}))
        archive.writestr("0", data)
    return target


def test_an_import_never_writes_media_through_a_link_out_of_the_folder(world: Path) -> None:
    outside = world / "home" / ".ssh"
    outside.mkdir(parents=True)
    keys = outside / "authorized_keys"
    keys.write_bytes(b"ssh-ed25519 AAAA mine\n")
    decks = world / "decks"
    (decks / "biology").mkdir()  # the package's deck Biology::Cells goes to biology/cells.md
    (decks / "biology" / "media").symlink_to(outside)
    package = _package_with_media(world / "evil.apkg", "authorized_keys", b"ssh-rsa EVIL\n")
    before, files = dump(world / "tandem.db"), folder(decks)
    result = invoke("import", str(package), "--as", "alice")
    assert result.exit_code == 65, result.output
    assert "leads out of the decks folder" in result.output
    assert keys.read_bytes() == b"ssh-ed25519 AAAA mine\n"
    assert sorted(os.listdir(outside)) == ["authorized_keys"]
    assert (dump(world / "tandem.db"), folder(decks)) == (before, files)


def test_a_session_is_never_created_through_a_link_out_of_the_folder(
    svc: Services, tmp_path: Path
) -> None:
    from tandem.models import BadInputError

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    svc.paths.decks.mkdir()
    (svc.paths.decks / "sessions").symlink_to(outside)
    svc.people.add("alice")
    with pytest.raises(BadInputError, match="leads out of the decks folder"):
        svc.authoring.start_session("Pairing", ["alice"])
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("command", ["sync", "check", "fmt"])
def test_a_deck_file_linked_to_dev_zero_is_refused_unread(world: Path, command: str) -> None:
    decks = world / "decks"
    (decks / "zero.md").symlink_to("/dev/zero")
    before, files = dump(world / "tandem.db"), folder(decks)
    args = [command, "--check"] if command == "fmt" else [command]
    result = run(*args, timeout=60)
    assert result.returncode == 65, result.stderr
    out = result.stdout + result.stderr
    assert b"zero.md:1: file: a symbolic link that leads out of the decks folder" in out
    assert (dump(world / "tandem.db"), folder(decks)) == (before, files)


@pytest.mark.parametrize("command", ["sync", "check"])
def test_a_fifo_named_like_a_deck_file_does_not_hang(world: Path, command: str) -> None:
    decks = world / "decks"
    os.mkfifo(decks / "pipe.md")
    before = dump(world / "tandem.db")
    result = run(command, timeout=60)
    assert result.returncode == 65, result.stderr
    assert b"pipe.md:1: file: not a regular file (a FIFO)" in result.stdout + result.stderr
    assert dump(world / "tandem.db") == before


def test_a_fifo_given_as_a_review_log_does_not_hang(world: Path) -> None:
    os.mkfifo(world / "log.jsonl")
    result = run("log", "import", str(world / "log.jsonl"), timeout=60)
    assert result.returncode == 66
    assert b"not a regular file" in result.stderr


def test_a_link_inside_the_folder_is_read_but_never_written_through(world: Path) -> None:
    decks = world / "decks"
    (decks / "real").mkdir()
    (decks / "real" / ".hidden.md").write_text("Q: new card\nA: no id yet\n")
    (decks / "alias.md").symlink_to(decks / "real" / ".hidden.md")
    before, files = dump(world / "tandem.db"), folder(decks)
    assert invoke("check").exit_code == 0  # it is read: a valid deck
    result = invoke("sync")
    assert result.exit_code == 65, result.output
    assert "a symbolic link; tandem does not write through links" in result.output
    assert (dump(world / "tandem.db"), folder(decks)) == (before, files)


def test_a_deck_folder_link_is_not_followed(world: Path) -> None:
    outside = world / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("Q: private\nA: not for the team\n")
    (world / "decks" / "linked").symlink_to(outside)
    result = invoke("sync")
    assert result.exit_code == 0, result.output
    assert (outside / "secret.md").read_text() == "Q: private\nA: not for the team\n"
    assert "linked" not in "".join(dump(world / "tandem.db"))


def test_new_files_follow_the_umask(world: Path) -> None:
    decks = world / "decks"
    (decks / "new.md").write_text("Q: a\nA: b\n")
    os.chmod(decks / "new.md", 0o640)
    old = os.umask(0o022)
    try:
        assert invoke("sync").exit_code == 0
        created = invoke("export", "--format", "anki-txt", "-o", str(world / "out.txt"))
        assert created.exit_code == 0, created.output
    finally:
        os.umask(old)
    assert stat.S_IMODE((decks / "new.md").stat().st_mode) == 0o640  # a file keeps its mode
    assert stat.S_IMODE((world / "out.txt").stat().st_mode) == 0o644  # a new one: the umask
