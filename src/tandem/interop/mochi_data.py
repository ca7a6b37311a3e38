"""Provides decoding a Mochi export's data: ``data.json`` (Transit JSON) or ``data.edn`` (EDN).

Both come out as the same plain values: maps with string keys (a keyword's name, with its
namespace as ``ns/name``), lists (vectors, lists and sets alike), strings, numbers, booleans,
None, and UTC datetimes. Mochi writes Transit's verbose form (maps as JSON objects; keywords
``"~:name"``; ``{"~#set": [...]}``, ``{"~#list": [...]}``; times as ``"~t<ms>"``,
``"~m<ms>"`` or ``{"~#dt": ms}``); the compact form (``["^ ", k, v, ...]`` with cached
keys ``"^0"``) is read as well. EDN is read with ``edn_format`` (``#inst`` and ``#uuid``
tags; any other tag refuses the file).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence, Set
from datetime import UTC, date, datetime
from typing import Any

from tandem.models import BadInputError

_CACHE_DIGITS, _CACHE_BASE = 44, 48  # Transit's cache codes: "^" + 1 or 2 chars from "0"
_MIN_CACHED = 4  # strings shorter than this are never cached
_LEXPOS = re.compile(r"lexpos (\d+)|,(\d+)\)$")


def decode_json(data: bytes, label: str) -> Any:
    """The plain values of a Transit JSON document.

    Raises:
        BadInputError: not UTF-8, not JSON, or a Transit value that cannot be read.
    """
    try:
        raw = json.loads(_text(data, label))
    except json.JSONDecodeError as error:
        raise BadInputError(
            f"{label}:{error.lineno}: not valid JSON ({error.msg}, column {error.colno})"
        ) from None
    except ValueError as error:  # a number of thousands of digits, say
        raise BadInputError(f"{label}: not valid JSON ({str(error)[:120]})") from None
    except RecursionError:
        raise BadInputError(f"{label}: nested too deeply; refused") from None
    try:
        return _Transit(compact=isinstance(raw, list)).value(raw, key=False)
    except (ValueError, TypeError, OverflowError, OSError) as error:
        raise BadInputError(f"{label}: not Mochi's Transit data ({error})") from None
    except RecursionError:
        raise BadInputError(f"{label}: nested too deeply; refused") from None


def decode_edn(data: bytes, label: str) -> Any:
    """The plain values of an EDN document (Mochi's older ``data.edn``).

    Raises:
        BadInputError: not UTF-8, or not EDN (with the line where reading stopped).
    """
    import edn_format  # deferred: only older exports need it

    text = _text(data, label)
    try:
        parsed = edn_format.loads(text, write_ply_tables=False)
    except (edn_format.EDNDecodeError, NotImplementedError, ValueError, TypeError) as error:
        line = _line_of(str(error), text)
        where = f"{label}:{line}" if line else label
        message = " ".join(str(error).split())[:160]
        raise BadInputError(f"{where}: not valid EDN ({message})") from None
    except RecursionError:
        raise BadInputError(f"{label}: nested too deeply; refused") from None
    try:
        return _plain_edn(parsed)
    except RecursionError:
        raise BadInputError(f"{label}: nested too deeply; refused") from None


def _text(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise BadInputError(f"{label}: not UTF-8 (byte {error.start})") from None


def _line_of(message: str, text: str) -> int | None:
    found = _LEXPOS.search(message)
    if found is None:
        return None
    position = int(found.group(1) or found.group(2))
    return text.count("\n", 0, position) + 1


def _plain_edn(value: Any) -> Any:
    import edn_format

    if isinstance(value, edn_format.Keyword | edn_format.Symbol):
        return str(value).removeprefix(":")
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return {_key(_plain_edn(k)): _plain_edn(v) for k, v in value.items()}
    if isinstance(value, Sequence | Set):
        return [_plain_edn(item) for item in value]
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, edn_format.Char):
        return str(value)
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)  # a uuid, a decimal, a fraction: only ever shown


def _key(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


class _Transit:
    """Reads one Transit JSON document (its cache of keys lives as long as the reader)."""

    def __init__(self, *, compact: bool) -> None:
        self.cache: list[str] = []
        self.compact = compact  # only the compact form caches (a verbose one is a JSON object)

    def value(self, raw: Any, *, key: bool) -> Any:
        if isinstance(raw, str):
            return self.string(raw, key=key)
        if isinstance(raw, dict):
            if len(raw) == 1:
                ((tag, rep),) = raw.items()
                tag = self.string(tag, key=True, raw_tag=True)
                if tag.startswith("~#"):
                    return self.tagged(tag[2:], rep)
                return {_key(tag): self.value(rep, key=False)}
            return {
                _key(self.string(k, key=True)): self.value(v, key=False) for k, v in raw.items()
            }
        if isinstance(raw, list):
            if raw and raw[0] == "^ ":
                pairs = raw[1:]
                if len(pairs) % 2:
                    raise ValueError("a map with an odd number of entries")
                return {
                    _key(self.value(pairs[i], key=True)): self.value(pairs[i + 1], key=False)
                    for i in range(0, len(pairs), 2)
                }
            if len(raw) == 2 and isinstance(raw[0], str) and self.is_tag(raw[0]):
                tag = self.string(raw[0], key=False, raw_tag=True)
                return self.tagged(tag[2:], raw[1])
            return [self.value(item, key=False) for item in raw]
        if raw is None or isinstance(raw, bool | int | float):
            return raw
        raise TypeError(f"unexpected {type(raw).__name__}")

    def string(self, raw: str, *, key: bool, raw_tag: bool = False) -> Any:
        """A Transit string: a cache code, an escaped value, or itself (``raw_tag``: a
        ``~#tag`` is returned as written, for the caller to read the value it tags)."""
        if not self.compact:
            return raw if raw_tag and raw.startswith("~#") else _unescape(raw)
        if raw.startswith("^") and raw != "^ " and len(raw) in (2, 3):
            return self.from_cache(raw)
        if len(raw) >= _MIN_CACHED and (key or raw[:2] in ("~:", "~$", "~#")):
            self.remember(raw)
        if raw.startswith("~#") and raw_tag:
            return raw
        return _unescape(raw)

    def is_tag(self, raw: str) -> bool:
        """Whether ``raw`` is a tag (``~#name``, or a cache code standing for one)."""
        if self.compact and raw.startswith("^") and raw != "^ " and len(raw) in (2, 3):
            cached = self.from_cache(raw)
            return isinstance(cached, str) and cached.startswith("~#")
        return raw.startswith("~#")

    def remember(self, raw: str) -> None:
        if len(self.cache) == _CACHE_DIGITS * _CACHE_DIGITS:
            self.cache.clear()
        self.cache.append(raw)

    def from_cache(self, code: str) -> Any:
        digits = [ord(c) - _CACHE_BASE for c in code[1:]]
        index = digits[0] if len(digits) == 1 else digits[0] * _CACHE_DIGITS + digits[1]
        if not 0 <= index < len(self.cache):
            raise ValueError(f"cache code {code!r} names nothing")
        raw = self.cache[index]
        return raw if raw.startswith("~#") else _unescape(raw)

    def tagged(self, tag: str, rep: Any) -> Any:
        value = self.value(rep, key=False)
        if tag in ("set", "list", "cmap"):
            if not isinstance(value, list):
                raise ValueError(f"~#{tag} of {type(value).__name__}")
            if tag == "cmap":
                return {_key(value[i]): value[i + 1] for i in range(0, len(value) - 1, 2)}
            return value
        if tag in ("dt", "inst", "m"):
            return _from_ms(value) if not isinstance(value, datetime) else value
        return value  # an unknown tag: its value as it is


def _unescape(raw: str) -> Any:
    if not raw.startswith("~") or len(raw) < 2:
        return raw
    mark, rest = raw[1], raw[2:]
    if mark in ("~", "^", "`"):
        return raw[1:]
    if mark in (":", "$"):
        return rest
    if mark == "t":
        return _from_ms(int(rest)) if rest.lstrip("-").isdigit() else _from_iso(rest)
    if mark == "m":
        return _from_ms(int(rest))
    if mark == "_":
        return None
    if mark == "?":
        return rest == "t"
    if mark in ("i", "n"):
        return int(rest)
    if mark == "d":
        return float(rest)
    return rest  # u (uuid), r (uri), c (char), f (decimal) and the like: their text


def _from_ms(value: Any) -> datetime:
    if isinstance(value, str) and value.lstrip("-").isdigit():
        value = int(value)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"a time that is not a number of milliseconds: {value!r}")
    return datetime.fromtimestamp(value / 1000, UTC)


def _from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
