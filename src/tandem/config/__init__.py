"""Provides settings (checked with pydantic) and the paths where tandem keeps its data.

The settings are imported on first use; pydantic only when new values are checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.config.paths import Paths, resolve_paths
from tandem.models.lazy import lazy_attributes

if TYPE_CHECKING:
    from tandem.config.checks import checked
    from tandem.config.settings import BackupPolicy, PersonSettings, validate_person_name

_SETTINGS = "tandem.config.settings"
__getattr__ = lazy_attributes(
    __name__,
    {
        "BackupPolicy": _SETTINGS,
        "PersonSettings": _SETTINGS,
        "validate_person_name": _SETTINGS,
        "checked": "tandem.config.checks",
    },
)


__all__ = [
    "BackupPolicy",
    "Paths",
    "PersonSettings",
    "checked",
    "resolve_paths",
    "validate_person_name",
]
