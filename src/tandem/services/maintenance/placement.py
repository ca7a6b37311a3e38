"""Provides the warning for databases kept where SQLite in WAL mode is not safe."""

from __future__ import annotations

from pathlib import Path

CLOUD_FOLDERS = (
    "dropbox",
    "onedrive",
    "icloud drive",
    "icloud",
    "mobile documents",
    "google drive",
    "googledrive",
    "my drive",
    "pcloud",
    "box sync",
    "nextcloud",
    "owncloud",
    "megasync",
    "sync.com",
)
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ncpfs", "glusterfs", "ceph",
    "davfs", "fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.s3fs", "fuse.gcsfuse",
}  # fmt: skip


def unsafe_location(database: Path, mounts: str | None = None) -> str | None:
    """Says why ``database`` sits somewhere unsafe for SQLite, or ``None`` when it does not.

    Args:
        database: the database file (it need not exist yet).
        mounts: the text of ``/proc/mounts`` (read from the system when not given).
    """
    path = database.expanduser().absolute()
    for part in path.parts:
        if part.lower() in CLOUD_FOLDERS or part.lower().startswith("onedrive -"):
            return (
                f"{database} is inside a cloud-sync folder ({part}); SQLite databases can be "
                "corrupted there. Keep the database on a local disk and share deck files and "
                "review logs instead (tandem log export)."
            )
    fstype = _filesystem(path, mounts)
    if fstype in NETWORK_FILESYSTEMS:
        return (
            f"{database} is on a network file system ({fstype}); SQLite in WAL mode is not "
            "safe there. Keep the database on a local disk."
        )
    return None


def _filesystem(path: Path, mounts: str | None) -> str | None:
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return None
    best, fstype = -1, None
    text = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, fstype = len(point), fields[2]
    return fstype
