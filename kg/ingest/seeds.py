"""Ingest, seed files: one abstract a line, each line starting with ``Abstract:``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import IngestError
from kg.ingest.records import MAX_ABSTRACT_CHARS, Record, clean_text
from kg.model import SourceLine

__all__ = ["MAX_LINE_BYTES", "PREFIX", "read_seed_file", "read_whole", "sniff"]

PREFIX = "Abstract:"
MAX_LINE_BYTES = 4 * MAX_ABSTRACT_CHARS
SNIFF_BYTES = 8192


def read_seed_file(path: Path, label: str) -> Iterator[Record | IngestError]:
    """Stream a seed file line by line; no line longer than the limit is ever held whole."""
    with path.open("rb") as handle:
        if (problem := sniff(handle, label)) is not None:
            yield problem
            return
        for number, raw in enumerate(_bounded_lines(handle), start=1):
            if raw is None:
                yield IngestError(label, number, f"the line is over {MAX_LINE_BYTES:,} bytes")
            elif raw.strip():
                yield _parse_line(raw, SourceLine(label, number))


def sniff(handle: BinaryIO, label: str) -> IngestError | None:
    """Refuse an empty or binary file before reading it; leave the handle at its start."""
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    if not head.strip():
        return IngestError(label, 0, "the file is empty")
    if b"\x00" in head:
        return IngestError(label, 0, "the file is binary, not text")
    return None


def read_whole(path: Path, label: str) -> bytes | IngestError:
    """The bytes of a file that must be parsed whole (BibTeX, XML), or why it cannot be."""
    with path.open("rb") as handle:
        problem = sniff(handle, label)
        return problem if problem is not None else handle.read()


def _bounded_lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """Yield each line, or None for a line over ``MAX_LINE_BYTES``, which is skipped in chunks."""
    while line := handle.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(MAX_LINE_BYTES)
        yield None


def _parse_line(raw: bytes, source: SourceLine) -> Record | IngestError:
    def problem(reason: str) -> IngestError:
        return IngestError(source.path, source.line, reason)

    try:
        line = raw.decode("utf-8-sig" if source.line == 1 else "utf-8")
    except UnicodeDecodeError as err:
        return problem(f"not valid UTF-8 (byte {err.start + 1} of the line)")
    line = line.strip()
    if not line.startswith(PREFIX):
        return problem(f"does not start with {PREFIX!r}: {line[:40]!r}")
    abstract = clean_text(line[len(PREFIX) :])
    if not abstract:
        return problem("the abstract is empty")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return problem(f"the abstract is {len(abstract):,} characters, over {MAX_ABSTRACT_CHARS:,}")
    return Record(source, abstract)
