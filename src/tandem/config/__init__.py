"""Provides settings (pydantic) and the paths where tandem keeps its data.

The settings models load pydantic, so they are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.config.paths import Paths, resolve_paths
from tandem.models.lazy import lazy_attributes

if TYPE_CHECKING:
    from tandem.config.settings import (
        BackupPolicy,
        PersonSettings,
        field_problems,
        validate_person_name,
    )

_SETTINGS = "tandem.config.settings"
__getattr__ = lazy_attributes(
    __name__,
    dict.fromkeys(
        ("BackupPolicy", "PersonSettings", "field_problems", "validate_person_name"), _SETTINGS
    ),
)


__all__ = [
    "BackupPolicy",
    "Paths",
    "PersonSettings",
    "field_problems",
    "resolve_paths",
    "validate_person_name",
]
