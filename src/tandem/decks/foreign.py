"""Provides what a deck file that tandem cannot read looks like, when another flashcard tool
made it: a hint that says so and how to import it, added to the file's problems. Another
tool's export lying in the decks folder (Mochi's ``.mochi``, its ``data.edn``) gets one too."""

from __future__ import annotations

import re

_CARD_LINE = re.compile(r"^[QC]:", re.MULTILINE)
_BRACKET_CLOZE = re.compile(r"^C:.*\[[^\]\n]+\]", re.MULTILINE)
_BLANK_AFTER_ANSWER = re.compile(r"^A:[ \t]*\r?\n[ \t]*\r?\n", re.MULTILINE)
_OBSIDIAN_TAG = re.compile(r"(?:^|\s)#flashcards\b")
MOCHI_DATA = ("data.edn", "data.json")
_MOCHI_JSON_MARK = b'"~:decks"'
_SNIFF_BYTES = 1 << 16


def foreign_hint(text: str, has_problems: bool) -> str | None:
    """Says which tool's deck ``text`` looks like, and how to import it (None: tandem's own).

    A hashcards deck is only named when tandem found problems in it (its ``Q:``/``A:`` cards
    read the same in both); a note for Obsidian's Spaced Repetition plugin (tagged
    ``#flashcards``, no tandem card in it) is named even then, since it reads as notes only.
    """
    if (
        has_problems
        and "{{c" not in text
        and (_BRACKET_CLOZE.search(text) or _BLANK_AFTER_ANSWER.search(text))
    ):
        tool = "a hashcards deck (C: cards with [deletions], answers across blank lines)"
    elif not _CARD_LINE.search(text) and _OBSIDIAN_TAG.search(text):
        tool = "an Obsidian Spaced Repetition note (#flashcards; q::a, ? and ==cloze== cards)"
    else:
        return None
    return (
        f"this looks like {tool}: move it out of the decks folder and run 'tandem import' "
        "on it to make a tandem deck of it"
    )


def foreign_file_hint(name: str, head: bytes) -> str | None:
    """Says which tool's export a file that is not a deck file (``name``, starting with the
    bytes ``head``) looks like, and how to import it; None for any other file.

    Only Mochi's are named: a ``.mochi`` file, a ``data.edn``, and a ``data.json`` holding
    Mochi's decks (Transit JSON).
    """
    lower = name.lower()
    if lower.endswith(".mochi"):
        tool = "a Mochi export (.mochi)"
    elif lower == "data.edn" or (lower == "data.json" and _MOCHI_JSON_MARK in head):
        tool = f"the data of a Mochi export ({lower})"
    else:
        return None
    return (
        f"this looks like {tool}, not a deck file: move it out of the decks folder and run "
        "'tandem import' on it to make tandem decks of it"
    )


def sniff_size(name: str) -> int:
    """How many bytes of a file named ``name`` ``foreign_file_hint`` needs (0: none)."""
    return _SNIFF_BYTES if name.lower() == "data.json" else 0


def may_be_foreign(name: str) -> bool:
    """Whether a file named ``name`` (not a ``.md``) may be another tool's export."""
    lower = name.lower()
    return lower.endswith(".mochi") or lower in MOCHI_DATA
