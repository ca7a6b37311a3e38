"""Notes written for Obsidian's Spaced Repetition plugin come in as tandem decks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.interop.obsidian_sr import read_obsidian
from tandem.models import BadInputError
from tandem.services import Services

NOTE = """---
aliases: [aws]
---
# AWS ports #flashcards/cloud/aws

Some notes that are not cards, with `std::vector` in code.

Jira's default HTTP port::8080
What is an ASG?:::Auto Scaling Group
<!--SR:!2026-03-05,3,250-->

What are the three EFS throughput modes?
?
- Bursting
- Provisioned
- Elastic

Reverse me
??
both ways

RDS Multi-AZ failover takes ==60-120 seconds==, Aurora ==~30 seconds==.

```
a::b inside a code block is not a card
```
"""


def test_every_card_shape_of_the_plugin(tmp_path: Path) -> None:
    path = tmp_path / "AWS.md"
    path.write_text(NOTE)
    notes = read_obsidian(path).notes
    shapes = [(n.deck, n.kind, n.question, n.answer, n.reverse) for n in notes]
    assert shapes == [
        ("cloud::aws", "basic", "Jira's default HTTP port", "8080", False),
        ("cloud::aws", "basic", "What is an ASG?", "Auto Scaling Group", True),
        ("cloud::aws", "basic", "What are the three EFS throughput modes?",
         "- Bursting\n- Provisioned\n- Elastic", False),
        ("cloud::aws", "basic", "Reverse me", "both ways", True),
        ("cloud::aws", "cloze", "RDS Multi-AZ failover takes {{c1::60-120 seconds}}, "
         "Aurora {{c2::~30 seconds}}.", "", False),
    ]  # fmt: skip
    assert len({n.guid for n in notes}) == 5


def test_a_vault_imports_into_decks_and_again_changes_nothing(
    svc: Services, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    (vault / "cloud").mkdir(parents=True)
    (vault / "cloud" / "AWS.md").write_text(NOTE)
    (vault / "Diary.md").write_text("# Monday\n\nNothing to learn here.\n")
    summary = svc.importer.run(vault)
    assert summary.format == "obsidian-sr"
    assert (summary.notes, summary.cards) == (5, 8)  # two reversed, a cloze of two
    assert svc.sync.run().added == 0
    assert svc.importer.run(vault).added == 0
    text = (svc.paths.decks / "cloud" / "aws.md").read_text()
    assert "Q: What is an ASG?\nA: Auto Scaling Group" in text
    assert "SR:" not in text


def test_a_note_without_cards_is_refused_with_what_tandem_reads(
    svc: Services, tmp_path: Path
) -> None:
    path = tmp_path / "Diary.md"
    path.write_text("# Monday\n\nNothing to learn here.\n")
    with pytest.raises(BadInputError, match="no flashcards found"):
        svc.importer.run(path)


def test_a_tandem_deck_is_not_imported_as_a_foreign_one(svc: Services, tmp_path: Path) -> None:
    path = tmp_path / "mine.md"
    path.write_text("Q: one\nA: 1\n<!-- id: abcd2345 -->\n")
    with pytest.raises(BadInputError, match="tandem deck already"):
        svc.importer.run(path)
