"""A state machine of user actions against a simple model: nothing is ever lost or invented."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating
from tandem.services import Services, build_services
from tandem.services.authoring.writer import CardDraft
from tandem.storage.db import Store

from .conftest import START, examples


class UserActions(RuleBasedStateMachine):
    """Model: the review ids each card has, the text of each card, saved snapshots."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="tandem-state-"))
        (self.root / "decks").mkdir()
        self.clock = FrozenClock(START)
        self.svc: Services = build_services(
            resolve_paths(decks=self.root / "decks"), db=Store(self.root / "t.db"), clock=self.clock
        )
        self.svc.people.add("alice")
        self.svc.people.add("bob")
        self.deck = self.svc.authoring.start_session("State", ["alice", "bob"])
        self.texts: dict[str, str] = {}
        self.reviews: list[str] = []  # review ids in the database, in order
        self.undoable: list[str] = []  # review ids this sitting can undo
        self.backups: list[tuple[Path, list[str], dict[str, str]]] = []
        self.session = self.svc.study("alice")

    def teardown(self) -> None:
        self.svc.close()
        shutil.rmtree(self.root, ignore_errors=True)

    @rule(text=st.text(alphabet="abc xyz", min_size=1, max_size=12).map(str.strip).filter(bool))
    def write_card(self, text: str) -> None:
        card_id = self.svc.authoring.add_card(self.deck, CardDraft("basic", text, "a"), "bob")
        self.texts[card_id] = text

    @precondition(lambda self: self.texts)
    @rule(data=st.data(), text=st.text(alphabet="pqr", min_size=1, max_size=8))
    def edit_card(self, data: st.DataObject, text: str) -> None:
        card_id = data.draw(st.sampled_from(sorted(self.texts)))
        self.svc.authoring.edit_card(card_id, CardDraft("basic", text, "a"))
        self.texts[card_id] = text

    @rule(rating=st.sampled_from(list(Rating)), minutes=st.integers(0, 3000))
    def answer(self, rating: Rating, minutes: int) -> None:
        self.clock.advance(minutes=minutes)
        card = self.session.next_card()
        if card is None:
            return
        review_id = self.session.answer(card.key, rating).review_id
        self.reviews.append(review_id)
        self.undoable.append(review_id)

    @precondition(lambda self: self.undoable)
    @rule()
    def undo(self) -> None:
        step = self.session.undo()
        assert step is not None
        assert step.review_id == self.undoable.pop()
        self.reviews.remove(step.review_id)

    @rule()
    def sync(self) -> None:
        report = self.svc.sync.run()
        assert report.added == 0  # authoring synced every card already

    @rule()
    def backup(self) -> None:
        self.clock.advance(seconds=1)
        made = self.svc.backups.make("manual", thin=False)
        self.backups.append((made.path, list(self.reviews), dict(self.texts)))

    @precondition(lambda self: self.backups)
    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        path, reviews, _texts = data.draw(st.sampled_from(self.backups))
        self.clock.advance(seconds=1)
        self.svc.backups.restore(path)
        self.reviews = list(reviews)
        self.svc.sync.run()  # the deck files are newer than the restored database
        self.session = self.svc.study("alice")  # a restore ends the sitting
        self.undoable = []

    @invariant()
    def reviews_match(self) -> None:
        stored = [r.id for r in self.svc.ctx.reviews.for_person("alice")]
        assert sorted(stored) == sorted(self.reviews)

    @invariant()
    def texts_match(self) -> None:
        for card_id, text in self.texts.items():
            assert self.session.card(card_id).question == text

    @invariant()
    def states_follow_the_log(self) -> None:
        assert self.svc.doctor.check().ok


UserActions.TestCase.settings = settings(
    max_examples=examples(25), stateful_step_count=20, deadline=None
)
TestUserActions = UserActions.TestCase
