"""One of three terminals hammering one database: the quiz asker, the partner, a solo reviewer.

Prints ``R <review id>`` for every confirmed review and ``E <card id>`` for every edit.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tandem.config import resolve_paths
from tandem.models import Rating
from tandem.services import build_services
from tandem.services.authoring.writer import CardDraft
from tandem.storage.db import Store

ROUNDS = 300


def main() -> None:
    role, root = sys.argv[1], Path(sys.argv[2])
    svc = build_services(resolve_paths(decks=root / "decks"), db=Store(root / "t.db"))
    if role == "asker":
        quiz = svc.quiz("alice", "bob", swap_every=1000)
        for number in range(ROUNDS):
            if quiz.next_card() is None:
                raise SystemExit("the quiz ran out of cards")
            quiz.reveal()
            quiz.grade(Rating(1 + number % 4))
            print("R", quiz.results.graded[-1].card, flush=True)
        quiz.end()
    elif role == "partner":
        deck = next(d.path for d in svc.decks.list() if d.is_session)
        cards = [card_id for card_id, _, _ in svc.authoring.cards(deck)]
        for number in range(ROUNDS):
            card_id = cards[number % len(cards)]
            draft = CardDraft("basic", f"question {card_id} v{number}", f"answer {number}")
            svc.authoring.edit_card(card_id, draft)
            print("E", card_id, flush=True)
    else:
        session = svc.study("carol")
        for _ in range(ROUNDS):
            card = session.next_card()
            assert card is not None
            answered = session.answer(card.key, Rating.GOOD)
            print("R", answered.review_id, flush=True)
    svc.close()


if __name__ == "__main__":
    main()
