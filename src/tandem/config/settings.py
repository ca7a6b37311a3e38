"""Provides per-person study settings, validated with pydantic."""

from __future__ import annotations

import re
from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$")


def validate_person_name(name: str) -> str:
    """Returns ``name`` if it is a valid person name, else raises ``ValueError``.

    Names appear in deck files (``by: alice``) and review logs, so they are kept to
    letters, digits, ``_``, ``.`` and ``-``, starting with a letter, at most 32 long.
    """
    if not _NAME.match(name):
        raise ValueError(
            f"invalid name {name!r}: use a letter followed by letters, digits, '_', '.' or '-'"
            " (at most 32 characters)"
        )
    return name


_PYDANTIC_WORDS = {
    "Value error, ": "",
    "Input should be less than or equal to": "must be at most",
    "Input should be greater than or equal to": "must be at least",
    "Input should be": "must be",
}


def field_problems(error: ValidationError) -> dict[str, str]:
    """What pydantic refused, by field name (dotted for nested ones), in plain words."""
    problems: dict[str, str] = {}
    for details in error.errors():
        text = str(details["msg"])
        for theirs, ours in _PYDANTIC_WORDS.items():
            text = text.replace(theirs, ours)
        where = ".".join(str(part) for part in details["loc"]) or "settings"
        problems.setdefault(where, text)
    return problems


class PersonSettings(BaseModel):
    """How FSRS schedules one person's cards. Every person has their own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    desired_retention: float = Field(0.9, ge=0.7, le=0.99)
    parameters: tuple[float, ...] | None = None
    """Fitted FSRS parameters; ``None`` means FSRS's defaults."""
    learning_steps_minutes: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_minutes: tuple[float, ...] = (10.0,)
    maximum_interval_days: int = Field(36500, ge=1, le=36500)
    new_per_day: int = Field(20, ge=0, le=9999)
    reviews_per_day: int = Field(200, ge=0, le=99999)
    day_starts_at_hour: int = Field(4, ge=0, le=23)
    timezone: str | None = None
    """IANA time zone for the day boundary; ``None`` means this machine's local zone."""
    leech_threshold: int = Field(8, ge=1, le=99)
    fuzz: bool = True
    learn_ahead_minutes: int = Field(20, ge=0, le=1440)

    @field_validator("learning_steps_minutes", "relearning_steps_minutes")
    @classmethod
    def _positive_steps(cls, steps: tuple[float, ...]) -> tuple[float, ...]:
        if any(step <= 0 for step in steps):
            raise ValueError("steps must be positive numbers of minutes")
        return steps

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str | None) -> str | None:
        if zone is not None:
            from zoneinfo import ZoneInfo

            try:
                ZoneInfo(zone)
            except Exception:
                raise ValueError(f"unknown time zone {zone!r}") from None
        return zone

    @property
    def learning_steps(self) -> tuple[timedelta, ...]:
        return tuple(timedelta(minutes=m) for m in self.learning_steps_minutes)

    @property
    def relearning_steps(self) -> tuple[timedelta, ...]:
        return tuple(timedelta(minutes=m) for m in self.relearning_steps_minutes)


class BackupPolicy(BaseModel):
    """How many automatic backups to keep, like Anki: the newest of each day, week, month."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    daily: int = Field(12, ge=1, le=999)
    weekly: int = Field(10, ge=0, le=999)
    monthly: int = Field(9, ge=0, le=999)
