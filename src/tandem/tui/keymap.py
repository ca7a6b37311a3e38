"""Provides the config file's preferences applied to the app: the keymap and the theme.

On start the ``[keymap]`` table goes to ``App.set_keymap`` and ``theme`` to ``App.theme``;
afterwards every theme change (ctrl+p, "Change theme") is saved back to the file.
A malformed file is reported in a notification and left untouched; the app starts with
its defaults.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tandem.models import TandemError

if TYPE_CHECKING:
    from tandem.config.app_file import AppConfig
    from tandem.services import Services


def binding_ids(classes: Iterable[type[object]]) -> set[str]:
    """The ids of the bindings declared by ``classes`` (screens, widgets, the app)."""
    found: set[str] = set()
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found.add(binding.id)
    return found


def known_binding_ids() -> set[str]:
    """Every binding id tandem declares (what a ``[keymap]`` table may name)."""
    from tandem.tui.app import TandemApp
    from tandem.tui.widgets.editor_list import WrittenCards

    return binding_ids([TandemApp, WrittenCards, *screen_classes()])


def screen_classes() -> list[type[Screen[Any]]]:
    """Every screen class tandem defines (each screen module imported)."""
    from tandem.tui import screens

    found: list[type[Screen[Any]]] = []
    for name in screens.__all__:
        module = importlib.import_module(f"{screens.__name__}.{name}")
        found.extend(
            cls
            for cls in vars(module).values()
            if isinstance(cls, type)
            and issubclass(cls, Screen)
            and cls.__module__ == module.__name__
        )
    return found


class Preferences:
    """Applies ``config.toml`` to ``app`` and keeps its ``theme`` up to date."""

    def __init__(self, app: App[Any], services: Services) -> None:
        self.app = app
        self.services = services

    def apply(self) -> AppConfig | None:
        """Sets the keymap and the theme from the file; then watches the theme.

        Returns the preferences read, or ``None`` when there is no file (nothing to apply:
        start-up then skips reading and validating it).
        """
        config = self._load() if self.services.paths.config_file.exists() else None
        if config is not None:
            self._apply(config)
        self.app.watch(self.app, "theme", self._theme_changed, init=False)
        return config

    def _load(self) -> AppConfig:
        from tandem.config.app_file import AppConfig

        try:
            return self.services.app_config.load()
        except TandemError as problem:
            self._warn(f"{problem.message}\nStarting with the default keys and theme.")
            return AppConfig()

    def _apply(self, config: AppConfig) -> None:
        self._apply_keymap(config.keymap)
        if config.theme is not None:
            if config.theme in self.app.available_themes:
                self.app.theme = config.theme
            else:
                self._warn(f"Unknown theme {config.theme!r} in {self.services.app_config.path}.")

    def _apply_keymap(self, keymap: dict[str, str]) -> None:
        if not keymap:
            return  # nothing to check: knowing every binding id loads every screen
        unknown = sorted(set(keymap) - known_binding_ids())
        if unknown:
            self._warn(f"Unknown binding id(s) in [keymap]: {', '.join(unknown)} (see ? for ids).")
        self.app.set_keymap({k: v for k, v in keymap.items() if k not in unknown})

    def _theme_changed(self, theme: str) -> None:
        try:
            self.services.app_config.set_theme(theme)
        except (TandemError, OSError) as problem:
            message = problem.message if isinstance(problem, TandemError) else str(problem)
            self._warn(f"The theme was not saved: {message}")

    def _warn(self, message: str) -> None:
        self.app.notify(message, title="Config file", severity="warning", timeout=10, markup=False)
