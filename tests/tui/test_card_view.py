"""The card view and the review's footer: updated in place, the answer readied while hidden."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown, Static

from tandem.services import Services
from tandem.tui.screens.review import ReviewScreen
from tandem.tui.widgets.bound_key import BoundKey
from tandem.tui.widgets.card import CardView
from tandem.tui.widgets.card_side import CardSide
from tandem.tui.widgets.footer import KeyFooter

from .conftest import SIZE, add_card, make_app, screen_text

FRONT_KEYS = "space Show answer u Undo s Suspend b Bury e Edit esc Back ? Help"
BACK_KEYS = "1 Again 2 Hard 3 Good 4 Easy u Undo s Suspend b Bury e Edit esc Back ? Help"


@pytest.fixture
def mixed(svc: Services) -> Services:
    """alice, with a plain card and a card whose question is Markdown."""
    svc.people.add("alice")
    add_card(svc, "plain001", "el perro", "the dog", title="Spanish")
    add_card(svc, "markd001", "What does `git reflog` show?", "Where HEAD was.", title="Git")
    return svc


def side(screen: ReviewScreen, name: str) -> tuple[Static, Markdown | None]:
    """The plain view and the Markdown view (if mounted yet) of the question or the answer."""
    card_side = screen.query_one(f"#{name}", CardSide)
    markdowns = card_side.query(Markdown)
    return card_side.query_one(".plain", Static), markdowns.first() if markdowns else None


async def test_plain_and_markdown_cards_each_get_their_view(mixed: Services) -> None:
    app = make_app(mixed, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        seen: set[str] = set()
        for _ in range(2):
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            question = screen.query_one(CardView).question
            plain, markdown = side(screen, "question")
            if question == "el perro":
                assert plain.display
                assert str(plain.render()) == "el perro"
                assert markdown is None or not markdown.display
            else:
                assert markdown is not None
                assert markdown.display
                assert not plain.display
                assert markdown.source == "What does `git reflog` show?"
            assert question.replace("`", "") in screen_text(app)
            seen.add(question)
            await pilot.press("space", "3")
        assert seen == {"el perro", "What does `git reflog` show?"}


async def test_the_answer_is_ready_before_it_is_revealed(mixed: Services) -> None:
    app = make_app(mixed, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.card is not None
        answer = screen.query_one("#answer", CardSide)
        assert not screen.query_one(CardView).revealed
        assert not answer.visible
        assert answer.source == screen.card.answer
        await pilot.press("space")
        assert answer.visible
        assert screen.card.answer in screen_text(app)


async def test_the_footer_keys_change_in_place(mixed: Services) -> None:
    app = make_app(mixed, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        assert screen_text(app).splitlines()[-1].strip() == FRONT_KEYS
        await pilot.press("space")
        await pilot.pause()
        assert screen_text(app).splitlines()[-1].strip() == BACK_KEYS
        keys = set(footer.query(BoundKey))
        await pilot.press("3")
        await pilot.pause()
        assert screen_text(app).splitlines()[-1].strip() == FRONT_KEYS
        await pilot.press("space")
        await pilot.pause()
        assert set(footer.query(BoundKey)) == keys  # shown and hidden, never re-mounted


async def test_leaving_while_the_answer_is_readied_is_clean(mixed: Services) -> None:
    app = make_app(mixed, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
    assert app.return_code == 0


async def test_an_answer_readied_as_the_card_leaves_the_screen_is_dropped(
    mixed: Services,
) -> None:
    app = make_app(mixed, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        answer = app.screen.query_one(CardView).query_one("#answer", CardSide)
        await app.screen.query_one(CardView).remove()
        await answer.show("Where `HEAD` was.")  # no MountError
        assert answer.source == "Where `HEAD` was."
        assert not answer.query(Markdown)


@pytest.mark.parametrize(
    ("answer", "lines"),
    [
        ("uno\ndos\ntres", ["uno", "dos", "tres"]),  # plain text
        ("**uno**\ndos\n`tres`", ["uno", "dos", "tres"]),  # Markdown, one item a line
    ],
)
async def test_line_breaks_are_kept_as_written(
    svc: Services, answer: str, lines: list[str]
) -> None:
    svc.people.add("alice")
    add_card(svc, "lines001", "One, two, three?", answer, title="Spanish")
    app = make_app(svc, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        shown = [line.strip() for line in screen_text(app).splitlines()]
        start = shown.index(lines[0])
        assert shown[start : start + len(lines)] == lines
