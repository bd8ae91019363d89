"""Ingest, tables: JSON Lines (one object a line) and CSV with a header row.

Both carry the usual bibliographic fields (id, title, authors, year, venue,
url, abstract); unknown fields are ignored and missing ones allowed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from kg.errors import IngestError
from kg.ingest.records import Record, record_from_fields
from kg.ingest.seeds import MAX_LINE_BYTES, sniff
from kg.model import SourceLine

__all__ = ["read_csv_file", "read_jsonl_file"]

csv.field_size_limit(MAX_LINE_BYTES)


def read_jsonl_file(path: Path, label: str) -> Iterator[Record | IngestError]:
    """Read a JSON Lines file: each non-blank line one JSON object."""
    with path.open("rb") as handle:
        if (problem := sniff(handle, label)) is not None:
            yield problem
            return
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield _json_record(raw, SourceLine(label, number))


def _json_record(raw: bytes, source: SourceLine) -> Record | IngestError:
    if len(raw) > MAX_LINE_BYTES:
        return IngestError(source.path, source.line, f"the line is over {MAX_LINE_BYTES:,} bytes")
    try:
        fields = json.loads(raw)
    except UnicodeDecodeError as err:
        return IngestError(source.path, source.line, f"not valid UTF-8 (byte {err.start + 1} of the line)")
    except json.JSONDecodeError as err:
        return IngestError(source.path, source.line, f"not valid JSON at column {err.colno}: {err.msg}")
    if not isinstance(fields, dict):
        return IngestError(source.path, source.line, f"a JSON object was expected, not {type(fields).__name__}")
    return record_from_fields(source, fields)


def read_csv_file(path: Path, label: str) -> Iterator[Record | IngestError]:
    """Read a CSV file whose first row names the columns; one of them must be ``abstract``."""
    with path.open("rb") as binary:
        if (problem := sniff(binary, label)) is not None:
            yield problem
            return
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        try:
            yield from _csv_records(csv.DictReader(text, strict=True), label)
        except UnicodeDecodeError as err:
            yield IngestError(
                label, 0, f"not valid UTF-8 (byte {err.start + 1} of a block); the rows after it are lost"
            )


def _csv_records(reader: csv.DictReader[str], label: str) -> Iterator[Record | IngestError]:
    try:
        columns = {name.strip().lower() for name in reader.fieldnames or ()}
    except csv.Error as err:
        yield IngestError(label, 1, f"the header row is not valid CSV: {err}")
        return
    if not columns & {"abstract", "summary"}:
        yield IngestError(label, 1, "the header row has no 'abstract' column")
        return
    while True:
        # A quoted field may span lines (arXiv abstracts keep their line breaks): name the row's first line.
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield IngestError(label, first_line, f"not valid CSV: {err}")
            continue
        fields = {key.strip().lower(): value for key, value in row.items() if isinstance(key, str)}
        yield record_from_fields(SourceLine(label, first_line), fields)
