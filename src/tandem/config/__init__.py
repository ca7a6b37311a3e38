"""Provides settings (checked with pydantic when they change), paths, and the app's config file.

Modules: ``paths`` (where tandem keeps its data), ``settings`` (a person's and the backups'
settings, plain values), ``checks`` (pydantic checks of new values), ``app_file``
(``config.toml``: theme and keymap), ``app_edit`` (one preference changed in the file's text,
its comments kept), ``files`` (atomic file writes).
"""

from tandem.config.paths import Paths, resolve_paths

__all__ = ["Paths", "resolve_paths"]
