"""Provides settings (pydantic) and the paths where tandem keeps its data.

The settings models load pydantic, so they are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tandem.config.paths import Paths, resolve_paths

if TYPE_CHECKING:
    from tandem.config.settings import BackupPolicy, PersonSettings, validate_person_name

_SETTINGS = {"BackupPolicy", "PersonSettings", "validate_person_name"}


def __getattr__(name: str) -> Any:
    if name not in _SETTINGS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("tandem.config.settings"), name)


__all__ = ["BackupPolicy", "Paths", "PersonSettings", "resolve_paths", "validate_person_name"]
