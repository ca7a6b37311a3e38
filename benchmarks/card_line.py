"""How long card text takes to become one plain line (``render.card_line``).

Run: ``python benchmarks/card_line.py [--repeat 20]``. Reads every question and answer of
the repository's sample decks and times 500 of them through ``card_line``, as the card
browser's first page of results does (500 rows); the same always through the parser (no
plain-text shortcut), and with Markdown in every card.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from common import HEADER, measure, row
from tandem.decks.parser import parse_deck
from tandem.render.card_line import card_line, parsed_words
from tandem.render.terminal import terminal_line

DECKS = Path(__file__).parent.parent / "decks"
ROWS = 500
"""The card browser shows at most this many rows per search (tui/screens/browse.py)."""


def sample_texts() -> list[str]:
    texts = []
    for path in sorted(DECKS.rglob("*.md")):
        for card in parse_deck(path.read_text(encoding="utf-8")).cards:
            texts += [card.question, card.answer]
    return [text for text in texts if text]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    texts = list(itertools.islice(itertools.cycle(sample_texts()), ROWS))
    marked = [f"**{text}**" for text in texts]
    card_line("warm *up*")  # markdown-it imported and its parser built once
    print(HEADER)
    print(row(f"{ROWS} sample cards", measure(lambda: [card_line(t) for t in texts], args.repeat)))
    always = measure(lambda: [terminal_line(parsed_words(t), 60) for t in texts], args.repeat)
    print(row(f"{ROWS} sample cards, always parsed", always))
    print(row(f"{ROWS} cards, all Markdown", measure(lambda: [card_line(t) for t in marked],
                                                     args.repeat)))  # fmt: skip


if __name__ == "__main__":
    main()
