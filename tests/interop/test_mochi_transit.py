"""Mochi's data.json is Transit JSON: what a real Transit writer (transit-python) writes, in
the verbose form Mochi uses and the compact one with cached keys, reads back as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from transit.transit_types import Keyword
from transit.writer import Writer

from tandem.interop.mochi_data import decode_json
from tandem.models import BadInputError

_NAMES = st.text("abcdefghijklmnopqrstuvwxyz-?/", min_size=1, max_size=12).filter(
    lambda name: not name.startswith("/") and not name.endswith("/") and "//" not in name
)
_TIMES = st.integers(-(10**12), 4 * 10**12).map(
    lambda ms: datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    _NAMES.map(Keyword),
    _TIMES,
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(_NAMES.map(Keyword), inner, max_size=5),
    ),
    max_leaves=40,
)


def _plain(value: Any) -> Any:
    """What the reader gives for a value: keywords as their names, maps with string keys."""
    if isinstance(value, Keyword):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _written(value: Any, protocol: str) -> bytes:
    out = StringIO()
    Writer(out, protocol).write(value)
    return out.getvalue().encode()


@pytest.mark.parametrize("protocol", ["json_verbose", "json"])
@settings(max_examples=100, deadline=None)
@given(value=st.dictionaries(_NAMES.map(Keyword), _VALUES, min_size=1, max_size=6))
def test_what_a_transit_writer_writes_reads_back(protocol: str, value: dict[Any, Any]) -> None:
    assert decode_json(_written(value, protocol), "data.json") == _plain(value)


def test_many_keys_outgrow_the_cache_and_still_read_back() -> None:
    """Past 44 keys the cache codes take two characters; past 1,936 the cache starts over."""
    value = [{Keyword(f"key-{n}"): n, Keyword("tags"): frozenset({"x"})} for n in range(2500)]
    data = _written(value, "json")
    assert b'"^1' in data
    assert decode_json(data, "data.json") == [{f"key-{n}": n, "tags": ["x"]} for n in range(2500)]


def test_mochi_time_forms_read_as_utc_times() -> None:
    data = b'{"~:a": "~t1704067200000", "~:b": {"~#dt": 1704067200000}, "~:c": "~m1704067200000"}'
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    assert decode_json(data, "data.json") == {"a": moment, "b": moment, "c": moment}


@pytest.mark.parametrize(
    "data", [b'["^ ", "^ ", "^0"]', b'{"~:a": "~tnot a time"}', b'{"~:a": {"~#dt": "x"}}']
)
def test_transit_that_cannot_be_read_is_refused(data: bytes) -> None:
    with pytest.raises(BadInputError, match=r"data\.json: not Mochi's Transit data"):
        decode_json(data, "data.json")
