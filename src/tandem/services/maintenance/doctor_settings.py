"""Provides doctor's check of the settings people have stored, and their repair."""

from __future__ import annotations

import json
from typing import Any

from tandem.config.checks import checked
from tandem.config.settings import PersonSettings
from tandem.models import InvalidFieldsError
from tandem.services.context import Context


def stored_settings_problems(ctx: Context, *, repair: bool) -> dict[str, dict[str, str]]:
    """Checks every person's stored settings; returns the values refused, by person.

    Settings are checked when they are saved, so a problem here means the database was
    changed by hand (or by another program). ``repair`` keeps the values that pass and
    resets the others to their defaults (call inside ``store.write()``).
    """
    found: dict[str, dict[str, str]] = {}
    for name, text in ctx.people.stored_settings().items():
        values, problems = _check(text)
        if not problems:
            continue
        found[name] = problems
        if repair:
            refused = {where.split(".")[0] for where in problems}
            kept = {k: v for k, v in values.items() if k not in refused}
            ctx.people.set_settings(name, checked(PersonSettings, kept, f"settings for {name}"))
            ctx.forget_person(name)
    return found


def _check(text: str) -> tuple[dict[str, Any], dict[str, str]]:
    try:
        values = json.loads(text)
    except (ValueError, RecursionError):
        return {}, {"settings": "not JSON"}
    if not isinstance(values, dict):
        return {}, {"settings": "not a JSON object"}
    try:
        checked(PersonSettings, values, "settings")
    except InvalidFieldsError as error:
        return values, error.fields
    return values, {}
