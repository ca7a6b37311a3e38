"""Images in cards: drawn when the file is an image inside the decks folder, else alt text."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from textual.widgets import Static

from tandem.services import Services
from tandem.tui.widgets.card_images import CardImage
from tandem.tui.widgets.card_side import card_parser
from tandem.tui.widgets.image_tokens import IMAGE_TOKEN

from .conftest import SIZE, add_card, make_app, screen_text

ANSWER = (
    "Spain's flag:\n![the flag of Spain](media/flag.png)\nred and yellow\n\n"
    "![a lost picture](media/gone.png)\n\n![the secret](../secret.png)\n\n"
    "![not a picture](media/notes.png)\n\n![](media/linked.png)"
)


def _media(svc: Services, tmp_path: Path) -> None:
    media = svc.paths.decks / "media"
    media.mkdir(parents=True)
    Image.new("RGB", (40, 20), (200, 0, 0)).save(media / "flag.png")
    (media / "notes.png").write_text("just text")
    (tmp_path / "secret.png").write_bytes((media / "flag.png").read_bytes())
    (media / "linked.png").symlink_to(tmp_path / "secret.png")


def blocks(text: str) -> list[tuple[str, str]]:
    """The card parser's block tokens, as (type, image source or text)."""
    shown: list[tuple[str, str]] = []
    for token in card_parser().parse(text):
        if token.type == IMAGE_TOKEN:
            kind = "image+caption" if token.meta["caption"] else "image"
            shown.append((kind, str(token.attrs["src"])))
        elif token.type == "inline":
            shown.append(("text", "".join(c.content for c in token.children or ())))
        elif token.nesting == 1:
            shown.append((token.type, ""))
    return shown


def test_images_get_blocks_in_paragraphs_lists_and_quotes_and_code_is_left_alone() -> None:
    assert blocks("```\n![x](media/x.png)\n```") == []
    assert blocks("see ![a](media/a.png 'title') then\n\n**more**") == [
        ("paragraph_open", ""), ("text", "see "), ("image", "media/a.png"),
        ("paragraph_open", ""), ("text", " then"),
        ("paragraph_open", ""), ("text", "more"),
    ]  # fmt: skip
    assert blocks("- one\n- ![in a list](media/x.png)\n\n> quoted:\n> ![q](media/q.png)") == [
        ("bullet_list_open", ""), ("list_item_open", ""), ("paragraph_open", ""), ("text", "one"),
        ("list_item_open", ""), ("image", "media/x.png"),
        ("blockquote_open", ""), ("paragraph_open", ""), ("text", "quoted:"),
        ("image", "media/q.png"),
    ]  # fmt: skip
    # in a link it stays inline (the link would be cut in two)
    assert blocks("[![logo](media/l.png)](https://x.org)")[1][0] == "text"


def test_an_image_in_a_table_cell_is_marked_there_and_shown_below_the_table() -> None:
    table = "| flag | country |\n|---|---|\n| ![red](media/es.png) | Spain |\n\nafter"
    assert blocks(table) == [
        ("table_open", ""), ("thead_open", ""), ("tr_open", ""),
        ("th_open", ""), ("text", "flag"), ("th_open", ""), ("text", "country"),
        ("tbody_open", ""), ("tr_open", ""),
        ("td_open", ""), ("text", "🖼 red (image below)"), ("td_open", ""), ("text", "Spain"),
        ("image+caption", "media/es.png"),
        ("paragraph_open", ""), ("text", "after"),
    ]  # fmt: skip


async def test_a_present_image_is_drawn_and_the_others_show_their_alt_text(
    svc: Services, tmp_path: Path
) -> None:
    svc.people.add("alice")
    _media(svc, tmp_path)
    add_card(svc, "img00001", "What flag is this?", ANSWER, title="Flags")
    app = make_app(svc, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        images = {image.ref.target: image for image in app.screen.query(CardImage)}
        assert list(images) == [
            "media/flag.png", "media/gone.png", "../secret.png", "media/notes.png",
            "media/linked.png",
        ]  # fmt: skip
        assert images["media/flag.png"].drawn
        assert images["media/flag.png"].query_one(".image")  # textual-image's widget
        assert [i.problem for i in images.values()] == [
            None, "missing", "outside the decks folder", "not an image",
            "a link out of the decks folder",
        ]  # fmt: skip
        for target in ("media/gone.png", "../secret.png", "media/notes.png"):
            assert not images[target].drawn
            assert images[target].query_one(Static).has_class("alt")
        text = screen_text(app)
        assert "a lost picture  (missing: media/gone.png)" in text
        assert "the secret  (outside the decks folder: ../secret.png)" in text
        assert "Spain's flag:" in text
        assert "red and yellow" in text


NESTED = (
    "- a list item\n- ![flag in a list](media/flag.png)\n\n"
    "> a quote\n> ![flag in a quote](media/flag.png)\n\n"
    "| flag | country |\n|---|---|\n| ![flag in a table](media/flag.png) | Spain |\n"
)


async def test_images_in_lists_quotes_and_tables_are_drawn(svc: Services, tmp_path: Path) -> None:
    svc.people.add("alice")
    _media(svc, tmp_path)
    add_card(svc, "img00002", "Which flags?", NESTED, title="Flags")
    app = make_app(svc, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        images = list(app.screen.query(CardImage))
        assert [(image.ref.alt, image.drawn) for image in images] == [
            ("flag in a list", True), ("flag in a quote", True), ("flag in a table", True),
        ]  # fmt: skip
        holders = [{a.__class__.__name__ for a in image.ancestors} for image in images]
        assert "MarkdownBulletList" in holders[0]
        assert "MarkdownBlockQuote" in holders[1]
        assert "MarkdownTable" not in holders[2]  # below it: a picture does not fit a cell
        assert images[2].caption
        text = screen_text(app)
        assert "🖼 flag in a table (image below)" in text  # the cell
        assert "🖼 flag in a table\n" in text  # the caption above the drawn image
        assert "Spain" in text
        assert "a quote" in text
        assert "🖼" not in text.split("a list item")[1].split("a quote")[0]  # drawn, no alt
