"""Images in cards: drawn when the file is an image inside the decks folder, else alt text."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from textual.widgets import Static

from tandem.services import Services
from tandem.tui.widgets.card_images import CardImage, ImageRef, split_images

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


def test_images_of_paragraphs_are_cut_out_and_code_is_left_alone() -> None:
    assert split_images("plain") is None
    assert split_images("```\n![x](media/x.png)\n```") is None
    assert split_images("- ![in a list](media/x.png)") is None  # Markdown shows its alt
    assert split_images("see ![a](media/a.png 'title') then\n\n**more**") == [
        "see",
        ImageRef("a", "media/a.png"),
        "then",
        "**more**",
    ]


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
