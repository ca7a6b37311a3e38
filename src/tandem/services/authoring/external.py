"""Provides opening a card in the user's own editor (``$VISUAL``, ``$EDITOR``) at its line.

The editor gets the deck file and, when it is one that reads ``+LINE`` (vi, Vim, Neovim,
nano, Emacs, micro, kakoune and their kin), the card's line. The file is synced when the
editor exits, as ``tandem sync`` would: ids are assigned to new cards, the database follows.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tandem.decks.files import deck_target
from tandem.decks.parser import parse_with_spans
from tandem.services.context import Context
from tandem.services.sync.outcome import SyncReport
from tandem.services.sync.sync import Sync

LINE_EDITORS = frozenset({
    "vi", "vim", "nvim", "gvim", "view", "vis", "nano", "pico", "emacs", "emacsclient",
    "micro", "kak", "joe", "jed", "mg", "ne",
})  # fmt: skip
"""Editors that open a file at line N when given ``+N`` before it."""
FALLBACK = "vi"


@dataclass(frozen=True)
class ExternalEdit:
    """What to run to edit a card: its deck (relative path), file, line, command line."""

    deck: str
    path: Path
    line: int
    command: list[str]


def editor_command(editor: str, path: Path, line: int) -> list[str]:
    """The command line that opens ``path`` in ``editor`` (a shell word list, as
    ``$EDITOR`` is read: ``code --wait`` is two words), at ``line`` if it reads ``+N``."""
    words = shlex.split(editor) or [FALLBACK]
    if Path(words[0]).name in LINE_EDITORS:
        return [*words, f"+{line}", str(path)]
    return [*words, str(path)]


def external_edit(ctx: Context, note_id: str, environ: Mapping[str, str]) -> ExternalEdit:
    """Where the card ``note_id`` is and how to open it there (``$VISUAL``, else
    ``$EDITOR``, else vi).

    Raises:
        NotFoundError: no such card in a deck file.
        DeckError: the deck file cannot be read as a deck (naming the file and line).
    """
    from tandem.services.authoring.writer import Authoring

    deck, text = Authoring(ctx).deck_text(note_id)
    _, spans = parse_with_spans(text, deck)  # a DeckError (bad input) names file and line
    line = next((span.start + 1 for span in spans if span.id == note_id), 1)
    path = deck_target(ctx.paths.decks, deck)
    editor = environ.get("VISUAL") or environ.get("EDITOR") or FALLBACK
    return ExternalEdit(deck, path, line, editor_command(editor, path, line))


def sync_after_edit(ctx: Context, deck: str) -> SyncReport:
    """Syncs the file the editor had open (new ids written into it, the database updated)."""
    return Sync(ctx).run(only={deck})
