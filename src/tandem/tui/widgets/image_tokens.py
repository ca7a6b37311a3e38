"""Provides ``images_as_blocks``: a markdown-it rule that gives a card's images blocks of their own.

Textual's ``Markdown`` shows an image as ``🖼 (alt)`` inside the text of its paragraph. This
rule, run after parsing, cuts every paragraph that holds an image (at any depth: in a list
item, a block quote, a nested list) into the text before it, a ``card_image`` token and the
text after it, so the widget can draw the picture where the author put it. A picture cannot
fit a table cell: the cell reads ``🖼 alt (image below)`` and its ``card_image`` token (with
``meta["caption"]``) follows the table. An image inside a link stays inline (the link would
be cut in two).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markdown_it.token import Token

if TYPE_CHECKING:
    from markdown_it.rules_core import StateCore

IMAGE_TOKEN = "card_image"
"""The token type of an image given a block of its own (``attrs``: ``src``, ``alt``)."""
_BREAKS = ("softbreak", "hardbreak")


def images_as_blocks(state: StateCore) -> None:
    """Gives each image of a paragraph or a table cell a ``card_image`` block token."""
    if not any(_images(token) for token in state.tokens):
        return
    tokens: list[Token] = []
    below_table: list[Token] = []
    table_depth = 0
    at = 0
    while at < len(state.tokens):
        token = state.tokens[at]
        if token.type == "table_open":
            table_depth += 1
        elif token.type == "table_close":
            table_depth -= 1
        if token.type == "inline" and table_depth and _images(token):
            below_table.extend(_images_out_of_cell(token))
        if (
            token.type == "paragraph_open"
            and at + 2 < len(state.tokens)
            and _images(state.tokens[at + 1])
        ):
            tokens.extend(_split_paragraph(*state.tokens[at : at + 3]))
            at += 3
            continue
        tokens.append(token)
        if token.type == "table_close" and not table_depth:
            for image in below_table:
                image.level = token.level
            tokens.extend(below_table)
            below_table.clear()
        at += 1
    state.tokens = tokens


def _images(inline: Token) -> list[Token]:
    """The images of an inline token that are not inside a link (or other span)."""
    found: list[Token] = []
    depth = 0
    for child in inline.children or ():
        if child.type == "image" and depth == 0:
            found.append(child)
        depth += child.nesting
    return found


def _alt(image: Token) -> str:
    return "".join(child.content for child in image.children or ()) or image.content


def _image_token(image: Token, level: int, *, caption: bool = False) -> Token:
    return Token(
        IMAGE_TOKEN,
        "img",
        0,
        attrs={"src": str(image.attrs.get("src", "")), "alt": _alt(image).strip()},
        level=level,
        block=True,
        meta={"caption": caption},
    )


def _split_paragraph(opening: Token, inline: Token, closing: Token) -> list[Token]:
    """The paragraph as paragraphs of its text between images, and the images."""
    images = {id(image) for image in _images(inline)}
    pieces: list[Token] = []
    run: list[Token] = []

    def text_run() -> None:
        while run and (run[0].type in _BREAKS or _blank(run[0])):
            run.pop(0)
        while run and (run[-1].type in _BREAKS or _blank(run[-1])):
            run.pop()
        if run:
            pieces.extend([opening, inline.copy(children=list(run)), closing])
        run.clear()

    for child in inline.children or ():
        if id(child) in images:
            text_run()
            pieces.append(_image_token(child, opening.level))
        else:
            run.append(child)
    text_run()
    return pieces


def _blank(child: Token) -> bool:
    return child.type == "text" and not child.content.strip()


def _images_out_of_cell(inline: Token) -> list[Token]:
    """The cell's images as tokens for below the table; the cell keeps a marker."""
    images = _images(inline)
    wanted = {id(image) for image in images}
    children: list[Token] = []
    for child in inline.children or ():
        if id(child) in wanted:
            marker = f"🖼 {_alt(child).strip() or 'image'} (image below)"
            children.append(Token("text", "", 0, content=marker))
        else:
            children.append(child)
    inline.children = children
    return [_image_token(image, 0, caption=True) for image in images]
