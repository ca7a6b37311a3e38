"""Provides safe media file names and the Markdown links that point to them."""

from __future__ import annotations

import re
from urllib.parse import unquote

MEDIA_FOLDER = "media"
_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_media_name(name: str) -> str | None:
    """A file name safe to write in the media folder, or None for a name that is not one.

    Names with a path (``/``, ``\\``, ``..``), NUL or control characters are refused;
    other characters outside letters, digits, ``.``, ``-`` and ``_`` become ``_``.
    """
    name = unquote(name.strip())
    if not name or "/" in name or "\\" in name or name in (".", "..") or "\x00" in name:
        return None
    if any(ord(char) < 32 for char in name):
        return None
    safe = _UNSAFE.sub("_", name).lstrip(".")
    return safe[:200] or None


def media_link(safe_name: str, *, image: bool) -> str:
    """The Markdown that refers to a media file (an image, or a link for sound)."""
    target = f"{MEDIA_FOLDER}/{safe_name}"
    return f"![]({target})" if image else f"[sound: {safe_name}]({target})"
