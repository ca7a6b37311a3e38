"""Provides the images of Markdown decks from other programs, read from beside their files.

A deck of another Markdown tool refers to images by a path relative to its file
(``![](art/painting.png)``); tandem keeps media in a ``media/`` folder beside its deck file.
Each image is read (a regular file inside the folder being imported, no link leading out,
under a size cap) and its reference rewritten to ``media/NAME``. Anything else is left as it
is, with a warning: web images, paths leading outside, missing or oversized files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from tandem.interop.anki_model import MediaFile
from tandem.interop.medianames import MEDIA_FOLDER, safe_media_name

# ``![alt](target)``, with no ``[`` in the alt text and no ``(`` in the target: each image
# then reads only its own text (``[^\]\n]*`` ran from every ``![`` to the line's end, so a
# line of ``![`` took seconds per 10 KB, growing with its square). Markdown reads
# ``![a[b](x)`` as text and a link, not as an image with the alt text ``a[b``.
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\(([^()\s]+)\)")
MAX_MEDIA_BYTES = 100 << 20


@dataclass
class MediaReader:
    """Collects the image files that imported text refers to, within ``root``."""

    root: Path
    files: dict[str, MediaFile] = field(default_factory=dict)  # by safe name
    warnings: list[str] = field(default_factory=list)

    def relink(self, text: str, folder: Path, names: list[str]) -> str:
        """``text`` with each local image pointing into ``media/``; adds the names used."""

        def swap(match: re.Match[str]) -> str:
            alt, target = match.group(1), match.group(2)
            name = self._read(folder, target)
            if name is None:
                return match.group(0)
            if name not in names:
                names.append(name)
            return f"![{alt}]({MEDIA_FOLDER}/{name})"

        return _IMAGE.sub(swap, text)

    def _read(self, folder: Path, target: str) -> str | None:
        if "://" in target or target.startswith(("data:", "#")):
            return None  # a web image stays a link
        path = (folder / unquote(target)).resolve()
        root = self.root.resolve()
        if not path.is_relative_to(root):
            self._warn(f"image {target!r} lies outside {self.root}; not copied")
            return None
        safe = safe_media_name(path.name)
        try:
            if safe is None or not path.is_file() or path.stat().st_size > MAX_MEDIA_BYTES:
                self._warn(f"image {target!r} is missing, not a file or too large; not copied")
                return None
            if safe not in self.files:
                self.files[safe] = MediaFile(safe, path.read_bytes())
        except OSError as error:
            self._warn(f"image {target!r} cannot be read ({error.strerror}); not copied")
            return None
        return safe

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
