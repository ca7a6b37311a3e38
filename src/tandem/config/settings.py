"""Provides per-person study settings and the backup policy (checked with pydantic).

The values are frozen dataclasses, so reading them (at every start) loads no pydantic;
``tandem.config.checks.checked`` converts and checks new values (see there).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import Annotated, Any, ClassVar, Self, cast

from tandem.config.checks import Check, Limits

# A letter (any script: José, Zoë, 佐藤), then letters, digits, "_", "." or "-". ``\w`` is
# Unicode-aware, so no control character, space or path separator can pass.
_NAME = re.compile(r"[^\W\d_][\w.-]{0,31}")


def validate_person_name(name: str) -> str:
    """Returns ``name`` in Unicode's composed form (NFC) if it is a valid person name, else
    raises ``ValueError``.

    Names appear in deck files (``by: alice``), review logs and log file paths, so they are
    kept to letters (of any script), digits, ``_``, ``.`` and ``-``, starting with a letter,
    at most 32 long: no space, control character or path separator.
    """
    composed = unicodedata.normalize("NFC", name)
    if not _NAME.fullmatch(composed) or not composed.isprintable():
        raise ValueError(
            f"invalid name {name!r}: use a letter followed by letters, digits, '_', '.' or '-'"
            " (at most 32 characters)"
        )
    return composed


def known_zone(zone: str) -> str:
    """Returns ``zone`` if ``zoneinfo`` knows it, else raises ``ValueError``."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(zone)
    except Exception:
        raise ValueError(f"unknown time zone {zone!r}") from None
    return zone


MAX_STEP_MINUTES = 525_600.0
"""A year: a longer (or infinite) step could not be added to a date."""


def positive_steps(steps: tuple[float, ...]) -> tuple[float, ...]:
    """Returns ``steps`` if every step is more than 0 minutes and at most a year."""
    if not all(0 < step <= MAX_STEP_MINUTES for step in steps):  # (NaN fails both)
        raise ValueError("steps must be positive numbers of minutes, at most a year")
    return steps


class SettingsValues:
    """What the settings classes share: kept as JSON of what differs from the defaults,
    changed by copying."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def to_json(self) -> str:
        """The values that differ from the defaults, as compact JSON."""
        changed = {
            field.name: value
            for field in fields(self)  # type: ignore[arg-type]  # a dataclass; mypy sees Self
            if (value := getattr(self, field.name)) != field.default
        }
        return json.dumps(changed, separators=(",", ":"))

    def updated(self, changes: Mapping[str, Any]) -> Self:
        """A copy with ``changes`` applied (not checked: see ``checked``)."""
        return cast(Self, replace(cast(Any, self), **changes))

    @classmethod
    def from_json(cls, text: str) -> Self:
        """Values ``to_json`` wrote (checked when they were saved, so not checked again).

        Raises:
            ValueError: ``text`` is not such JSON (the database was changed by hand).
        """
        try:
            values = json.loads(text)
        except RecursionError:
            raise ValueError("settings nested too deeply") from None
        if not isinstance(values, dict):
            raise ValueError(f"settings must be a JSON object, not {text[:40]!r}")
        try:
            return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})
        except TypeError as error:
            raise ValueError(str(error)) from None


@dataclass(frozen=True)
class PersonSettings(SettingsValues):
    """How FSRS schedules one person's cards. Every person has their own.

    Constructing it does not check the values: ``checked(PersonSettings, values, ...)`` does.
    """

    desired_retention: Annotated[float, Limits(ge=0.7, le=0.99)] = 0.9
    parameters: tuple[float, ...] | None = None
    """Fitted FSRS parameters; ``None`` means FSRS's defaults."""
    learning_steps_minutes: Annotated[tuple[float, ...], Check(positive_steps)] = (1.0, 10.0)
    relearning_steps_minutes: Annotated[tuple[float, ...], Check(positive_steps)] = (10.0,)
    maximum_interval_days: Annotated[int, Limits(ge=1, le=36500)] = 36500
    new_per_day: Annotated[int, Limits(ge=0, le=9999)] = 20
    reviews_per_day: Annotated[int, Limits(ge=0, le=99999)] = 200
    day_starts_at_hour: Annotated[int, Limits(ge=0, le=23)] = 4
    timezone: Annotated[str, Check(known_zone)] | None = None
    """IANA time zone for the day boundary; ``None`` means this machine's local zone."""
    leech_threshold: Annotated[int, Limits(ge=1, le=99)] = 8
    fuzz: bool = True
    learn_ahead_minutes: Annotated[int, Limits(ge=0, le=1440)] = 20

    @property
    def learning_steps(self) -> tuple[timedelta, ...]:
        return tuple(timedelta(minutes=m) for m in self.learning_steps_minutes)

    @property
    def relearning_steps(self) -> tuple[timedelta, ...]:
        return tuple(timedelta(minutes=m) for m in self.relearning_steps_minutes)


@dataclass(frozen=True)
class BackupPolicy(SettingsValues):
    """How many automatic backups to keep, like Anki: the newest of each day, week, month."""

    daily: Annotated[int, Limits(ge=1, le=999)] = 12
    weekly: Annotated[int, Limits(ge=0, le=999)] = 10
    monthly: Annotated[int, Limits(ge=0, le=999)] = 9
