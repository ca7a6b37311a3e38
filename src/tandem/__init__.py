"""tandem: a spaced-repetition quiz engine for learning partners, in the terminal.

docs/architecture.md maps the packages: cli, tui, render, services, scheduling, storage,
decks, interop, config, models.
"""

__version__ = "0.1.0"

__all__ = [
    "__version__",
]
