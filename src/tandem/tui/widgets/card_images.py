"""Provides images in cards: ``![alt](media/x.png)`` drawn in the terminal, else its alt text.

An image in a paragraph of its own level (not inside a list, quote or table) is cut out of
the card's Markdown and drawn by ``textual-image``: Kitty graphics or Sixel where the
terminal answers that it has them, else half-cell blocks. The file is read through the
services (inside the decks folder only) and decoded here with Pillow; a file that is
missing, outside the folder, too large or not an image shows the alt text and why.

What the terminal can draw is asked before Textual starts reading the keyboard:
``prepare_images`` does that in ``run_app``, in one round trip (``tui/terminal_graphics``),
and ``textual-image`` (with Pillow) is imported only when a card first shows an image; an app
started otherwise on a terminal shows alt text.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tandem.render.terminal import shown

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from tandem.tui.terminal_graphics import Graphics

MAX_ROWS = 16
"""The most terminal rows an image takes; it keeps its proportions."""
PIXELS_PER_ROW = 20
"""A usual terminal cell's height in pixels: an image is about as tall as it is on a page."""
MAX_PIXELS = 25_000_000
"""The most pixels an image may have to be decoded (a decompression bomb is refused)."""
_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]\n]*)\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_OFF = ("0", "off", "no", "false")


class MediaFile(Protocol):
    """What the services give for a media file (``Services.read_media``)."""

    @property
    def data(self) -> bytes | None: ...

    @property
    def problem(self) -> str | None: ...


MediaReader = Callable[[str], MediaFile]
"""Reads a card's media file by the name the card gives it."""


@dataclass(frozen=True)
class ImageRef:
    """An image the card shows: its alt text and the file name as written."""

    alt: str
    target: str


def split_images(text: str) -> list[str | ImageRef] | None:
    """The card text cut into Markdown pieces and the images of its top-level paragraphs,
    in order; None when it has no such image."""
    if "![" not in text:
        return None
    from tandem.tui.widgets.card_side import card_parser

    tokens = card_parser().parse(text)
    lines = text.split("\n")
    pieces: list[str | ImageRef] = []
    cursor = 0
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.level != 0 or token.map is None:
            continue
        children = tokens[index + 1].children or []
        if not any(child.type == "image" for child in children):
            continue
        start, end = token.map
        pieces.append("\n".join(lines[cursor:start]))
        pieces.extend(_cut("\n".join(lines[start:end])))
        cursor = end
    if not any(isinstance(piece, ImageRef) for piece in pieces):
        return None
    pieces.append("\n".join(lines[cursor:]))
    return [p if isinstance(p, ImageRef) else p.strip("\n") for p in pieces
            if isinstance(p, ImageRef) or p.strip()]  # fmt: skip


def _cut(paragraph: str) -> list[str | ImageRef]:
    pieces: list[str | ImageRef] = []
    at = 0
    for found in _IMAGE.finditer(paragraph):
        pieces.append(paragraph[at : found.start()].strip())
        pieces.append(ImageRef(found["alt"].strip(), found["src"]))
        at = found.end()
    pieces.append(paragraph[at:].strip())
    return pieces


def decode_image(data: bytes) -> PILImage | str:
    """The decoded image, or why it is not one ("not an image", "too large")."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                return "too large"
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "too large"
    except (OSError, ValueError, SyntaxError, EOFError):  # what Pillow raises on bad data
        return "not an image"
    return image


def prepare_images(decks: Path) -> None:
    """Asks the terminal how it draws images (Sixel, Kitty graphics, else half-cell blocks)
    and a cell's size, in one round trip; call before the app starts. Only on a terminal,
    only when the decks folder has a ``media`` folder, and not with ``TANDEM_IMAGES=off``."""
    if os.environ.get("TANDEM_IMAGES", "").lower() in _OFF or not _on_terminal():
        return
    if not any(decks.glob(pattern) for pattern in ("media", "*/media", "*/*/media")):
        return
    from tandem.tui.terminal_graphics import ask_terminal

    global _graphics  # noqa: PLW0603 - set once, before the app starts
    _graphics = ask_terminal()  # one round trip, not textual-image's three waits


_graphics: Graphics | None = None
"""What the terminal answered ``prepare_images``; None: it was not asked."""


def _on_terminal() -> bool:
    out, into = sys.__stdout__, sys.__stdin__
    return bool(out and into and out.isatty() and into.isatty())


def _image_widget() -> Callable[..., Widget] | None:
    """The widget that draws images: as the terminal answered ``prepare_images`` (imported
    with the first image, asking nothing), or ``textual-image``'s own when output goes to no
    terminal (nothing to ask); else None."""
    if _graphics is not None:
        return _drawer(_graphics)
    out = sys.__stdout__
    if out is not None and out.isatty():
        return None
    from textual_image.widget import Image

    return Image


@functools.cache
def _drawer(graphics: Graphics) -> Callable[..., Widget]:
    from tandem.tui.terminal_graphics import answers_known

    with answers_known(graphics):
        import textual_image.widget as drawers
    return {
        "sixel": drawers.SixelImage,
        "kitty": drawers.TGPImage,
        "halfcell": drawers.HalfcellImage,
    }[graphics.protocol]


class CardImage(Widget):
    """One image of a card: drawn, or its alt text and why it is not drawn."""

    DEFAULT_CSS = """
    CardImage {
        height: auto;
        width: 1fr;
        margin: 0 0 1 0;
    }
    CardImage > .image {
        width: auto;
        max-width: 100%;
    }
    CardImage > .alt {
        color: $text-muted;
    }
    """

    def __init__(self, ref: ImageRef, media: MediaFile) -> None:
        super().__init__()
        self.ref = ref
        self.problem = media.problem
        """Why the image is not drawn (None: it is)."""
        self._image: PILImage | None = None
        if media.data is not None:
            decoded = decode_image(media.data)
            if isinstance(decoded, str):
                self.problem = decoded
            else:
                self._image = decoded
        self._widget = _image_widget() if self._image is not None else None
        if self._image is not None and self._widget is None:
            self.problem = "this terminal was not asked how to draw images"

    @property
    def drawn(self) -> bool:
        """Whether the image itself is on screen (not its alt text)."""
        return self._widget is not None

    def compose(self) -> ComposeResult:
        if self._widget is not None and self._image is not None:
            drawn = self._widget(self._image, classes="image")
            rows = round(self._image.height / PIXELS_PER_ROW)
            drawn.styles.height = max(2, min(MAX_ROWS, rows))
            yield drawn
            return
        name = self.ref.alt or self.ref.target
        why = f"  ({self.problem}: {self.ref.target})" if self.problem else ""
        text = Content.assemble("🖼 ", shown(name), (shown(why), "italic"))
        yield Static(text, classes="alt")
