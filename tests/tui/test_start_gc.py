"""The garbage collector over a run of the app: off for the start, on once the first card
is out, and nothing of the start kept from it after the app ends."""

from __future__ import annotations

import gc

from tandem.services import Services
from tandem.tui import start_gc

from .conftest import SIZE, make_app, shown_question


async def test_collection_is_on_after_the_first_card_and_nothing_stays_frozen(
    alice: Services,
) -> None:
    app = make_app(alice, review_as="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_question(app) == "question 0"
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # the start's objects: out of later collections
        await pilot.press("space", "3")
        assert alice.ctx.reviews.count("alice") == 1
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_resume_freezes_what_exists_and_release_gives_it_back() -> None:
    start_gc.pause()
    assert not gc.isenabled()
    start_gc.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    start_gc.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
