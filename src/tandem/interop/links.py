"""Provides the rule for which link targets a card may hold, in either direction."""

from __future__ import annotations

import re
from urllib.parse import quote

from tandem.interop.medianames import MEDIA_FOLDER, safe_media_name

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# What a Markdown link destination keeps as it stands (the rest is percent-encoded).
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def allowed_link(url: str) -> bool:
    """Whether ``url`` may be a link: http, https or mailto, or a media file name.

    ``javascript:``, ``data:``, ``vbscript:``, ``file:`` and every other scheme are refused,
    as is a relative path that is not one safe media file name (``media/NAME`` or ``NAME``).
    """
    url = url.strip()
    scheme = _SCHEME.match(url)
    if scheme:
        return scheme.group(1).lower() in ALLOWED_SCHEMES and not _hidden_chars(url)
    return media_target(url) is not None


def media_target(url: str) -> str | None:
    """The media file name a relative link names (``media/NAME`` or ``NAME``), or None."""
    name = url.strip().removeprefix(f"{MEDIA_FOLDER}/")
    if not name or _SCHEME.match(name) or _hidden_chars(name):
        return None
    return name if safe_media_name(name) is not None and "/" not in name else None


def markdown_destination(url: str) -> str:
    """``url`` as a Markdown link destination (spaces, brackets and quotes percent-encoded)."""
    url = url.strip()
    return quote(url, safe=_URL_SAFE + ("()" if _balanced(url) else ""))


def _balanced(url: str) -> bool:
    depth = 0
    for char in url:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _hidden_chars(url: str) -> bool:
    return any(ord(char) < 32 or char.isspace() for char in url)
