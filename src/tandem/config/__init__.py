"""Provides settings (pydantic) and the paths where tandem keeps its data."""

from tandem.config.paths import Paths, resolve_paths
from tandem.config.settings import BackupPolicy, PersonSettings, validate_person_name

__all__ = ["BackupPolicy", "Paths", "PersonSettings", "resolve_paths", "validate_person_name"]
