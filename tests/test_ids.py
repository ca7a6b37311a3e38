"""Ids: short random note ids and review ids that sort by time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tandem.models import is_valid_id, new_id, new_review_id
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
