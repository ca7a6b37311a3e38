"""Provides cleaning of imported text: control characters removed, bidi overrides flagged."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # incl. CR


@dataclass
class Cleaner:
    """Cleans text and counts what it removed, so the summary can say so."""

    controls: int = 0
    bidi: int = 0

    def clean(self, text: str) -> str:
        """Returns ``text`` without control characters (except tab and LF) and bidi overrides.

        Carriage returns are turned into line feeds (``\\r\\n`` into one) before that.
        """
        if _SUSPECT.search(text) is None:  # nearly all text: nothing to clean
            return text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text, controls = _CONTROL.subn("", text)
        text, bidi = _BIDI.subn("", text)
        self.controls += controls
        self.bidi += bidi
        return text

    def warnings(self) -> list[str]:
        """What was removed, as sentences for the summary."""
        found = []
        if self.controls:
            found.append(f"{self.controls} control character(s) removed")
        if self.bidi:
            found.append(f"{self.bidi} bidi override character(s) removed (they can hide text)")
        return found
