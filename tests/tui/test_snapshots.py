"""Snapshots of the main screens at 100x30 with a frozen clock (update: --snapshot-update)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tandem.config import resolve_paths
from tandem.models import FrozenClock
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tandem.tui import TandemApp

from ..conftest import add_notes
from .conftest import add_card

SnapCompare = Callable[..., bool]
SIZE = (100, 30)
CODE = "Which command shows where `HEAD` has been?"
ANSWER = "```sh\ngit reflog --date=iso\n```\n\nEntries expire after **90 days**."


@pytest.fixture
def snap_svc(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    """Services whose decks folder is the relative ``decks``, so no temp path is on screen."""
    monkeypatch.chdir(tmp_path)
    services = build_services(
        resolve_paths(decks="decks"), db=Store(tmp_path / "snap.db"), clock=clock
    )
    yield services
    services.close()


@pytest.fixture
def studied(snap_svc: Services) -> Services:
    snap_svc.people.add("alice")
    snap_svc.people.add("bob")
    add_card(snap_svc, "code0001", CODE, ANSWER, title="Git essentials")
    add_notes(snap_svc, 3, deck="spanish.md", prefix="s")
    return snap_svc


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_review_front(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_review_revealed(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, press=["space"], run_before=_settle)


def test_summary(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, review_as="bob", sync_on_start=False)
    keys = ["space", "4"] * 4 + ["_"]
    assert snap_compare(app, terminal_size=SIZE, press=keys, run_before=_settle)


def test_help(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"], run_before=_settle)


def test_sync_errors_and_no_people(snap_compare: SnapCompare, snap_svc: Services) -> None:
    (snap_svc.paths.decks).mkdir()
    # A bad deck file is a notice (tests/tui/test_sync.py); an entry that cannot be a deck
    # file at all stops the sync and opens the panel.
    os.mkfifo(snap_svc.paths.decks / "broken.md")
    app = TandemApp(snap_svc)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


# sessions and editor -------------------------------------------------------------------------

GIT_DECK = (
    '+++\ntitle = "Git essentials"\n+++\n\n'
    "Q: Which command shows where `HEAD` has been?\nA: `git reflog`\n"
    "<!-- id: k7q2m9x4 · by: alice -->\n"
)


def _no_blink(pilot: Pilot[None]) -> None:
    from textual.widgets import TextArea

    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False


def _session(services: Services) -> str:
    from tandem.services.authoring.writer import CardDraft

    services.paths.decks.mkdir(exist_ok=True)
    deck = services.authoring.start_session("SQL: window functions", ["alice", "bob"], ["sql"])
    services.authoring.set_notes(deck, "## Covered\n\n- `OVER (PARTITION BY …)`\n- LAG and LEAD")
    draft = CardDraft("basic", "What does `LAG(x)` return?", "x from the previous row")
    services.authoring.add_card(deck, draft, "bob")
    services.authoring.add_card(deck, CardDraft("cloze", "{{c1::RANK}} leaves gaps"), "alice")
    return deck


def test_session_editor(snap_compare: SnapCompare, studied: Services) -> None:
    from tandem.tui.screens.session import SessionScreen

    deck = _session(studied)

    async def open_session(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(SessionScreen(studied, deck))
        await pilot.pause()
        _no_blink(pilot)
        pilot.app.screen.query_one("#editor-question").load_text("What does `LEAD(x)` return?")

    app = TandemApp(studied, sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_session)


def test_card_editor_modal(snap_compare: SnapCompare, snap_svc: Services) -> None:
    snap_svc.people.add("alice")
    snap_svc.paths.decks.mkdir()
    (snap_svc.paths.decks / "git.md").write_text(GIT_DECK, encoding="utf-8")
    snap_svc.sync.run()

    async def edit(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        _no_blink(pilot)

    app = TandemApp(snap_svc, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=edit)


def test_no_sessions_yet(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, press=["c"], run_before=_settle)


# quiz ----------------------------------------------------------------------------------------


def _quiz(svc: Services, swap_every: int = 10) -> int:
    """A quiz over every card (the code card comes first), alice asking bob."""
    from tandem.services.quiz.results import QuizScope

    return svc.quiz("alice", "bob", swap_every=swap_every, scope=QuizScope.ALL).id


def test_quiz_asker(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, quiz_id=_quiz(studied), sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, press=["3", "r"], run_before=_settle)


def test_quiz_answerer(snap_compare: SnapCompare, studied: Services) -> None:
    from tandem.models import Rating

    quiz = studied.open_quiz(_quiz(studied))
    quiz.next_card()
    quiz.grade(Rating.GOOD)
    quiz.next_card()
    quiz.check_in("bob")
    app = TandemApp(studied, quiz_id=quiz.id, me="bob", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_quiz_end(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, quiz_id=_quiz(studied, swap_every=2), sync_on_start=False)

    async def play(pilot: Pilot[None]) -> None:
        await pilot.press("1", "3", "1", "4", "escape", "y")
        await _settle(pilot)
        pilot.app.clear_notifications()  # the role swaps were told

    assert snap_compare(app, terminal_size=SIZE, run_before=play)


# stats and settings --------------------------------------------------------------------------


def _study(svc: Services, clock: FrozenClock) -> None:
    """alice answers every card on six days (the code card forgotten on two), bob on three."""
    from tandem.models import Rating

    keys = ["code0001", "s0000", "s0001", "s0002"]
    for day in range(6):
        for person in ("alice", "bob") if day < 3 else ("alice",):
            session = svc.study(person)
            for key in keys:
                forgot = key == keys[0] and day in (3, 5)
                session.answer(key, Rating.AGAIN if forgot else Rating.GOOD, 5000)
        clock.advance(days=1)


def test_stats(snap_compare: SnapCompare, studied: Services, clock: FrozenClock) -> None:
    _study(studied, clock)
    app = TandemApp(studied, sync_on_start=False)

    async def open_stats(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("t")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_stats)


def test_settings(snap_compare: SnapCompare, studied: Services) -> None:
    from textual.widgets import Input

    app = TandemApp(studied, sync_on_start=False)

    async def refused_and_too_few(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("comma")
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        pilot.app.screen.query_one("#set-desired_retention", Input).value = "1.5"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        await pilot.press("ctrl+o")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=refused_and_too_few)


def test_browse(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, browse="", browse_as="alice", sync_on_start=False)
    press = ["enter", "space", "down"]  # the first card marked
    assert snap_compare(app, terminal_size=SIZE, press=press, run_before=_settle)


def test_browse_80x24(snap_compare: SnapCompare, studied: Services) -> None:
    app = TandemApp(studied, browse="deck:spanish", browse_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=(80, 24), press=["enter"], run_before=_settle)


def _sun(services: Services, size: tuple[int, int] = (240, 160)) -> None:
    from PIL import Image, ImageDraw

    services.people.add("alice")
    media = services.paths.decks / "media"
    media.mkdir(parents=True)
    image = Image.new("RGB", size, (0, 90, 160))
    width, height = size
    ImageDraw.Draw(image).ellipse(
        (width // 3, height // 4, width * 2 // 3, height * 3 // 4), fill=(240, 200, 0)
    )
    image.save(media / "sun.png")


def test_review_with_an_image(snap_compare: SnapCompare, snap_svc: Services) -> None:
    _sun(snap_svc)
    answer = "the sun\n![a yellow disc on blue](media/sun.png)\n\n![gone](media/gone.png)"
    add_card(snap_svc, "img00001", "What is this?", answer, title="Pictures")
    app = TandemApp(snap_svc, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, press=["space"], run_before=_settle)


IMAGES_NESTED = (
    "- the sun:\n- ![a yellow disc in a list](media/sun.png)\n\n"
    "> ![a yellow disc in a quote](media/sun.png)\n\n"
    "| picture | what |\n|---|---|\n| ![a yellow disc in a table](media/sun.png) | the sun |\n"
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_review_with_images_in_a_list_a_quote_and_a_table(
    snap_compare: SnapCompare, snap_svc: Services, size: tuple[int, int]
) -> None:
    _sun(snap_svc, (120, 60))
    add_card(snap_svc, "img00002", "What is this?", IMAGES_NESTED, title="Pictures")
    app = TandemApp(snap_svc, review_as="alice", sync_on_start=False)
    press = ["space"] if size[1] > 30 else ["space", "pagedown"]
    assert snap_compare(app, terminal_size=size, press=press, run_before=_settle)


# the main screens at the two sizes the layouts are made for ----------------------------------

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_home_at(snap_compare: SnapCompare, studied: Services, size: tuple[int, int]) -> None:
    _session(studied)  # a session log: the folder table's partners, date and longest file
    app = TandemApp(studied, sync_on_start=False)
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@SIZES
def test_review_at(snap_compare: SnapCompare, studied: Services, size: tuple[int, int]) -> None:
    app = TandemApp(studied, review_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=size, press=["space"], run_before=_settle)


@SIZES
def test_focused_review_at(
    snap_compare: SnapCompare, studied: Services, size: tuple[int, int]
) -> None:
    """A focused sitting says what it studies on a line under the header."""
    search = "deck:spanish* -is:suspended"
    app = TandemApp(studied, review_as="alice", review_search=search, sync_on_start=False)
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@SIZES
def test_quiz_at(snap_compare: SnapCompare, studied: Services, size: tuple[int, int]) -> None:
    app = TandemApp(studied, quiz_id=_quiz(studied), sync_on_start=False)
    assert snap_compare(app, terminal_size=size, press=["3"], run_before=_settle)


@SIZES
def test_session_at(snap_compare: SnapCompare, studied: Services, size: tuple[int, int]) -> None:
    from tandem.tui.screens.session import SessionScreen

    deck = _session(studied)

    async def open_session(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(SessionScreen(studied, deck))
        await pilot.pause()
        _no_blink(pilot)

    app = TandemApp(studied, sync_on_start=False)
    assert snap_compare(app, terminal_size=size, run_before=open_session)


@SIZES
def test_stats_at(
    snap_compare: SnapCompare, studied: Services, clock: FrozenClock, size: tuple[int, int]
) -> None:
    _study(studied, clock)
    app = TandemApp(studied, sync_on_start=False)

    async def open_stats(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("t")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_stats)


@SIZES
def test_settings_at(snap_compare: SnapCompare, studied: Services, size: tuple[int, int]) -> None:
    from textual.widgets import Input

    app = TandemApp(studied, sync_on_start=False)

    async def open_settings(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("comma")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    assert snap_compare(app, terminal_size=size, run_before=open_settings)


@SIZES
def test_browse_at(snap_compare: SnapCompare, studied: Services, size: tuple[int, int]) -> None:
    app = TandemApp(studied, browse="", browse_as="alice", sync_on_start=False)
    assert snap_compare(app, terminal_size=size, press=["enter", "down"], run_before=_settle)
