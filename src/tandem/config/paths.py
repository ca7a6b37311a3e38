"""Provides where tandem keeps its database and deck files, with env overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "tandem"


@dataclass(frozen=True)
class Paths:
    """Where one tandem run reads and writes."""

    db: Path
    decks: Path
    data_dir: Path
    config_dir: Path

    @property
    def backups(self) -> Path:
        return self.db.parent / "backups"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"


def resolve_paths(
    db: str | Path | None = None,
    decks: str | Path | None = None,
    *,
    cwd: Path | None = None,
) -> Paths:
    """Resolves the paths: explicit values, then ``TANDEM_*`` variables, then defaults.

    The decks folder defaults to ``./decks`` when it exists, else the user data folder's
    ``decks``. ``TANDEM_HOME`` moves the data and config folders (used by tests).
    """
    home = os.environ.get("TANDEM_HOME")
    if home:
        data_dir = Path(home) / "data"
        config_dir = Path(home) / "config"
    else:
        data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    db_path = Path(db or os.environ.get("TANDEM_DB") or data_dir / "tandem.db")
    decks_value = decks or os.environ.get("TANDEM_DECKS")
    if decks_value:
        decks_path = Path(decks_value)
    else:
        local = (cwd or Path.cwd()) / "decks"
        decks_path = local if local.is_dir() else data_dir / "decks"
    return Paths(
        db=db_path.expanduser(),
        decks=decks_path.expanduser(),
        data_dir=data_dir,
        config_dir=config_dir,
    )
