"""The note rows a sync writes: their content hash is that of the JSON of the card's fields."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from tandem.decks.model import DeckCard
from tandem.services.sync.rows import note_row

_NAME = st.one_of(st.none(), st.sampled_from(["alice", "Zoë", 'say "hi"', "back\\slash", "日本"]))


@given(
    question=st.text(min_size=1).filter(lambda q: q.strip(" \t") != ""),
    answer=st.text(),
    by=_NAME,
    guid=_NAME,
    tags=st.lists(st.sampled_from(["b", "a", "ü", "x\\y", '"q"']), unique=True),
    reverse=st.booleans(),
)
def test_a_note_rows_content_is_json_dumps_of_its_fields(
    question: str, answer: str, by: str | None, guid: str | None, tags: list[str], reverse: bool
) -> None:
    card = DeckCard.model_construct(
        kind="basic", question=question, answer=answer, id="abcd1234", by=by, tags=tags,
        reverse=reverse, guid=guid,
    )  # fmt: skip
    row = note_row(card, 1, 0)
    content = json.dumps(["basic", question, answer, by, sorted(tags), reverse, guid])

    assert row.content_hash == hashlib.sha256(content.encode()).hexdigest()
