"""Provides reading and writing other programs' formats (Anki packages and text exports)."""

from tandem.interop.anki_model import (
    Collection,
    ImportedNote,
    ImportedReview,
    Mapped,
    MediaFile,
)
from tandem.interop.archive import Limits
from tandem.interop.guids import derived_guid, derived_guid_id
from tandem.interop.mapping import map_collection
from tandem.interop.package import read_package

__all__ = [
    "Collection",
    "ImportedNote",
    "ImportedReview",
    "Limits",
    "Mapped",
    "MediaFile",
    "derived_guid",
    "derived_guid_id",
    "map_collection",
    "read_package",
]
