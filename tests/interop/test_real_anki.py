"""Anki itself reads what tandem exports (runs where the benchmark-only ``anki`` is installed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating
from tandem.services import build_services
from tandem.storage.db import Store

anki_collection = pytest.importorskip("anki.collection")


def test_anki_imports_the_package_and_the_text_export(
    tmp_path: Path, clock: FrozenClock, sample_decks: Path
) -> None:
    from anki.import_export_pb2 import (
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
        ImportCsvRequest,
    )

    svc = build_services(
        resolve_paths(decks=sample_decks), db=Store(tmp_path / "t.db"), clock=clock
    )
    svc.people.add("alice")
    svc.sync.run()
    session = svc.study("alice")
    for _ in range(5):
        card = session.next_card()
        assert card is not None
        session.answer(card.key, Rating.GOOD)
    package, text = tmp_path / "out.apkg", tmp_path / "out.txt"
    svc.exporter.apkg(package, person="alice")
    exported, _ = svc.exporter.text()
    svc.exporter.save(text, exported.encode("utf-8"))
    cards = sum(d.cards for d in svc.decks.list())

    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    col.import_anki_package(request)
    assert col.card_count() == cards
    assert len(col.find_cards("-is:new")) == 5
    col.import_anki_package(request)  # the same package again updates, never duplicates
    assert col.card_count() == cards
    col.close()

    col = anki_collection.Collection(str(tmp_path / "d.anki2"))
    meta = col.get_csv_metadata(path=str(text), delimiter=None)
    first = col.import_csv(ImportCsvRequest(path=str(text), metadata=meta))
    again = col.import_csv(ImportCsvRequest(path=str(text), metadata=meta))
    assert col.card_count() == cards
    assert len(first.log.new) == col.note_count()
    assert len(again.log.new) == 0
    col.close()
