"""Provides Anki's "Notes in Plain Text" format: reading it with its ``#`` headers, writing it.

Headers honoured: ``#separator:`` (tab, comma, semicolon, pipe, space, colon or one
character), ``#html:``, ``#guid column:``, ``#notetype column:``, ``#deck column:``,
``#tags column:`` (1-based), the defaults ``#notetype:``, ``#deck:``, ``#tags:``, and
``#columns:`` (the columns' names). Field columns past the answer are extra fields, named
by ``#columns:`` or ``Field N``. Writing carries question and answer only.

A plain CSV or TSV without those headers (a spreadsheet's, Quizlet's ``term<TAB>definition``)
works too: the separator is sniffed from the first lines (tab, comma, semicolon or pipe), and
a first row of column names (``front,back``, ``term;definition``…) is left out. A row of one
column that is not a cloze is refused with its line: it would make a card with no answer.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tandem.interop.anki_model import ImportedNote, Mapped
from tandem.interop.html_md import html_to_markdown, plain_to_markdown
from tandem.interop.mapping import CLOZE, clean_tags, extra_fields
from tandem.interop.sanitize import Cleaner
from tandem.models import BadInputError

MAX_TEXT_BYTES = 200 << 20
SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
_COLUMNS = {
    "guid column": "guid",
    "notetype column": "notetype",
    "deck column": "deck",
    "tags column": "tags",
}


SNIFFED = "\t,;|"
"""Separators a file without a ``#separator:`` header may use."""
SNIFF_LINES = 50
COLUMN_NAMES = frozenset({
    "front", "back", "question", "answer", "term", "definition", "word", "meaning",
    "translation", "text", "extra", "notes", "tags", "deck", "example", "prompt", "response",
    "side 1", "side 2",
})  # fmt: skip
"""Cells of a first row that name columns rather than hold a card."""


@dataclass
class Header:
    """The ``#key:value`` lines at the top of a text export."""

    separator: str = ""  # "": not given, sniffed from the rows
    html: bool = False
    columns: dict[str, int] = field(default_factory=dict)  # role -> 0-based column
    notetype: str = ""
    deck: str = ""
    tags: str = ""
    names: list[str] = field(default_factory=list)  # ``#columns:``, every column in order


def read_text_notes(path: Path) -> Mapped:
    """Reads an Anki text export into notes (no reviews: the format has none).

    Raises:
        BadInputError: if the file is too large, not UTF-8, or a header is invalid.
    """
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise BadInputError(f"{path}: larger than {MAX_TEXT_BYTES} bytes; refused")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInputError(f"{path}: not UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise BadInputError(f"{path}: cannot read: {error.strerror}") from None
    lines = text.splitlines(keepends=True)
    header, start = _header(lines, str(path))
    headed = start > 0
    header.separator = header.separator or _sniff(lines[start:])
    mapped, cleaner = Mapped(), Cleaner()
    for line, row in _rows(lines[start:], header.separator, str(path), start):
        if not headed and not mapped.notes and _names_columns(row):
            continue
        if any(cell.strip() for cell in row):
            _require_two_columns(row, header, f"{path}:{line}")
            note = _note(row, header, cleaner, path.stem, mapped)
            if note is not None:
                mapped.notes.append(note)
    mapped.warnings += cleaner.warnings()
    return mapped


def _rows(lines: list[str], separator: str, name: str, skipped: int) -> list[tuple[int, list[str]]]:
    """Each row with the (1-based) line of the file it starts on."""
    reader = csv.reader(lines, delimiter=separator, quotechar='"')
    rows, line = [], skipped + 1
    try:
        for row in reader:
            rows.append((line, row))
            line = skipped + reader.line_num + 1
    except csv.Error as error:
        raise BadInputError(f"{name}:{line}: malformed line ({error})") from None
    return rows


def _sniff(lines: list[str]) -> str:
    """The separator of rows without a header saying it: the one that splits the most of
    the first lines into the same number (two or more) of cells; tab when none does.

    (``csv.Sniffer`` takes the commas of ``term<TAB>a, b and c`` for the separator.)
    """
    sample = [line for line in lines[:SNIFF_LINES] if line.strip()]

    def score(separator: str) -> tuple[int, int]:
        try:
            widths = Counter(len(row) for row in csv.reader(sample, delimiter=separator))
        except csv.Error:
            return 0, 0
        width, rows = max(widths.items(), key=lambda item: (item[1], item[0]), default=(1, 0))
        return (rows if width >= 2 else 0), -SNIFFED.index(separator)

    best = max(SNIFFED, key=score)
    return best if score(best)[0] else "\t"


def _names_columns(row: list[str]) -> bool:
    """A first row such as ``front,back`` or ``Term;Definition``."""
    cells = [cell.strip().lower() for cell in row if cell.strip()]
    return len(cells) >= 2 and all(cell in COLUMN_NAMES for cell in cells)


def _require_two_columns(row: list[str], header: Header, where: str) -> None:
    """Refuses a card row of one column (question, no answer), unless it is a cloze."""
    fields = [cell for i, cell in enumerate(row) if i not in header.columns.values()]
    if len(fields) >= 2 or CLOZE.search(fields[0] if fields else "") is not None:
        return
    shown = {"\t": "tab"}.get(header.separator, header.separator)
    raise BadInputError(
        f"{where}: one column only (separator {shown!r}); a card needs a question and an "
        "answer. Give the separator in a first line such as '#separator:comma'."
    )


def _header(lines: list[str], name: str) -> tuple[Header, int]:
    header = Header()
    index = 0
    while index < len(lines) and lines[index].startswith("#"):
        key, sep, value = lines[index][1:].rstrip("\r\n").partition(":")
        key, value = key.strip().lower(), value.strip()
        index += 1
        if not sep:
            continue
        if key == "separator":
            header.separator = SEPARATORS.get(value.lower(), value)
            if len(header.separator) != 1 or header.separator in '"\r\n':
                raise BadInputError(f"{name}:{index}: unknown separator {value!r}")
        elif key == "html":
            header.html = value.lower() == "true"
        elif key in _COLUMNS:
            if not value.isdigit() or int(value) < 1:
                raise BadInputError(f"{name}:{index}: {key} must be a column number")
            header.columns[_COLUMNS[key]] = int(value) - 1
        elif key in ("notetype", "deck", "tags"):
            setattr(header, key, value)
        elif key == "columns":
            header.names = [lines[index - 1][1:].rstrip("\r\n").partition(":")[2]]
    return header, index


def _column_names(header: Header) -> tuple[str, ...]:
    """The names ``#columns:`` gives the field columns (not guid, note type, deck, tags)."""
    if not header.names:
        return ()
    separator = header.separator or "\t"
    names = next(csv.reader([header.names[0]], delimiter=separator, quotechar='"'), [])
    special = set(header.columns.values())
    return tuple(name.strip() for i, name in enumerate(names) if i not in special)


def _note(
    row: list[str], header: Header, cleaner: Cleaner, stem: str, mapped: Mapped
) -> ImportedNote | None:
    def cell(role: str, default: str) -> str:
        column = header.columns.get(role)
        return row[column] if column is not None and column < len(row) else default

    special = set(header.columns.values())
    fields = [cleaner.clean(v) for i, v in enumerate(row) if i not in special] + ["", "", ""]
    convert = html_to_markdown if header.html else plain_to_markdown
    (question, media), (answer, more) = convert(fields[0]), convert(fields[1])
    notetype = cell("notetype", header.notetype).lower()
    cloze = "cloze" in notetype or (not notetype and CLOZE.search(question) is not None)
    if cloze and not CLOZE.search(question):
        mapped.skip("cloze notes without a deletion")
        return None
    if not question.strip():
        mapped.skip("notes with an empty front")
        return None
    reverse = not cloze and "revers" in notetype
    optional = reverse and "optional" in notetype
    if optional:
        reverse = bool(fields[2].strip())
    extra, refs = _extra_fields(row, header, cleaner, skip=3 if optional else 2)
    guid = cleaner.clean(cell("guid", "")).strip() or _content_guid(fields[0])
    tags = clean_tags(cleaner.clean(f"{header.tags} {cell('tags', '')}"))
    deck = cleaner.clean(cell("deck", header.deck or stem)).strip() or stem
    return ImportedNote(
        guid=guid,
        deck=deck,
        kind="cloze" if cloze else "basic",
        question=question,
        answer=answer,
        reverse=reverse,
        tags=tags,
        media=media + more + refs,
        fields=extra,
        keeps_fields=sum(i not in special for i in range(len(row))) <= (3 if optional else 2),
    )


def _extra_fields(
    row: list[str], header: Header, cleaner: Cleaner, *, skip: int
) -> tuple[list[tuple[str, str]], list[str]]:
    """The field columns past the first ``skip`` that hold text, as (name, Markdown) ``F:``
    fields: named by ``#columns:``, else ``Field N`` (as a package's unnamed fields are)."""
    special = set(header.columns.values())
    fields = tuple(v for i, v in enumerate(row) if i not in special)
    if len(fields) <= skip:
        return [], []
    if not header.html:  # plain text: as HTML that reads as the same text
        fields = tuple(_as_html(text) for text in fields)
    kept = fields[:2] + ("",) * (skip - 2) + fields[skip:]  # an empty field is left out
    return extra_fields(kept, _column_names(header), cleaner)


def _as_html(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\n", "<br>")


def _content_guid(first_field: str) -> str:
    """A stable GUID for a row without one: re-importing the same first field matches it."""
    return "txt-" + hashlib.sha256(first_field.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class TextNote:
    """One line of a text export: GUID, note type name, deck, fields (HTML), tags."""

    guid: str
    notetype: str
    deck: str
    fields: tuple[str, str]
    tags: tuple[str, ...]


def write_text_notes(notes: list[TextNote]) -> str:
    """Anki's "Notes in Plain Text" with headers, tab-separated, fields as HTML."""
    head = [
        "#separator:tab",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
        "#tags column:6",
    ]
    rows = [_row([n.guid, n.notetype, n.deck, *n.fields, " ".join(n.tags)]) for n in notes]
    return "\n".join(head + rows) + "\n"


def _row(cells: list[str]) -> str:
    quoted = []
    for cell in cells:
        cell = cell.replace("\t", " ").replace("\n", "<br>")
        quoted.append('"' + cell.replace('"', '""') + '"' if '"' in cell else cell)
    return "\t".join(quoted)
