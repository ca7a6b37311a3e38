"""Property tests: deck text round trips through parse_deck/write_deck/format_text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.conftest import examples

from tandem.decks.model import Deck, DeckCard, FrontMatter, NotesBlock
from tandem.decks.parser import parse_deck
from tandem.decks.writer import format_text, write_deck

ATOMS = [
    "Q:", "A:", "C:", "<!--", "-->", "{{", "}}", "[", "]", "---", "+++", "·", " · ", "🙂",
    "e\u0301", "ñ", "**b**", "`x`", "{{c1::x}}", "::", "\t", "a", "word", "日本", "<b>",
    "\\", '"', "'", "#", "- item", ">", "```", "~~~", "\u2028", "\u00a0", "[...]",
]  # fmt: skip
SAFE = st.characters(
    max_codepoint=0x1FFFF,
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff",
)
WORD = st.sampled_from(ATOMS) | st.text(alphabet=SAFE, min_size=1, max_size=4)
LINE = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
UNSAFE_STARTS = ("Q:", "A:", "C:", "F:", "<!--", "```", "~~~", "+++", " ", "\t")
INSIDE_FENCE = [
    "Q: inside", "A: inside", "C: {{c1::x}}", "<!-- id: abcd -->", "", "+++",
    "<<<<<<< HEAD", "=======", "||||||| base", ">>>>>>> x",
]  # fmt: skip
# Inside a multi-line HTML comment: cards, meta lines, fences and blank lines are notes text.
INSIDE_COMMENT = ["Q: commented", "A: out", "C: {{c1::x}}", "", "```", "<!-- inner", "+++"]
COMMENT_ENDS = ["-->", "<!-- id: abcd · by: alice -->", "end of it -->"]


def safe(line: str) -> str:
    """Makes a line that cannot be a marker, meta line, fence, delimiter or blank line."""
    return "x " + line if line.startswith(UNSAFE_STARTS) or not line.strip() else line


@st.composite
def text_lines(draw: st.DrawFn, *, notes: bool) -> list[str]:
    out: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        part = draw(st.sampled_from(["line", "para", "fence", "comment", "block", "rule"]))
        if part == "line":
            out.append(safe(draw(LINE)))
        elif part == "rule":  # a heading's underline, not a conflict
            out.append("=======")
        elif part == "block" and notes:
            opener = draw(st.sampled_from(["<!--", "<!-- draft", "   <!--"]))
            body = draw(st.lists(LINE.filter(lambda x: "-->" not in x) | st.sampled_from(
                INSIDE_COMMENT), max_size=3))  # fmt: skip
            out += [opener, *body, draw(st.sampled_from(COMMENT_ENDS))]
        elif part == "para":
            out += [""] * draw(st.integers(1, 2)) + [(safe if notes else indent)(draw(LINE))]
        elif part == "comment" and notes:
            out.append("<!-- a comment -->")
        elif part == "fence":
            fence = draw(st.sampled_from(["```", "~~~", "````"]))
            body = draw(st.lists(LINE.map(safe) | st.sampled_from(INSIDE_FENCE), max_size=3))
            out += [fence + draw(st.sampled_from(["", "python"])), *body, fence]
    return out


def indent(line: str) -> str:
    return "  " + safe(line)


def no_fence(line: str) -> str:
    return "x " + line if line.lstrip(" ").startswith(("```", "~~~")) else line


@st.composite
def card_texts(draw: st.DrawFn) -> str:
    first = draw(LINE.map(no_fence) | st.sampled_from(["", " lead", "```", "~~~ x"]))
    rest = draw(text_lines(notes=False))
    if first.startswith(("```", "~~~")):
        rest = ["Q: inside a fence", "", first[:3], *rest]
    return "\n".join([first, *rest])


@st.composite
def cards(draw: st.DrawFn) -> DeckCard:
    kind = draw(st.sampled_from(["basic", "cloze"]))
    question = draw(card_texts())
    if kind == "cloze":
        number = draw(st.integers(1, 3))
        hint = draw(st.sampled_from(["", "::hint", "::a b"]))
        deletion = f"{{{{c{number}::{draw(WORD)}{hint}}}}}"
        head, _, tail = question.partition("\n")
        if head.startswith(("```", "~~~")):
            question += "\n" + deletion
        else:
            question = head + " " + deletion + ("\n" + tail if tail else "")
    elif not question.strip():
        question = "why?"
    answer = draw(card_texts()) if kind == "basic" or draw(st.booleans()) else ""
    fields = {
        "id": draw(
            st.none() | st.text("0123456789abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=12)
        ),
        "by": draw(st.none() | st.sampled_from(["alice", "bob", "Anna Maria", "x-y.z"])),
        "tags": draw(st.lists(st.sampled_from(["git", "lang::es", "a-b", "日本", "x_1"]))),
        "reverse": kind == "basic" and draw(st.booleans()),
        "guid": draw(st.none() | st.sampled_from(["abc", "a{b}c!#", "f0o/+=", ">x<", "a b"])),
    }
    return DeckCard.model_validate({"kind": kind, "question": question, "answer": answer} | fields)


@st.composite
def notes_blocks(draw: st.DrawFn) -> NotesBlock:
    lines = [safe(draw(LINE)), *draw(text_lines(notes=True))]
    if lines[-1] == "<!-- a comment -->" or not lines[-1].strip():
        lines.append("end")
    return NotesBlock(text="\n".join(lines))


FRONTS = st.none() | st.builds(
    FrontMatter,
    title=st.none() | st.text(alphabet=SAFE, max_size=20).filter(lambda t: "\n" not in t),
    date=st.none() | st.dates(min_value=dt.date(1000, 1, 1)),
    partners=st.lists(st.sampled_from(["alice", "bob", "Anna Maria", 'q"uote\\'])),
    tags=st.lists(st.sampled_from(["git", "lang::es", "x"])),
)


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    blocks: list[NotesBlock | DeckCard] = []
    ids: set[str] = set()
    for block in draw(st.lists(cards() | notes_blocks(), max_size=5)):
        if isinstance(block, NotesBlock) and blocks and isinstance(blocks[-1], NotesBlock):
            continue
        if isinstance(block, DeckCard) and block.id is not None:
            if block.id in ids:
                block = block.model_copy(update={"id": None})
            ids.add(block.id or "")
        blocks.append(block)
    try:
        return Deck(front=draw(FRONTS), blocks=blocks)
    except ValidationError:
        assume(False)
        raise


@st.composite
def messy_texts(draw: st.DrawFn, deck: Deck) -> str:
    """Renders ``deck`` non-canonically: extra blank lines, "Q:x", CRLF, a BOM."""
    out = write_deck(Deck(front=deck.front)).rstrip("\n") if deck.front else ""
    previous: NotesBlock | DeckCard | None = None
    for block in deck.blocks:
        text = write_deck(Deck(blocks=[block])).rstrip("\n")
        if isinstance(block, DeckCard) and block.question[:1] not in ("", " ", "\n"):
            text = text[:2] + text[3:] if draw(st.booleans()) else text
        gap = draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\n\t\n\n"]))
        if isinstance(previous, DeckCard) and previous.has_meta and isinstance(block, NotesBlock):
            gap = draw(st.sampled_from([gap, "\n"]))
        out += (gap if out else "") + text
        previous = block
    out += draw(st.sampled_from(["", "\n", "\n\n\n"])) if out else ""
    if draw(st.booleans()):
        out = out.replace("\n", "\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + out


@settings(max_examples=examples(200), deadline=None)
@given(decks())
def test_write_then_parse_gives_the_deck_back_in_canonical_text(deck: Deck) -> None:
    text = write_deck(deck)
    parsed = parse_deck(text)
    assert parsed == deck
    lines = text.split("\n")
    markers = ["Q:" if card.kind == "basic" else "C:" for card in deck.cards]
    assert [lines[card.line - 1][:2] for card in parsed.cards] == markers
    assert format_text(text) == text
    assert text == "" or (text.endswith("\n") and not text.endswith("\n\n"))
    assert "\r" not in text
    assert not text.startswith("\ufeff")


@settings(max_examples=examples(200), deadline=None)
@given(st.data(), decks())
def test_format_is_idempotent_on_messy_text(data: st.DataObject, deck: Deck) -> None:
    messy = data.draw(messy_texts(deck))
    formatted = format_text(messy)
    assert formatted == write_deck(deck)
    assert format_text(formatted) == formatted


def test_a_card_whose_empty_answer_would_read_on_into_notes_is_refused() -> None:
    card = DeckCard(kind="basic", question="Q:", answer="")
    with pytest.raises(ValidationError, match="empty answer and no meta line"):
        Deck(blocks=[card, NotesBlock(text="x Q:")])
    tagged = card.model_copy(update={"tags": ["t"]})  # a meta line ends the card
    deck = Deck(blocks=[tagged, NotesBlock(text="x Q:")])
    assert parse_deck(write_deck(deck)) == deck
