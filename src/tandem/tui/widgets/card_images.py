"""Provides images in cards: ``![alt](media/x.png)`` drawn in the terminal, else its alt text.

The card parser gives every image a block of its own (``image_tokens``: in a paragraph, a
list, a quote; below its table for an image in a table cell); ``CardMarkdown`` turns those
blocks into ``CardImage`` widgets, drawn by ``textual-image``: Kitty graphics or Sixel where
the terminal answers that it has them, else half-cell blocks. The file is read through the
services (inside the decks folder only) and decoded here with Pillow; a file that is
missing, outside the folder, too large or not an image shows the alt text and why.

What the terminal can draw is asked before Textual starts reading the keyboard:
``terminal_graphics.prepare_images`` does that in ``run_app``, in one round trip (without
loading this module: Markdown is imported with the first card that needs it),
and ``textual-image`` (with Pillow) is imported only when a card first shows an image; an app
started otherwise on a terminal shows alt text.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from tandem.render.terminal import shown
from tandem.tui.widgets.image_tokens import IMAGE_TOKEN

if TYPE_CHECKING:
    from markdown_it.token import Token
    from PIL.Image import Image as PILImage

    from tandem.tui.terminal_graphics import Graphics

MAX_ROWS = 16
"""The most terminal rows an image takes; it keeps its proportions."""
PIXELS_PER_ROW = 20
"""A usual terminal cell's height in pixels: an image is about as tall as it is on a page."""
MAX_PIXELS = 25_000_000
"""The most pixels an image may have to be decoded (a decompression bomb is refused)."""


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


def _image_widget() -> Callable[..., Widget] | None:
    """The widget that draws images: as the terminal answered ``prepare_images`` (imported
    with the first image, asking nothing), or ``textual-image``'s own when output goes to no
    terminal (nothing to ask); else None."""
    from tandem.tui.terminal_graphics import answered

    graphics = answered()
    if graphics is not None:
        return _drawer(graphics)
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
    """One image of a card: drawn, or its alt text and why it is not drawn.

    ``caption``: the image is shown away from where it is written (below its table), so a
    drawn image has its alt text above it too.
    """

    DEFAULT_CSS = """
    CardImage {
        height: auto;
        width: 1fr;
    }
    CardImage > .image {
        width: auto;
        max-width: 100%;
    }
    CardImage > .alt {
        color: $text-muted;
    }
    """

    def __init__(self, ref: ImageRef, media: MediaFile | None, *, caption: bool = False) -> None:
        super().__init__()
        self.ref = ref
        self.caption = caption
        self.problem = media.problem if media is not None else None
        """Why the image is not drawn (None: it is, or the card is shown without media)."""
        self._image: PILImage | None = None
        if media is not None and media.data is not None:
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
        name = shown(self.ref.alt or self.ref.target)
        if self._widget is not None and self._image is not None:
            if self.caption:
                yield Static(Content.assemble("🖼 ", name), classes="alt")
            drawn = self._widget(self._image, classes="image")
            rows = round(self._image.height / PIXELS_PER_ROW)
            drawn.styles.height = max(2, min(MAX_ROWS, rows))
            yield drawn
            return
        why = f"  ({self.problem}: {self.ref.target})" if self.problem else ""
        text = Content.assemble("🖼 ", name, (shown(why), "italic"))
        yield Static(text, classes="alt")


class ImageBlock(MarkdownBlock):
    """The block of an image in a card's Markdown (a ``card_image`` token): its ``CardImage``."""

    DEFAULT_CSS = """
    ImageBlock {
        height: auto;
    }
    """

    def __init__(self, markdown: Markdown, token: Token, media: MediaReader | None) -> None:
        super().__init__(markdown, token)
        attrs = token.attrs
        self.ref = ImageRef(str(attrs.get("alt", "")), str(attrs.get("src", "")))
        self._media = media
        self._caption = bool(token.meta.get("caption"))

    def compose(self) -> ComposeResult:
        media = self._media(self.ref.target) if self._media is not None else None
        yield CardImage(self.ref, media, caption=self._caption)


class CardMarkdown(Markdown):
    """Textual's ``Markdown`` that draws a card's images (``media`` reads its files; None:
    their alt text is shown). Parse with ``card_parser``, which gives images their blocks."""

    DEFAULT_CSS = """
    CardMarkdown > ImageBlock {
        margin: 0 0 1 0;  /* as a paragraph; in a list or a quote, as the text around it */
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.media: MediaReader | None = None
        """Reads the media files of the card shown."""

    def unhandled_token(self, token: Token) -> MarkdownBlock | None:
        if token.type == IMAGE_TOKEN:
            return ImageBlock(self, token, self.media)
        return None
