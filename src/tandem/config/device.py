"""Provides this device's id: made once, then kept in the config folder's ``device`` file.

The id names the device's own file in the shared review log folder
(``DIR/<person>/<device>.jsonl``), and only this device writes that file. It is kept apart
from ``config.toml`` on purpose: people copy their config between machines, and two machines
with one id would write the same file.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import tempfile
from contextlib import suppress
from pathlib import Path

from tandem.models import BadInputError

DEVICE_FILE = "device"
"""The file in the config folder that holds the device id."""

_VALID = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
_ALPHABET = "abcdefghjkmnpqrstvwxyz0123456789"


def is_device_id(text: str) -> bool:
    """Whether ``text`` is a device id: lower-case letters, digits and ``-``, at most 48."""
    return bool(_VALID.match(text))


def device_id(config_dir: Path) -> str:
    """This device's id, made (from the host name and 4 random characters) on first use.

    Raises:
        BadInputError: the ``device`` file holds something that is not a device id.
    """
    path = config_dir / DEVICE_FILE
    found = _read(path)
    if found is not None:
        return found
    config_dir.mkdir(parents=True, exist_ok=True)
    made = f"{_host_slug()}-{''.join(secrets.choice(_ALPHABET) for _ in range(4))}"
    handle, temp = tempfile.mkstemp(prefix=".device.", dir=config_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(made + "\n")
            out.flush()
            os.fsync(out.fileno())
        with suppress(FileExistsError):  # another process made the id first: theirs counts
            os.link(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
    found = _read(path)
    assert found is not None
    return found


def _read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInputError(f"{path}: cannot read the device id: {error}") from None
    if not is_device_id(text):
        raise BadInputError(
            f"{path}: {text[:60]!r} is not a device id (lower-case letters, digits and '-'); "
            "delete the file to get a new one"
        )
    return text


def _host_slug() -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", socket.gethostname().lower()).strip("-")[:24].strip("-")
    return slug or "device"
