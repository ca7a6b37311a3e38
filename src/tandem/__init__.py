"""tandem: a spaced-repetition quiz engine for learning partners, in the terminal."""

__version__ = "0.1.0"
