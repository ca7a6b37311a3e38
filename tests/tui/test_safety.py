"""Card, deck and error text is data: markup in it is shown as typed and never acted on."""

from __future__ import annotations

import pytest
from textual.message import Message
from textual.widgets import Markdown

from tandem.services import Services

from .conftest import SIZE, add_card, make_app, screen_text

HOSTILE = [
    "[@click=app.quit]press me[/]",
    "x [/] y",
    "[type=x, v={'a[0]'}]",
    "[link=https://example.com]x[/link]",
    "<script>alert(1)</script>",
]
QUESTION = "Q " + " ".join(HOSTILE[:3]) + "\n\n[a link](https://example.com)"
ANSWER = "A " + " ".join(HOSTILE[3:]) + "\n\n```python\nprint('[bold]hi[/]')\n```"


@pytest.fixture
def hostile(svc: Services) -> Services:
    svc.people.add("alice")
    add_card(svc, "evil0001", QUESTION, ANSWER, title="[bold red]Deck[/] [@click=app.quit]")
    return svc


async def test_hostile_card_text_is_shown_and_inert(
    hostile: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    app = make_app(hostile, review_as="alice")
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    messages: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Deck[/] [@click=app.quit]" in text
        for part in HOSTILE[:3]:
            assert part in text
        await pilot.click("#question")
        await pilot.click("#question", offset=(3, 0))
        await pilot.click("#question", offset=(2, 2))  # the Markdown link
        await pilot.press("space")
        await pilot.pause()
        await pilot.click("#answer")
        await pilot.click("#answer", offset=(4, 0))
        await pilot.pause()
        assert app.is_running
        text = screen_text(app)
        for part in HOSTILE[3:]:
            assert part in text
        assert "print('[bold]hi[/]')" in text
        clicked = {m.href for m in messages if isinstance(m, Markdown.LinkClicked)}
        assert clicked == {"https://example.com"}  # the link was hit, and nothing opened it
        assert opened == []
        await pilot.press("3")
        await pilot.pause()
        assert hostile.ctx.reviews.count("alice") == 1
        assert app.is_running
