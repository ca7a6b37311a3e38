"""Provides what a deck file that tandem cannot read looks like, when another flashcard tool
made it: a hint that says so and how to import it, added to the file's problems."""

from __future__ import annotations

import re

_CARD_LINE = re.compile(r"^[QC]:", re.MULTILINE)
_BRACKET_CLOZE = re.compile(r"^C:.*\[[^\]\n]+\]", re.MULTILINE)
_BLANK_AFTER_ANSWER = re.compile(r"^A:[ \t]*\r?\n[ \t]*\r?\n", re.MULTILINE)
_OBSIDIAN_TAG = re.compile(r"(?:^|\s)#flashcards\b")


def foreign_hint(text: str, path: str, has_problems: bool) -> str | None:
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
        f"this looks like {tool}: move it out of the decks folder and run "
        f"'tandem import {path}' to make a tandem deck of it"
    )
