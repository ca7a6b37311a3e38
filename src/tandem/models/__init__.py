"""Provides tandem's domain models, ids, clock and errors (no I/O)."""

from tandem.models.card_key import CardKey, note_id_of
from tandem.models.clock import Clock, FrozenClock, SystemClock
from tandem.models.domain import (
    CardKind,
    CardState,
    FsrsState,
    Queue,
    Rating,
    Review,
    ReviewKind,
    StudyCard,
)
from tandem.models.errors import (
    BadInputError,
    ChangedElsewhereError,
    DatabaseBusyError,
    ExitCode,
    InvalidFieldsError,
    MissingInputError,
    NotFoundError,
    StorageError,
    TandemError,
)
from tandem.models.ids import is_valid_id, new_id, new_review_id
from tandem.models.timefmt import format_rfc3339, format_utc, parse_rfc3339, parse_utc

__all__ = [
    "CardKey",
    "BadInputError",
    "ChangedElsewhereError",
    "CardKind",
    "CardState",
    "Clock",
    "DatabaseBusyError",
    "ExitCode",
    "FrozenClock",
    "FsrsState",
    "InvalidFieldsError",
    "MissingInputError",
    "NotFoundError",
    "Queue",
    "Rating",
    "Review",
    "ReviewKind",
    "StorageError",
    "StudyCard",
    "SystemClock",
    "TandemError",
    "format_rfc3339",
    "format_utc",
    "is_valid_id",
    "new_id",
    "new_review_id",
    "note_id_of",
    "parse_rfc3339",
    "parse_utc",
]
