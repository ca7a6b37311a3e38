"""Media files of cards are read from inside the decks folder only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tandem.decks.media import media_rel, read_media

PNG = b"\x89PNG\r\n\x1a\n not really"


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    root = tmp_path / "decks"
    (root / "media").mkdir(parents=True)
    (root / "media" / "flag.png").write_bytes(PNG)
    (root / "anki" / "media").mkdir(parents=True)
    (root / "anki" / "media" / "cell.png").write_bytes(b"cell")
    return root


@pytest.mark.parametrize(
    ("deck", "target", "rel"),
    [
        ("git.md", "media/flag.png", "media/flag.png"),
        ("anki/bio.md", "media/cell.png", "anki/media/cell.png"),
        ("anki/bio.md", "../media/flag.png", "media/flag.png"),
        ("anki/bio.md", "./media/my%20cell.png", "anki/media/my cell.png"),
        ("git.md", "../outside.png", None),
        ("anki/bio.md", "../../etc/passwd", None),
        ("git.md", "/etc/passwd", None),
        ("git.md", "https://example.com/x.png", None),
        ("git.md", "file:///etc/passwd", None),
        ("git.md", "data:image/png;base64,AAAA", None),
        ("git.md", "media\\flag.png", None),
        ("git.md", "media/bad\x1b[2J.png", None),
        ("git.md", "", None),
    ],
)
def test_media_names_resolve_inside_the_folder_or_not_at_all(
    deck: str, target: str, rel: str | None
) -> None:
    assert media_rel(deck, target) == rel


def test_a_media_file_is_read_beside_its_deck_then_from_the_folder(decks: Path) -> None:
    assert read_media(decks, "git.md", "media/flag.png").data == PNG
    assert read_media(decks, "anki/bio.md", "media/cell.png").data == b"cell"
    assert read_media(decks, "anki/bio.md", "media/flag.png").data == PNG  # the folder's media/


def test_missing_outside_linked_out_large_and_odd_files_give_their_reason(
    decks: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"secret")
    (decks / "media" / "link.png").symlink_to(secret)
    (decks / "media" / "via").symlink_to(tmp_path)
    (decks / "media" / "inside.png").symlink_to(decks / "media" / "flag.png")
    (decks / "media" / "big.png").write_bytes(b"x" * 101)
    os.mkfifo(decks / "media" / "fifo.png")
    (decks / "media" / "folder.png").mkdir()
    (decks / "media" / "zero.png").symlink_to("/dev/zero")

    def problem(target: str) -> str | None:
        read = read_media(decks, "git.md", target, limit=100)
        assert read.data is None or read.problem is None
        return read.problem

    assert problem("media/gone.png") == "missing"
    assert problem("../secret.png") == "outside the decks folder"
    assert problem("media/link.png") == "a link out of the decks folder"
    assert problem("media/via/secret.png") == "a link out of the decks folder"
    assert problem("media/big.png") == "too large"
    assert problem("media/fifo.png") == "not a regular file"  # never opened for reading
    assert problem("media/folder.png") == "not a regular file"
    assert problem("media/zero.png") == "a link out of the decks folder"  # never read
    assert read_media(decks, "git.md", "media/inside.png").data == PNG  # a link inside is fine
