"""Provides the emphasis marks of HTML -> Markdown: written where Markdown reads them.

The builder writes ``OPEN`` or ``CLOSE`` before each mark (``**``, ``*``, ``~~``); these
functions pair them, drop the pairs Markdown would show as text (CommonMark's flanking rules)
and the marks nested in a mark of their own kind, and write the rest.
"""

from __future__ import annotations

import re

BREAK = "\x00"
OPEN, CLOSE = "\ue001", "\ue002"  # before an emphasis mark: which end of it this is
SENTINELS = "\x00\ue000\ue001\ue002"  # characters the builder uses itself, removed from data
_MARK = re.compile(f"([{OPEN}{CLOSE}])(\\*\\*|\\*|~~)")
# Text whose marks are pairs, none inside another or next to another, each opening mark
# after no letter or digit and before one, each closing mark the other way round and not
# before a ``*`` (``_MARK`` would read ``*`` + ``*`` as ``**``); ``[^\W_]`` is what
# ``str.isalnum`` accepts. What ``kept_as_written`` keeps, most often.
_PLAIN_PAIRS = re.compile(
    f"(?:[^{OPEN}{CLOSE}]|(?<![^\\W_]){OPEN}(\\*\\*|\\*|~~)(?=[^\\W_])[^{OPEN}{CLOSE}]*"
    f"(?<=[^\\W_]){CLOSE}\\1(?![^\\W_]|{OPEN}|\\*))*+"
)


def resolve_marks(text: str) -> str:
    """Writes the emphasis marks (``OPEN``/``CLOSE`` + mark) that Markdown will read as such,
    and drops the pairs it would not (a mark that cannot open or close where it stands,
    such as ``**`` between ``)`` and a letter, would otherwise show as text)."""
    if OPEN not in text and CLOSE not in text:
        return text
    kept = kept_as_written(text)
    return kept if kept is not None else resolve_marks_fully(text)


def resolve_marks_fully(text: str) -> str:
    """``resolve_marks`` by CommonMark's rules, mark by mark (the reference its short way,
    ``kept_as_written``, agrees with: the tests check it)."""
    marks = list(_MARK.finditer(text))
    dropped = _nested(marks)
    while True:
        pairs = _pairs(marks, dropped)
        failing = {i for pair in pairs for i in pair if not _flanks(text, marks, i, dropped)}
        unpaired = set(range(len(marks))) - dropped - {i for pair in pairs for i in pair}
        failing = {i for pair in pairs if failing & set(pair) for i in pair} | unpaired
        if not failing:
            break
        dropped |= failing
    out, position = [], 0
    for index, mark in enumerate(marks):
        out.append(text[position : mark.start()])
        out.append("" if index in dropped else mark.group(2))
        position = mark.end()
    out.append(text[position:])
    return "".join(out)


def kept_as_written(text: str) -> str | None:
    """The line with its marks written, when every mark is plainly kept (else ``None``).

    That is a line whose marks pair up in order (nested, never in a mark of their own kind),
    none next to another, each opening mark before a letter or digit and after none, each
    closing mark after one and before none: ``**bold** words``. CommonMark reads each of
    them as emphasis, so ``resolve_marks`` keeps them all, and ``carry_marks`` has nothing to
    carry past the line's end. Most fields' marks are such; the rest take the full path.
    """
    if _PLAIN_PAIRS.fullmatch(text):  # the commonest case in one scan: pairs, none nested
        return text.replace(OPEN, "").replace(CLOSE, "")
    open_kinds: list[str] = []
    end = -1
    for mark in _MARK.finditer(text):
        start, kind = mark.start(), mark.group(2)
        if start == end:
            return None  # a run of marks: flanking looks past its neighbours
        end = mark.end()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if mark.group(1) == OPEN:
            if kind in open_kinds or before.isalnum() or not after.isalnum():
                return None
            open_kinds.append(kind)
        elif not open_kinds or open_kinds.pop() != kind or not before.isalnum() or after.isalnum():
            return None
    if open_kinds:
        return None
    return text.replace(OPEN, "").replace(CLOSE, "")


def carry_marks(lines: list[str]) -> list[str]:
    """Closes the emphasis marks still open at the end of a line and opens them again on the
    next line (so that each line's marks pair up within it)."""
    if not any(OPEN in line for line in lines):
        return lines
    out = []
    carried: list[str] = []
    for line in lines:
        open_marks = list(carried)
        for mark in _MARK.finditer(line):
            if mark.group(1) == OPEN:
                open_marks.append(mark.group(2))
            elif mark.group(2) in open_marks:
                del open_marks[len(open_marks) - 1 - open_marks[::-1].index(mark.group(2))]
        reopened = "".join(OPEN + mark for mark in carried)
        closed = "".join(CLOSE + mark for mark in reversed(open_marks))
        out.append(reopened + line + closed)
        carried = open_marks
    return out


def _nested(marks: list[re.Match[str]]) -> set[int]:
    """The marks inside a mark of their own kind (``<i>a<i>b</i></i>``): they change nothing."""
    depth: dict[str, int] = {}
    nested = set()
    for index, mark in enumerate(marks):
        kind = mark.group(2)
        if mark.group(1) == CLOSE:
            depth[kind] = depth.get(kind, 0) - 1
        if depth.get(kind, 0) > 0:
            nested.add(index)
        if mark.group(1) == OPEN:
            depth[kind] = depth.get(kind, 0) + 1
    return nested


def _pairs(marks: list[re.Match[str]], dropped: set[int]) -> list[tuple[int, int]]:
    open_marks: dict[str, list[int]] = {}
    pairs = []
    for index, mark in enumerate(marks):
        if index in dropped:
            continue
        stack = open_marks.setdefault(mark.group(2), [])
        if mark.group(1) == OPEN:
            stack.append(index)
        elif stack:
            pairs.append((stack.pop(), index))
    return pairs


def _flanks(text: str, marks: list[re.Match[str]], index: int, dropped: set[int]) -> bool:
    """Whether the mark can open (or close) where it stands and nothing else: CommonMark's
    flanking rules, looking past the marks next to it (they make one run with it)."""
    first = last = index
    while first > 0 and marks[first - 1].end() == marks[first].start():
        first -= 1
    while last + 1 < len(marks) and marks[last + 1].start() == marks[last].end():
        last += 1
    before = text[marks[first].start() - 1] if marks[first].start() else " "
    after = text[marks[last].end()] if marks[last].end() < len(text) else " "
    left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
    right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
    if left and right:  # it could open and close: only inside a word is that unambiguous
        return before.isalnum() and after.isalnum() and marks[index].group(2) != "~~"
    return left if marks[index].group(1) == OPEN else right


def _punct(char: str) -> bool:
    return char in SENTINELS or (not char.isalnum() and not char.isspace())
