"""Ingest, BibTeX: entries with an ``abstract`` field, read with bibtexparser (LaTeX accents decoded)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from kg.errors import IngestError
from kg.ingest.records import Record, record_from_fields
from kg.ingest.seeds import read_whole
from kg.model import SourceLine

__all__ = ["read_bibtex_file"]


def read_bibtex_file(path: Path, label: str) -> Iterator[Record | IngestError]:
    """Read every entry of a BibTeX file; a broken entry is reported with its line and the rest still read."""
    data = read_whole(path, label)
    if isinstance(data, IngestError):
        yield data
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        yield IngestError(label, line, f"not valid UTF-8 (byte {err.start + 1} of the file)")
        return
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    for block in library.failed_blocks:
        yield IngestError(label, (block.start_line or 0) + 1, f"a broken BibTeX entry: {_reason(block.error)}")
    for entry in library.entries:
        fields: dict[str, object] = {key.lower(): field.value for key, field in entry.fields_dict.items()}
        fields.setdefault("id", entry.key)
        yield record_from_fields(SourceLine(label, (entry.start_line or 0) + 1), fields)


def _reason(error: Exception) -> str:
    """Return why a block failed: bibtexparser keeps it on ``abort_reason``, not in the message."""
    reason = " ".join(str(getattr(error, "abort_reason", "") or error).split())
    return reason or type(error).__name__
