"""Provides reading and writing other programs' formats (Anki packages and text exports)."""

__all__: list[str] = []
