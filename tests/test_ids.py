"""Ids: short random note ids, review ids that sort by time, and card keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tandem.models import CardKey, is_valid_id, new_id, new_review_id, note_id_of
from tandem.models.ids import ID_ALPHABET


def test_note_ids_are_valid_distinct_and_use_the_whole_alphabet() -> None:
    ids = [new_id() for _ in range(5000)]
    assert all(is_valid_id(value) and len(value) == 8 for value in ids)
    assert len(set(ids)) == len(ids)
    assert set("".join(ids)) == set(ID_ALPHABET)


def test_invalid_ids() -> None:
    for value in ("", "abc", "ABCD1234", "abcd\n", "abcd-123", "a" * 33):
        assert not is_valid_id(value)


def test_review_ids_sort_by_time() -> None:
    start = datetime(2026, 3, 4, tzinfo=UTC)
    ids = [new_review_id(start + timedelta(milliseconds=n)) for n in range(0, 5000, 7)]
    assert ids == sorted(ids)


def test_review_ids_are_milliseconds_then_random_bits_in_base32() -> None:
    at = datetime(2026, 3, 4, 5, 6, 7, 891000, tzinfo=UTC)
    millis = int(at.timestamp() * 1000)
    expected = "".join(ID_ALPHABET[(millis >> shift) & 31] for shift in range(45, -1, -5))
    ids = [new_review_id(at) for _ in range(2000)]
    assert {value[:10] for value in ids} == {expected}
    assert len(set(ids)) == len(ids)
    assert all(len(value) == 20 and set(value) <= set(ID_ALPHABET) for value in ids)
    assert set("".join(value[10:] for value in ids)) == set(ID_ALPHABET)


@given(
    note=st.text(alphabet="0123456789abcdefghjkmnpqrstvwxyz", min_size=4, max_size=32),
    variant=st.one_of(
        st.just(""), st.just("r"), st.integers(1, 500).map(lambda number: f"c{number}")
    ),
)
def test_a_card_key_reads_back_as_written(note: str, variant: str) -> None:
    key = CardKey(note, variant)
    assert CardKey.parse(str(key)) == key
    assert note_id_of(str(key)) == note
    assert str(key) == (note if not variant else f"{note}:{variant}")


def test_card_keys_name_their_side_and_anki_template() -> None:
    forward, reverse, cloze = (CardKey.parse(k) for k in ("k7q2m9x4", "k7q2m9x4:r", "k7q2m9x4:c3"))
    assert (forward.is_reverse, forward.cloze_number, forward.template_index) == (False, None, 0)
    assert (reverse.is_reverse, reverse.cloze_number, reverse.template_index) == (True, None, 1)
    assert (cloze.is_reverse, cloze.cloze_number, cloze.template_index) == (False, 3, 2)
    assert CardKey.cloze("k7q2m9x4", 3) == cloze
