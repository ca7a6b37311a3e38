"""The warning for databases on network file systems or in cloud-sync folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.services.maintenance.placement import unsafe_location

MOUNTS = """/dev/sda1 / ext4 rw 0 0
server:/export /mnt/nfs nfs4 rw 0 0
//host/share /mnt/share\\040drive cifs rw 0 0
/dev/sdb1 /mnt/nfs/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    "path",
    [
        "/home/a/Dropbox/tandem.db",
        "/Users/a/Library/Mobile Documents/com~apple~CloudDocs/t.db",
        "/home/a/OneDrive - Contoso/t.db",
        "/home/a/Google Drive/t.db",
    ],
)
def test_cloud_sync_folders_are_unsafe(path: str) -> None:
    warning = unsafe_location(Path(path), MOUNTS)
    assert warning is not None
    assert "cloud-sync folder" in warning


def test_network_file_systems_are_unsafe() -> None:
    assert "nfs4" in (unsafe_location(Path("/mnt/nfs/t.db"), MOUNTS) or "")
    assert "cifs" in (unsafe_location(Path("/mnt/share drive/t.db"), MOUNTS) or "")


def test_local_disks_are_fine() -> None:
    assert unsafe_location(Path("/home/a/.local/share/tandem/t.db"), MOUNTS) is None
    assert unsafe_location(Path("/mnt/nfs/local/t.db"), MOUNTS) is None  # the deeper mount wins
    assert unsafe_location(Path("/mnt/nfsother/t.db"), MOUNTS) is None
