"""A tandem user on fast-forward, for the crash tests: answers, writes cards, syncs, imports.

Prints ``R <review id>`` after every answer whose transaction committed, so the test can
check that every confirmed review survives a SIGKILL.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from tandem.config import resolve_paths
from tandem.models import Rating
from tandem.services import build_services
from tandem.services.authoring.writer import CardDraft
from tandem.storage.db import Store


def main() -> None:
    root, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    Store(root / f"fresh-{seed}.db").close()  # a migration from nothing, to be killed too
    svc = build_services(resolve_paths(decks=root / "decks"), db=Store(root / "t.db"))
    session = svc.study("alice")
    deck = svc.decks.list()[0].path
    for step in range(10_000):
        action = rng.random()
        if action < 0.7:
            card = session.next_card()
            if card is None:
                svc.authoring.add_card(deck, CardDraft("basic", f"q{seed}-{step}", "a"), "bob")
                continue
            answered = session.answer(card.key, Rating(rng.randint(1, 4)))
            print("R", answered.review_id, answered.card, flush=True)
        elif action < 0.85:
            svc.authoring.add_card(deck, CardDraft("basic", f"q{seed}-{step}", "a"), "bob")
        elif action < 0.95:
            svc.sync.run()
        else:
            log = root / f"log-{seed}-{step}.jsonl"
            lines = list(svc.log.export_lines("alice"))[-3:]
            log.write_text("".join(line + "\n" for line in lines))
            svc.log.import_file(log)
    json.dump({"done": True}, sys.stdout)


if __name__ == "__main__":
    main()
