"""Provides the two systems under test behind one interface: tandem, and Anki's backend."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Protocol

from common import write_decks
from tandem.config import resolve_paths
from tandem.models import Rating
from tandem.services import Services, build_services
from tandem.services.study.session import StudySession
from tandem.storage.db import Store

PERSON = "me"
LIMITS = {"new_per_day": 9999, "reviews_per_day": 9999}
"""The same daily limits on both sides (9999 is the most Anki takes; it keeps 200 for more)."""


class Side(Protocol):
    name: str

    def build(self, root: Path, cards: int, decks: int) -> float: ...
    def open(self) -> None: ...
    def close(self) -> None: ...
    def next_card(self) -> Any: ...
    def answer(self, card: Any) -> None: ...
    def deck_counts(self) -> Any: ...
    def import_package(self, package: Path, folder: Path) -> None: ...


class TandemSide:
    """tandem: deck files synced into SQLite, one person."""

    name = "tandem"

    def __init__(self) -> None:
        self.svc: Services | None = None
        self.session: StudySession | None = None

    def build(self, root: Path, cards: int, decks: int) -> float:
        self.root = root
        write_decks(root / "decks", decks, max(1, cards // decks))
        svc = build_services(resolve_paths(root / "t.db", root / "decks"), db=Store(root / "t.db"))
        svc.people.add(PERSON)
        svc.people.update_settings(PERSON, svc.people.settings(PERSON).updated(LIMITS))
        start = time.perf_counter()
        svc.sync.run()
        seconds = time.perf_counter() - start
        svc.close()
        return seconds

    def open(self) -> None:
        paths = resolve_paths(self.root / "t.db", self.root / "decks")
        self.svc = build_services(paths, db=Store(paths.db))
        self.session = self.svc.study(PERSON)

    def close(self) -> None:
        assert self.svc is not None
        self.svc.close()
        self.svc = self.session = None

    def next_card(self) -> Any:
        assert self.session is not None
        return self.session.next_card()

    def answer(self, card: Any) -> None:
        assert self.session is not None
        self.session.answer(card.key, Rating.GOOD)

    def deck_counts(self) -> Any:
        assert self.svc is not None
        return self.svc.due.for_person(PERSON)

    def import_package(self, package: Path, folder: Path) -> None:
        paths = resolve_paths(folder / "t.db", folder / "decks")
        svc = build_services(paths, db=Store(paths.db))
        svc.people.add(PERSON)
        svc.importer.run(package, person=PERSON)
        svc.close()


class AnkiSide:
    """Anki's Rust backend through the ``anki`` package, FSRS on."""

    name = "anki"

    def __init__(self) -> None:
        self.col: Any = None

    def build(self, root: Path, cards: int, decks: int) -> float:
        from anki.collection import AddNoteRequest, Collection

        self.path = str(root / "collection.anki2")
        col = Collection(self.path)
        col.set_config("fsrs", True)
        basic = col.models.by_name("Basic")
        config = col.decks.get_config(1)
        config["new"]["perDay"] = LIMITS["new_per_day"]
        config["rev"]["perDay"] = LIMITS["reviews_per_day"]
        col.decks.save(config)
        saved = col.decks.get_config(1)
        assert (saved["new"]["perDay"], saved["rev"]["perDay"]) == tuple(LIMITS.values()), saved
        requests = []
        per_deck = max(1, cards // decks)
        for index in range(decks):
            deck_id = col.decks.id(f"Bench::Deck {index:03d}")
            for number in range(index * per_deck, (index + 1) * per_deck):
                note = col.new_note(basic)
                note["Front"] = f"What is {number} in hex?"
                note["Back"] = f"<code>{number:x}</code>"
                requests.append(AddNoteRequest(note=note, deck_id=deck_id))
        start = time.perf_counter()
        col.add_notes(requests)
        seconds = time.perf_counter() - start
        col.decks.select(col.decks.id("Bench"))
        col.close()
        return seconds

    def open(self) -> None:
        from anki.collection import Collection

        self.col = Collection(self.path)

    def close(self) -> None:
        self.col.close(downgrade=False)
        self.col = None

    def next_card(self) -> Any:
        queued = self.col.sched.get_queued_cards(fetch_limit=1)
        return queued.cards[0] if queued.cards else None

    def answer(self, card: Any) -> None:
        from anki.scheduler.v3 import CardAnswer

        full = self.col.get_card(card.card.id)
        full.start_timer()
        answer = self.col.sched.build_answer(card=full, states=card.states, rating=CardAnswer.GOOD)
        self.col.sched.answer_card(answer)

    def deck_counts(self) -> Any:
        return self.col.sched.deck_due_tree()

    def import_package(self, package: Path, folder: Path) -> None:
        from anki.collection import Collection
        from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        col = Collection(str(folder / "collection.anki2"))
        options = ImportAnkiPackageOptions(with_scheduling=True)
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(package), options=options)
        )
        col.close()


def anki_available() -> bool:
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        return False
    return True
