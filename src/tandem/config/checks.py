"""Provides the checks on settings values, run by pydantic when settings change.

Settings are frozen dataclasses that import nothing heavy: they are read at every start,
and the values tandem reads back from its own database were checked when they were saved.
Their fields carry the constraints as ``Annotated`` metadata (``Limits``, ``Check``), which
pydantic applies in ``checked``: the one way new values get in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from tandem.models import InvalidFieldsError

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

T = TypeVar("T")

_PYDANTIC_WORDS = {
    "Value error, ": "",
    "Input should be less than or equal to": "must be at most",
    "Input should be greater than or equal to": "must be at least",
    "Input should be greater than": "must be more than",
    "Input should be": "must be",
}


class Limits:
    """Bounds on a number (pydantic-core's ``ge``, ``gt``, ``le``), e.g. ``Limits(ge=0)``."""

    def __init__(self, **bounds: float) -> None:
        self.bounds = bounds

    def __repr__(self) -> str:
        return f"Limits({', '.join(f'{k}={v!r}' for k, v in self.bounds.items())})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        return {**handler(source), **self.bounds}


class Check:
    """A function that returns the value or raises ``ValueError``; runs after the type check."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __repr__(self) -> str:
        return f"Check({self.function.__name__})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.function, handler(source))


def checked(kind: type[T], values: Mapping[str, object], what: str) -> T:
    """``values`` as a ``kind``, converted and checked by pydantic.

    Raises:
        InvalidFieldsError: a value of the wrong type or out of bounds, or an unknown name;
            the message says "invalid {what}" and names the fields, ``fields`` what is wrong.
    """
    from pydantic import ValidationError

    try:
        return cast(T, _adapter(kind).validate_python(dict(values)))
    except ValidationError as error:
        problems = field_problems(error)
        raise InvalidFieldsError(f"invalid {what} ({', '.join(problems)})", problems) from None


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    """pydantic's validator of ``kind``, built on first use (it takes a few milliseconds)."""
    if kind not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[kind] = TypeAdapter(kind)
    return _ADAPTERS[kind]


def field_problems(error: ValidationError) -> dict[str, str]:
    """What pydantic refused, by field name (dotted for nested ones), in plain words."""
    problems: dict[str, str] = {}
    for details in error.errors():
        text = str(details["msg"])
        for theirs, ours in _PYDANTIC_WORDS.items():
            text = text.replace(theirs, ours)
        if details["type"] == "unexpected_keyword_argument":
            text = "unknown setting"
        where = ".".join(str(part) for part in details["loc"]) or "settings"
        problems.setdefault(where, text)
    return problems
